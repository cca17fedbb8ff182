import { ProxyError } from '../errors.js';

/**
 * The refusals a virtual key can meet, each naming the limit and when it lifts. Statuses:
 * 401 authentication_error for a revoked or expired key (it will not work again), 403
 * permission_error for a model the key may not use, 402 billing_error for a spent budget
 * (retry-after: the period's end), and 429 rate_limit_error with retry-after for rpm, tpm,
 * max_streams and a budget that requests in flight have reserved.
 */
export class KeyRefusedError extends ProxyError {
  readonly limit: string;
  constructor(
    limit: 'revoked' | 'expired' | 'model' | 'budget' | 'rpm' | 'tpm' | 'max_streams' | 'budget_in_flight',
    type: 'authentication_error' | 'permission_error' | 'billing_error' | 'rate_limit_error',
    message: string,
    retryAfterMs?: number,
  ) {
    super(`KEY_${limit.toUpperCase()}`, type, message, {
      ...(retryAfterMs === undefined
        ? {}
        : { retryAfter: String(Math.max(1, Math.ceil(retryAfterMs / 1000))) }),
    });
    this.limit = limit;
  }
}
