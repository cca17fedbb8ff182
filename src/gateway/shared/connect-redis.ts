import { Redis } from 'ioredis';

/**
 * One Redis connection for the shared stores. Commands issued while it reconnects wait in
 * ioredis's queue for a while and then fail; the callers treat a failure as "not shared"
 * rather than crash the request.
 */
export function connectRedis(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
    lazyConnect: false,
  });
  // Without a listener ioredis reports connection errors as unhandled; they show in the failed commands instead.
  redis.on('error', () => undefined);
  return redis;
}

/** redis://user:secret@host:6379/0 → redis://host:6379/0 */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'redis (unparsable URL)';
  }
}
