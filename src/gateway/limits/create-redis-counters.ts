import type { Redis } from 'ioredis';
import type { LimitCounters } from './limit-counters.js';

/** Redis's own clock, so instances with skewed clocks still agree on where a window starts. */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Returns -1 when the request is counted, else milliseconds until the window resets. */
const TAKE_REQUEST = `${NOW}
local window = tonumber(ARGV[2])
local start = now - (now % window)
local key = KEYS[1] .. ':' .. start
local used = tonumber(redis.call('GET', key) or '0')
if used >= tonumber(ARGV[1]) then return start + window - now end
redis.call('INCR', key)
redis.call('PEXPIRE', key, window)
return -1`;

const READ_WINDOW = `${NOW}
local window = tonumber(ARGV[1])
local start = now - (now % window)
return { tonumber(redis.call('GET', KEYS[1] .. ':' .. start) or '0'), start + window - now }`;

const ADD_TO_WINDOW = `${NOW}
local window = tonumber(ARGV[2])
local key = KEYS[1] .. ':' .. (now - (now % window))
redis.call('INCRBY', key, ARGV[1])
redis.call('PEXPIRE', key, window)
return 1`;

const ACQUIRE_SLOT = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** -1: the period has no spend yet (seed it); 0: over budget; 2: the rest is reserved; 1: admitted. */
const ADMIT_SPEND = `local spent = redis.call('GET', KEYS[1])
if not spent then return -1 end
spent = tonumber(spent)
local budget = tonumber(ARGV[1])
if spent >= budget then return 0 end
local reserved = tonumber(redis.call('GET', KEYS[2]) or '0')
if reserved > 0 and spent + reserved + tonumber(ARGV[2]) > budget then return 2 end
redis.call('INCRBY', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1`;

const SETTLE_SPEND = `local left = redis.call('DECRBY', KEYS[2], ARGV[1])
if left < 0 then redis.call('SET', KEYS[2], 0) end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('INCRBY', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/**
 * The limit counters in Redis, each check-and-count one Lua script so it is atomic across
 * every instance: no two instances can both take the last request of a minute.
 */
export function createRedisCounters(redis: Redis, prefix: string): LimitCounters {
  const k = (key: string) => `${prefix}${key}`;
  const run = (script: string, keys: string[], args: (string | number)[]) =>
    redis.eval(script, keys.length, ...keys, ...args.map(String));

  return {
    async takeRequest(key, limit, windowMs) {
      const result = Number(await run(TAKE_REQUEST, [k(key)], [limit, windowMs]));
      return result < 0 ? { ok: true } : { ok: false, resetMs: result };
    },
    async readWindow(key, windowMs) {
      const [used, resetMs] = (await run(READ_WINDOW, [k(key)], [windowMs])) as [number, number];
      return { used: Number(used), resetMs: Number(resetMs) };
    },
    async addToWindow(key, amount, windowMs) {
      if (amount <= 0) return;
      await run(ADD_TO_WINDOW, [k(key)], [Math.round(amount), windowMs]);
    },
    async acquireSlot(key, member, max, staleMs) {
      return Number(await run(ACQUIRE_SLOT, [k(key)], [member, max, staleMs])) === 1;
    },
    async releaseSlot(key, member) {
      await redis.zrem(k(key), member);
    },
    async admitSpend({ key, budgetNano, reserveNano, ttlMs, seed }) {
      const keys = [k(`spent:${key}`), k(`reserved:${key}`)];
      const args = [Math.round(budgetNano), Math.round(reserveNano), Math.max(1, Math.round(ttlMs))];
      let result = Number(await run(ADMIT_SPEND, keys, args));
      if (result === -1) {
        // NX: when two instances seed at once, the first one's figure stands.
        await redis.set(keys[0]!, Math.round(await seed()), 'PX', args[2]!, 'NX');
        result = Number(await run(ADMIT_SPEND, keys, args));
      }
      return result === 1 ? 'admitted' : result === 0 ? 'over_budget' : 'reserved_by_others';
    },
    async settleSpend(key, reserveNano, costNano, ttlMs) {
      await run(
        SETTLE_SPEND,
        [k(`spent:${key}`), k(`reserved:${key}`)],
        [Math.round(reserveNano), Math.round(costNano), Math.max(1, Math.round(ttlMs))],
      );
    },
    async close() {
      // The connection belongs to the gateway, which closes it once every store is done.
    },
  };
}
