import type { FastifyRequest } from 'fastify';
import type { ModelPrice } from '../../config/config.js';
import type { TeamGateway } from '../create-team-gateway.js';
import { findPrice } from '../ledger/price-usage.js';
import type { Admission } from '../limits/admit-request.js';
import { virtualKeyOf } from './register-gateway-auth.js';

const admissions = new WeakMap<FastifyRequest, Admission>();

export interface VirtualKeyRequest {
  model: string;
  maxTokens: number;
  /** The route's first target, whose price the budget reservation uses. */
  target: { provider: string; model: string | undefined } | undefined;
  pricing: Readonly<Record<string, ModelPrice>>;
}

/** Checks the limits of the request's virtual key (none for static keys); throws the refusal. */
export async function admitVirtualKey(
  team: TeamGateway,
  request: FastifyRequest,
  input: VirtualKeyRequest,
): Promise<void> {
  const key = virtualKeyOf(request);
  if (!key) return;
  const model = input.target?.model ?? input.model;
  const admission = await team.admit({
    key,
    requestId: request.id,
    clientModel: input.model,
    bodyBytes: Number(request.headers['content-length'] ?? 0) || 0,
    maxTokens: input.maxTokens,
    price: findPrice(input.pricing, input.target?.provider ?? null, model),
  });
  admissions.set(request, admission);
}

/** The admission to settle when the request ends. */
export function admissionOf(request: FastifyRequest): Admission | undefined {
  return admissions.get(request);
}
