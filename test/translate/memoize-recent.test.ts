import { describe, expect, it } from 'vitest';
import { memoizeRecent } from '../../src/translate/memoize-recent.js';

function counted(options: { maxEntries: number; maxKeyLength: number }) {
  const computed: string[] = [];
  const memo = memoizeRecent((key) => {
    computed.push(key);
    return key.toUpperCase();
  }, options);
  return { memo, computed };
}

describe('memoizeRecent', () => {
  it('computes a key once while it is kept', () => {
    const { memo, computed } = counted({ maxEntries: 4, maxKeyLength: 10 });
    expect([memo('a'), memo('a'), memo('b'), memo('a')]).toEqual(['A', 'A', 'B', 'A']);
    expect(computed).toEqual(['a', 'b']);
  });

  it('keeps at most maxEntries, starting over once that many are kept', () => {
    const { memo, computed } = counted({ maxEntries: 2, maxKeyLength: 10 });
    memo('a');
    memo('b');
    memo('c');
    memo('c');
    memo('a');
    expect(computed).toEqual(['a', 'b', 'c', 'a']);
  });

  it('computes keys longer than maxKeyLength every time, keeping nothing', () => {
    const { memo, computed } = counted({ maxEntries: 4, maxKeyLength: 3 });
    expect(memo('long')).toBe('LONG');
    expect(memo('long')).toBe('LONG');
    expect(computed).toEqual(['long', 'long']);
  });
});
