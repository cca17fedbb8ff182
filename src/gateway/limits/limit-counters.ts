/**
 * The counters behind per-key limits, shared by every instance when they live in Redis.
 * Each operation is atomic on its own, so two instances admitting the same key at once
 * cannot both take the last request of a window or the last slot.
 */
export interface LimitCounters {
  /** Counts one request in the current fixed window unless `limit` are already counted. */
  takeRequest(key: string, limit: number, windowMs: number): Promise<WindowDecision>;
  /** What the current window holds (tokens this minute), and when it resets. */
  readWindow(key: string, windowMs: number): Promise<{ used: number; resetMs: number }>;
  addToWindow(key: string, amount: number, windowMs: number): Promise<void>;
  /** Takes one of `max` slots for `member`; a slot older than `staleMs` (a crashed instance's) is freed. */
  acquireSlot(key: string, member: string, max: number, staleMs: number): Promise<boolean>;
  releaseSlot(key: string, member: string): Promise<void>;
  /**
   * Admits a request against a budget (amounts in nano-USD): refused when the period's spend
   * has reached the budget, or when requests already in flight have reserved the rest.
   * `seed` gives the spend so far (from the ledger) the first time a period is seen.
   */
  admitSpend(request: SpendRequest): Promise<SpendDecision>;
  /** The request is over: its reservation is released and its real cost added. */
  settleSpend(key: string, reserveNano: number, costNano: number, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

export type WindowDecision = { ok: true } | { ok: false; resetMs: number };

export interface SpendRequest {
  key: string;
  budgetNano: number;
  reserveNano: number;
  /** Until the period ends: the counters expire with it. */
  ttlMs: number;
  seed(): Promise<number>;
}

export type SpendDecision = 'admitted' | 'over_budget' | 'reserved_by_others';

/** Fixed windows aligned on the epoch, so every instance agrees on where a minute starts. */
export function windowStart(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}
