import { describe, expect, it } from 'vitest';
import { createId } from '../../src/server/create-id.js';

describe('createId', () => {
  it('is the prefix and 24 base62 characters, for each prefix in use', () => {
    for (const prefix of ['req_', 'msg_', 'toolu_', '']) {
      const id = createId(prefix);
      expect(id).toMatch(new RegExp(`^${prefix}[0-9A-Za-z]{24}$`));
    }
  });

  it('never repeats, across many refills of its pool of random bytes', () => {
    const ids = new Set<string>();
    for (let count = 0; count < 5_000; count++) ids.add(createId('msg_'));
    expect(ids.size).toBe(5_000);
  });

  it('uses the whole alphabet, each character about as often', () => {
    const counts = new Map<string, number>();
    for (let count = 0; count < 2_000; count++)
      for (const character of createId('').split('')) counts.set(character, (counts.get(character) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 48,000 characters: ~750–940 each (a byte modulo 62 favours the first eight a little); a
    // character missing from its place in the table would show.
    for (const seen of counts.values()) expect(seen).toBeGreaterThan(500);
  });

  it('refuses a prefix longer than the room it has', () => {
    expect(() => createId('x'.repeat(33))).toThrow(RangeError);
    expect(createId('x'.repeat(32))).toHaveLength(56);
  });
});
