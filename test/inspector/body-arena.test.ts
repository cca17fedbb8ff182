import { describe, expect, it } from 'vitest';
import { createBodyArena } from '../../src/inspector/body-arena.js';

const text = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

describe('createBodyArena', () => {
  it('gives back what was kept, bytes and text alike', () => {
    const arena = createBodyArena(64);
    const bytes = arena.keepBytes(Buffer.from('raw bytes'))!;
    const words = arena.keepText('€ and 日本')!;
    expect([text(arena.view(bytes)), text(arena.view(words))]).toEqual(['raw bytes', '€ and 日本']);
  });

  it('overwrites the oldest bodies once full, and says so rather than showing another body', () => {
    const arena = createBodyArena(16);
    const first = arena.keepText('aaaaaaaa')!;
    const second = arena.keepText('bbbbbbbb')!;
    // Does not fit before the end: written at the start, over the first.
    const third = arena.keepText('cccccc')!;
    expect(arena.view(first)).toBeUndefined();
    expect(text(arena.view(second))).toBe('bbbbbbbb');
    expect(text(arena.view(third))).toBe('cccccc');
    const fourth = arena.keepText('dddddddddd')!;
    expect(arena.view(second)).toBeUndefined();
    expect(text(arena.view(fourth))).toBe('dddddddddd');
  });

  it('refuses a body larger than the whole arena', () => {
    const arena = createBodyArena(8);
    expect(arena.keepText('x'.repeat(9))).toBeUndefined();
    expect(arena.keepBytes(new Uint8Array(9))).toBeUndefined();
  });
});

describe('createBodyArena, growing with what is in use', () => {
  /** An arena of at most 64 bytes starting at 16, told what is in use by the test. */
  function growing() {
    const inUse = { from: Number.POSITIVE_INFINITY };
    const arena = createBodyArena(64, { initialBytes: 16, oldestInUse: () => inUse.from });
    return { arena, inUse };
  }

  it('allocates nothing until the first body, then its first block', () => {
    const { arena } = growing();
    expect(arena.allocated).toBe(0);
    arena.keepText('a');
    expect(arena.allocated).toBe(16);
  });

  it('doubles rather than overwrite bodies in use, carrying them over, up to its capacity', () => {
    const { arena, inUse } = growing();
    inUse.from = 0;
    const kept = ['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd', 'eeeeeeee'].map(
      (body) => arena.keepText(body)!,
    );
    expect(arena.allocated).toBe(64);
    expect(kept.map((slice) => text(arena.view(slice)))).toEqual([
      'aaaaaaaa',
      'bbbbbbbb',
      'cccccccc',
      'dddddddd',
      'eeeeeeee',
    ]);
    // At its capacity it writes round, over what is in use, as an arena that does not grow.
    for (let index = 0; index < 4; index++) arena.keepText('ffffffff');
    expect(arena.allocated).toBe(64);
    expect(arena.view(kept[0]!)).toBeUndefined();
  });

  it('writes over bodies no longer in use instead of growing', () => {
    const { arena, inUse } = growing();
    const first = arena.keepText('aaaaaaaa')!;
    for (let index = 0; index < 10; index++) {
      inUse.from = arena.position;
      arena.keepText('bbbbbbbb');
    }
    expect(arena.allocated).toBe(16);
    expect(arena.view(first)).toBeUndefined();
  });

  it('reads a body not carried into a grown block as overwritten, never as the bytes now there', () => {
    const { arena, inUse } = growing();
    const gone = arena.keepText('aaaaaaaa')!;
    inUse.from = arena.position;
    const kept = arena.keepText('bbbbbbbb')!;
    // In use from `kept` on, and the next body would reach over it: the block doubles, `gone` stays behind.
    const next = arena.keepText('cccccccc')!;
    expect(arena.allocated).toBe(32);
    expect(arena.view(gone)).toBeUndefined();
    expect([text(arena.view(kept)), text(arena.view(next))]).toEqual(['bbbbbbbb', 'cccccccc']);
  });

  it('grows at once for a body larger than its block', () => {
    const { arena } = growing();
    const large = arena.keepText('x'.repeat(40))!;
    expect(arena.allocated).toBe(64);
    expect(text(arena.view(large))).toBe('x'.repeat(40));
  });
});
