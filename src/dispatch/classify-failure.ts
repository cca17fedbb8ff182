import { type ProxyError, UpstreamReportedError, UpstreamStatusError } from '../errors.js';

/**
 * What the dispatcher does after a failed attempt:
 * `retry` the same entry (after a backoff), move to the `next` entry at once, move to the
 * `long_context` route, or `answer` the client with the error.
 */
export type FailureAction = 'retry' | 'next' | 'long_context' | 'answer';

export interface FailureClass {
  action: FailureAction;
  /** Retryable failures count towards the provider's cooldown; the client's own mistakes do not. */
  countsAgainstProvider: boolean;
}

/** Backend statuses worth another try: the backend is busy, rate limited or briefly broken. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 409, 429, 500, 502, 503, 504, 529]);
/** A key the provider refuses, or a model it does not have: no retry helps, but another provider may. */
const NEXT_PROVIDER_STATUSES: ReadonlySet<number> = new Set([401, 403, 404]);

const RETRY: FailureClass = { action: 'retry', countsAgainstProvider: true };
const NEXT: FailureClass = { action: 'next', countsAgainstProvider: false };
const ANSWER: FailureClass = { action: 'answer', countsAgainstProvider: false };

/** Decides from the error's code and data alone, never from its message. */
export function classifyFailure(error: ProxyError): FailureClass {
  switch (error.code) {
    case 'UPSTREAM_UNREACHABLE':
    case 'UPSTREAM_TIMEOUT':
      return RETRY;
    case 'UPSTREAM_STATUS': {
      const status = error instanceof UpstreamStatusError ? error.upstreamStatus : 0;
      if (RETRYABLE_STATUSES.has(status)) return RETRY;
      if (NEXT_PROVIDER_STATUSES.has(status)) return NEXT;
      if (error instanceof UpstreamStatusError && error.contextOverflow) {
        return { action: 'long_context', countsAgainstProvider: false };
      }
      return ANSWER;
    }
    case 'UPSTREAM_REPORTED': {
      const status = error instanceof UpstreamReportedError ? error.reportedStatus : undefined;
      if (status !== undefined) return RETRYABLE_STATUSES.has(status) ? RETRY : ANSWER;
      return error.type === 'overloaded_error' || error.type === 'rate_limit_error' ? RETRY : ANSWER;
    }
    // A backend that answers with something unreadable is broken, not busy: try the next one.
    case 'UPSTREAM_PROTOCOL':
      return { action: 'next', countsAgainstProvider: true };
    case 'PROVIDER_BUSY':
      return NEXT;
    // Known before the backend was asked: a larger window may take it, a retry never will.
    case 'PROMPT_TOO_LONG':
      return { action: 'long_context', countsAgainstProvider: false };
    default:
      return ANSWER;
  }
}
