import type { ModelPrice } from '../../config/config.js';
import { ProxyError } from '../../errors.js';
import { KeyRefusedError } from '../gateway-errors.js';
import type { VirtualKey } from '../keys/virtual-key.js';
import { costNano, NANO_USD_PER_USD } from '../ledger/price-usage.js';
import { budgetPeriodBounds } from './budget-period.js';
import type { LimitCounters } from './limit-counters.js';

const MINUTE_MS = 60_000;
/** A slot held longer than this belonged to an instance that died mid-request; it is freed. */
export const STALE_SLOT_MS = 60 * MINUTE_MS;
/** A JSON request body holds roughly one token per four bytes; an estimate that errs high is the safe side. */
const BYTES_PER_TOKEN = 4;

export interface AdmissionInput {
  key: VirtualKey;
  requestId: string;
  clientModel: string;
  /** The body's size, for the input side of the reservation. */
  bodyBytes: number;
  maxTokens: number;
  /** The price of the route's first target, for the reservation; undefined reserves nothing. */
  price: ModelPrice | undefined;
  now: number;
  /** The spend the ledger already holds, for a budget counter seen for the first time. */
  seedSpend(keyId: string, since: number): Promise<number>;
}

/** What a finished request must give back: its slot and its budget reservation. */
export interface Admission {
  key: VirtualKey;
  slot: string | undefined;
  budget: { counter: string; reserveNano: number; ttlMs: number } | undefined;
}

/**
 * Checks every limit of a key, cheapest first, and takes what the request will hold (a
 * stream slot, a budget reservation, one request of the minute). A refusal gives back what
 * was taken, so a refused request costs the key nothing but what it already used.
 */
export async function admitRequest(counters: LimitCounters, input: AdmissionInput): Promise<Admission> {
  const { key } = input;
  if (key.models && !key.models.includes(input.clientModel)) {
    throw new KeyRefusedError(
      'model',
      'permission_error',
      `Key ${key.name} may not use model ${JSON.stringify(input.clientModel)}; it may use ${key.models.join(', ')}`,
    );
  }
  const admission: Admission = { key, slot: undefined, budget: undefined };
  try {
    if (key.tpm !== undefined) {
      const window = await counters.readWindow(`tpm:${key.id}`, MINUTE_MS);
      if (window.used >= key.tpm) {
        throw new KeyRefusedError(
          'tpm',
          'rate_limit_error',
          `Key ${key.name} used its ${key.tpm} tokens per minute (tpm); the window resets in ${seconds(window.resetMs)} s`,
          window.resetMs,
        );
      }
    }
    if (key.maxStreams !== undefined) {
      const slot = input.requestId;
      if (!(await counters.acquireSlot(`slots:${key.id}`, slot, key.maxStreams, STALE_SLOT_MS))) {
        throw new KeyRefusedError(
          'max_streams',
          'rate_limit_error',
          `Key ${key.name} already has ${key.maxStreams} requests in flight (max_streams); retry when one ends`,
          1000,
        );
      }
      admission.slot = slot;
    }
    if (key.budgetUsd !== undefined && key.budgetPeriod !== undefined) {
      admission.budget = await reserveBudget(counters, input, key.budgetUsd, key.budgetPeriod);
    }
    if (key.rpm !== undefined) {
      const decision = await counters.takeRequest(`rpm:${key.id}`, key.rpm, MINUTE_MS);
      if (!decision.ok) {
        throw new KeyRefusedError(
          'rpm',
          'rate_limit_error',
          `Key ${key.name} made its ${key.rpm} requests per minute (rpm); the window resets in ${seconds(decision.resetMs)} s`,
          decision.resetMs,
        );
      }
    }
    return admission;
  } catch (error) {
    await releaseAdmission(counters, admission, 0).catch(() => undefined);
    if (error instanceof ProxyError) throw error;
    throw new ProxyError(
      'LIMITS_UNAVAILABLE',
      'api_error',
      'The proxy could not check this key\u2019s limits; retry shortly',
      {
        status: 503,
        retryAfter: '1',
        cause: error,
      },
    );
  }
}

/** Gives back the slot and the reservation, and charges the request's real cost. */
export async function releaseAdmission(
  counters: LimitCounters,
  admission: Admission,
  costNanoUsd: number,
): Promise<void> {
  const work: Promise<void>[] = [];
  if (admission.slot !== undefined)
    work.push(counters.releaseSlot(`slots:${admission.key.id}`, admission.slot));
  if (admission.budget !== undefined) {
    const { counter, reserveNano, ttlMs } = admission.budget;
    work.push(counters.settleSpend(counter, reserveNano, costNanoUsd, ttlMs));
  }
  await Promise.all(work);
}

async function reserveBudget(
  counters: LimitCounters,
  input: AdmissionInput,
  budgetUsd: number,
  period: NonNullable<VirtualKey['budgetPeriod']>,
): Promise<Admission['budget']> {
  const { key, now } = input;
  const bounds = budgetPeriodBounds(period, input.now);
  const counter = `budget:${key.id}:${bounds.start}`;
  // The counter outlives the period by a day, so a request ending just after midnight still settles.
  const ttlMs = bounds.end - now + 86_400_000;
  const reserveNano = costNano(input.price, {
    inputTokens: Math.ceil(input.bodyBytes / BYTES_PER_TOKEN),
    outputTokens: input.maxTokens,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  });
  const decision = await counters.admitSpend({
    key: counter,
    budgetNano: Math.round(budgetUsd * NANO_USD_PER_USD),
    reserveNano,
    ttlMs,
    seed: () => input.seedSpend(key.id, bounds.start),
  });
  if (decision === 'over_budget') {
    throw new KeyRefusedError(
      'budget',
      'billing_error',
      `Key ${key.name} has spent its budget of $${budgetUsd} for this ${period}; it resets at ${new Date(bounds.end).toISOString()}`,
      bounds.end - now,
    );
  }
  if (decision === 'reserved_by_others') {
    throw new KeyRefusedError(
      'budget_in_flight',
      'rate_limit_error',
      `Key ${key.name}'s requests in flight may use the rest of its $${budgetUsd} ${period} budget; retry when they end`,
      1000,
    );
  }
  return { counter, reserveNano, ttlMs };
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
