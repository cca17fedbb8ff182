/** The first backoff step; each retry doubles it. */
const BASE_BACKOFF_MS = 500;

export type RetryWait = { kind: 'wait'; ms: number } | { kind: 'give-up' };

/**
 * How long to wait before retry number `retry` (1 for the first): the backend's
 * retry-after when it gave one it can keep within `maxWaitMs` (a longer one gives the
 * entry up at once: waiting an hour helps nobody), else exponential backoff with full
 * jitter, so clients that failed together do not come back together.
 */
export function computeRetryWait(
  retry: number,
  retryAfter: string | undefined,
  maxWaitMs: number,
  random: () => number = Math.random,
  now: () => number = Date.now,
): RetryWait {
  const asked = retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, now());
  if (asked !== undefined) return asked > maxWaitMs ? { kind: 'give-up' } : { kind: 'wait', ms: asked };
  const ceiling = Math.min(maxWaitMs, BASE_BACKOFF_MS * 2 ** (retry - 1));
  return { kind: 'wait', ms: Math.round(random() * ceiling) };
}

/** Seconds (fractions allowed) or an HTTP date, in milliseconds from now; undefined when unreadable. */
export function parseRetryAfter(value: string, nowMs: number): number | undefined {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
