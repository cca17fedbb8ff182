import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toNineAlphanumericId } from '../../src/translate/map-tool-id.js';

describe('toNineAlphanumericId', () => {
  it("keeps Mistral's own ids", () => {
    expect(toNineAlphanumericId('D681PevKs')).toBe('D681PevKs');
  });

  it('maps any other id to nine letters and digits, the same on every turn', () => {
    const id = toNineAlphanumericId('toolu_01A09q90qw90lq917835lq9');
    expect(id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(toNineAlphanumericId('toolu_01A09q90qw90lq917835lq9')).toBe(id);
  });

  it('maps different ids to different ids', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 10, maxLength: 40 }), { minLength: 2, maxLength: 20 }),
        (ids) => {
          const mapped = ids.map(toNineAlphanumericId);
          for (const id of mapped) expect(id).toMatch(/^[a-zA-Z0-9]{9}$/);
          expect(new Set(mapped).size).toBe(ids.length);
        },
      ),
    );
  });
});
