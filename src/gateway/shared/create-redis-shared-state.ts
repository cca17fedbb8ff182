import type { Redis } from 'ioredis';
import type { SharedReasoningStore } from '../../server/reasoning-memory.js';
import type { TurnReasoning } from '../../translate/collect-turn-reasoning.js';

/** How long shared reasoning is kept: a tool loop's next turn comes within minutes, not hours. */
const REASONING_TTL_MS = 60 * 60_000;
/** Reasoning longer than this is not shared (it stays in the instance's own bounded memory). */
const MAX_SHARED_REASONING_CHARS = 256_000;

/**
 * The reasoning memory in Redis: one key per tool call (the same digest the local memory
 * uses), each expiring after an hour and capped in size, so the total stays bounded by the
 * traffic of that hour.
 */
export function createRedisReasoningStore(redis: Redis, prefix: string): SharedReasoningStore {
  const k = (key: string) => `${prefix}reasoning:${key}`;
  return {
    save(key, turn) {
      const json = JSON.stringify(turn);
      if (json.length > MAX_SHARED_REASONING_CHARS) return;
      void redis.set(k(key), json, 'PX', REASONING_TTL_MS).catch(() => undefined);
    },
    async load(keys) {
      if (keys.length === 0) return [];
      const values = await redis.mget(...keys.map(k));
      return values.map((value) => (value === null ? undefined : (JSON.parse(value) as TurnReasoning)));
    },
  };
}

export interface SharedCooldowns {
  /** This instance started a cooldown: every other instance hears of it. */
  announce(provider: string, ms: number): void;
  /** Cooldowns still running (for a new instance), then each new one as it is announced. */
  follow(onCooldown: (provider: string, ms: number) => void): Promise<void>;
  close(): Promise<void>;
}

/** Cooldowns through Redis pub/sub, plus a key per provider for instances that start later. */
export function createRedisCooldowns(redis: Redis, prefix: string): SharedCooldowns {
  const channel = `${prefix}cooldowns`;
  let subscriber: Redis | undefined;
  return {
    announce(provider, ms) {
      const until = Date.now() + ms;
      void redis
        .multi()
        .set(`${prefix}cooldown:${provider}`, String(until), 'PX', Math.max(1, ms))
        .publish(channel, JSON.stringify({ provider, until }))
        .exec()
        .catch(() => undefined);
    },
    async follow(onCooldown) {
      subscriber = redis.duplicate();
      subscriber.on('error', () => undefined);
      subscriber.on('message', (_channel: string, message: string) => {
        try {
          const { provider, until } = JSON.parse(message) as { provider: string; until: number };
          if (until > Date.now()) onCooldown(provider, until - Date.now());
        } catch {
          // A message this version cannot read is ignored, not fatal.
        }
      });
      await subscriber.subscribe(channel);
    },
    async close() {
      await subscriber?.quit().catch(() => subscriber?.disconnect());
    },
  };
}
