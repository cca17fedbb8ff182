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
