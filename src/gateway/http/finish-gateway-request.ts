import type { FastifyRequest } from 'fastify';
import type { ModelPrice } from '../../config/config.js';
import type { TeamGateway } from '../create-team-gateway.js';
import { admissionOf } from './admit-virtual-key.js';

/** Only Messages requests are ledger rows; count_tokens and model lists cost nothing. */
const LEDGER_ROUTES = new Set(['/v1/messages']);

/** Called once per request, where the request observer reports it: the ledger row and the settlement. */
export function finishGatewayRequest(
  team: TeamGateway,
  request: FastifyRequest,
  status: number,
  latencyMs: number,
  pricing: Readonly<Record<string, ModelPrice>>,
): void {
  if (!LEDGER_ROUTES.has(request.routeOptions.url ?? '')) return;
  team.finish({
    id: request.id,
    facts: request.facts,
    status,
    latencyMs,
    errorType: request.facts.errorType,
    pricing,
    admission: admissionOf(request),
  });
}
