import type { StoredExchange } from './exchange.js';

/**
 * Where exchanges are kept. The in-memory ring is the only store today; the interface is
 * what a persistent one (a file, SQLite) would implement to take its place.
 */
export interface ExchangeStore {
  /** Adds a record, or replaces the one with the same id (an exchange is put when it starts and when it ends). */
  put(exchange: StoredExchange): void;
  get(id: string): StoredExchange | undefined;
  /** Every record kept, newest first. */
  list(): StoredExchange[];
  /** Visits every record kept, in no particular order, without making a list. */
  forEach(visit: (exchange: StoredExchange) => void): void;
  readonly size: number;
  /** How many records are kept at most. */
  readonly capacity: number;
}

/**
 * A ring of the last `capacity` exchanges: putting one more forgets the oldest, so memory
 * stays bounded however long the proxy runs. Replacing a record keeps its place.
 */
export function createRingStore(capacity: number): ExchangeStore {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError('capacity must be a positive integer');
  const slots: (StoredExchange | undefined)[] = new Array(capacity);
  const slotById = new Map<string, number>();
  let next = 0;

  return {
    put(exchange) {
      const { id } = exchange;
      const existing = slotById.get(id);
      if (existing !== undefined) {
        slots[existing] = exchange;
        return;
      }
      const evicted = slots[next];
      if (evicted) slotById.delete(evicted.id);
      slots[next] = exchange;
      slotById.set(id, next);
      next = (next + 1) % capacity;
    },
    get(id) {
      const slot = slotById.get(id);
      return slot === undefined ? undefined : slots[slot];
    },
    list() {
      const kept: StoredExchange[] = [];
      for (let offset = 1; offset <= capacity; offset++) {
        const exchange = slots[(next - offset + capacity) % capacity];
        if (exchange) kept.push(exchange);
      }
      return kept;
    },
    forEach(visit) {
      for (const exchange of slots) if (exchange) visit(exchange);
    },
    get size() {
      return slotById.size;
    },
    capacity,
  };
}

/**
 * Where the bodies of the exchanges a store keeps begin in the arena: the oldest position
 * still shown; Infinity when it keeps none. Asked once per arena segment written, over the
 * whole ring (up to INSPECTOR_MAX_EXCHANGES), so it makes no list.
 */
export function oldestArenaPosition(store: ExchangeStore): number {
  let oldest = Number.POSITIVE_INFINITY;
  store.forEach((exchange) => {
    if (exchange.arenaFrom < oldest) oldest = exchange.arenaFrom;
  });
  return oldest;
}
