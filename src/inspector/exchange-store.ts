import type { ExchangeRecord } from './exchange.js';

/**
 * Where exchanges are kept. The in-memory ring is the only store today; the interface is
 * what a persistent one (a file, SQLite) would implement to take its place.
 */
export interface ExchangeStore {
  /** Adds a record, or replaces the one with the same id (an exchange is put when it starts and when it ends). */
  put(record: ExchangeRecord): void;
  get(id: string): ExchangeRecord | undefined;
  /** Every record kept, newest first. */
  list(): ExchangeRecord[];
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
  const slots: (ExchangeRecord | undefined)[] = new Array(capacity);
  const slotById = new Map<string, number>();
  let next = 0;

  return {
    put(record) {
      const existing = slotById.get(record.id);
      if (existing !== undefined) {
        slots[existing] = record;
        return;
      }
      const evicted = slots[next];
      if (evicted) slotById.delete(evicted.id);
      slots[next] = record;
      slotById.set(record.id, next);
      next = (next + 1) % capacity;
    },
    get(id) {
      const slot = slotById.get(id);
      return slot === undefined ? undefined : slots[slot];
    },
    list() {
      const records: ExchangeRecord[] = [];
      for (let offset = 1; offset <= capacity; offset++) {
        const record = slots[(next - offset + capacity) % capacity];
        if (record) records.push(record);
      }
      return records;
    },
    get size() {
      return slotById.size;
    },
    capacity,
  };
}
