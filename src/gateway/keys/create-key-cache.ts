import type { VirtualKey } from './virtual-key.js';

export interface KeyCache {
  /** The key for this secret, from memory when looked up less than `ttlMs` ago, else from the store. */
  lookup(secret: string): Promise<VirtualKey | undefined>;
}

export interface KeyCacheOptions {
  load(secret: string): Promise<VirtualKey | undefined>;
  /** How stale an answer may be: a revocation made on another instance takes effect within it. */
  ttlMs: number;
  /** Entries kept at most, so a flood of made-up keys cannot grow memory without bound. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  key: VirtualKey | undefined;
  loadedAt: number;
  pending: Promise<VirtualKey | undefined> | undefined;
}

/**
 * A short-lived cache in front of the key store. Misses are cached too, so a client retrying
 * a wrong key does not turn every request into a database query. Concurrent lookups of one
 * secret share a single query.
 */
export function createKeyCache(options: KeyCacheOptions): KeyCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();

  return {
    lookup(secret) {
      const entry = entries.get(secret);
      if (entry?.pending) return entry.pending;
      if (entry && now() - entry.loadedAt < options.ttlMs) return Promise.resolve(entry.key);
      const pending = options.load(secret).then(
        (key) => {
          entries.set(secret, { key, loadedAt: now(), pending: undefined });
          return key;
        },
        (error: unknown) => {
          entries.delete(secret);
          throw error;
        },
      );
      if (entries.size >= maxEntries && !entries.has(secret)) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(secret, { key: entry?.key, loadedAt: entry?.loadedAt ?? 0, pending });
      return pending;
    },
  };
}
