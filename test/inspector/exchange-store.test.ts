import { describe, expect, it } from 'vitest';
import type { ExchangeRecord, StoredExchange } from '../../src/inspector/exchange.js';
import { createRingStore, oldestArenaPosition } from '../../src/inspector/exchange-store.js';

function record(id: string, done = true, arenaFrom = 0): StoredExchange {
  const whole: ExchangeRecord = {
    id,
    time: 0,
    done,
    clientModel: 'claude-sonnet-4-5',
    route: 'default',
    provider: 'default',
    backendModel: 'backend-model',
    stream: false,
    status: done ? 200 : null,
    latencyMs: null,
    timeToFirstTokenMs: null,
    inputTokens: null,
    outputTokens: null,
    cachedTokens: null,
    attempts: [],
    error: null,
    key: null,
    costUsd: null,
    clientRequest: null,
    clientHeaders: {},
    attemptDetails: [],
    clientAnswer: null,
    clientFrames: null,
  };
  return { id, summary: whole, arenaFrom, record: () => whole };
}

describe('createRingStore', () => {
  it('lists records newest first', () => {
    const store = createRingStore(5);
    for (const id of ['a', 'b', 'c']) store.put(record(id));
    expect(store.list().map((entry) => entry.summary.id)).toEqual(['c', 'b', 'a']);
    expect(store.size).toBe(3);
    expect(store.capacity).toBe(5);
  });

  it('forgets the oldest record once it holds capacity records', () => {
    const store = createRingStore(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) store.put(record(id));
    expect(store.list().map((entry) => entry.summary.id)).toEqual(['e', 'd', 'c']);
    expect(store.size).toBe(3);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBeUndefined();
    expect(store.get('c')?.summary.id).toBe('c');
  });

  it('visits every record it keeps, and only those, and tells where the oldest begins in the arena', () => {
    const store = createRingStore(3);
    expect(oldestArenaPosition(store)).toBe(Number.POSITIVE_INFINITY);
    // An exchange that began early and ends after newer ones: its position is the oldest.
    for (const [id, from] of [
      ['a', 10],
      ['b', 50],
      ['c', 5],
      ['d', 70],
      ['e', 90],
    ] as const)
      store.put(record(id, true, from));
    const visited: string[] = [];
    store.forEach((entry) => {
      visited.push(entry.summary.id);
    });
    expect(visited.sort()).toEqual(['c', 'd', 'e']);
    expect(oldestArenaPosition(store)).toBe(5);
    store.put(record('f', true, 100));
    expect(oldestArenaPosition(store)).toBe(70);
  });

  it('replaces a record put again under the same id and keeps its place', () => {
    const store = createRingStore(3);
    store.put(record('a', false));
    store.put(record('b'));
    store.put(record('a', true));
    expect(store.list().map((entry) => [entry.summary.id, entry.summary.done])).toEqual([
      ['b', true],
      ['a', true],
    ]);
    expect(store.size).toBe(2);
  });

  it('evicts by arrival, so a record replaced late still goes when its turn comes', () => {
    const store = createRingStore(2);
    store.put(record('a', false));
    store.put(record('b'));
    store.put(record('a'));
    store.put(record('c'));
    expect(store.list().map((entry) => entry.summary.id)).toEqual(['c', 'b']);
  });

  it('holds a single record with capacity 1', () => {
    const store = createRingStore(1);
    store.put(record('a'));
    store.put(record('b'));
    expect(store.list().map((entry) => entry.summary.id)).toEqual(['b']);
  });

  it('rejects a capacity below 1', () => {
    expect(() => createRingStore(0)).toThrow(RangeError);
  });
});
