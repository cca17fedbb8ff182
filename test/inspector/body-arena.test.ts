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

  it('tells how many bytes a body shares with a kept one at their starts and ends, and nothing once it is gone', () => {
    const arena = createBodyArena(64, { segmentBytes: 32 });
    const kept = arena.keepText('data: {"text":"one"}\n\n')!;
    const split = 1000;
    const shared = (body: string) => arena.sharedEnds(kept, Buffer.from(body), split);
    expect(shared('data: {"text":"two"}\n\n')).toBe(15 * split + 4);
    expect(shared('data: {"text":"one"}\n\n')).toBe(22 * split);
    // The tail never reaches back into the head: "aa" shares two bytes, counted once.
    expect(arena.sharedEnds(arena.keepText('aaa')!, Buffer.from('aa'), split)).toBe(2 * split);
    expect(shared('event: ping\n\n')).toBe(0 * split + 2);
    // A body across a segment's edge is not compared in place.
    const across = arena.keepText('x'.repeat(12))!;
    expect(arena.sharedEnds(across, Buffer.from('x'.repeat(12)), split)).toBe(0);
    arena.keepText('y'.repeat(40));
    expect(shared('data: {"text":"one"}\n\n')).toBe(0);
  });

  it('keeps a stretch of bytes, short or long, within a segment or across an edge', () => {
    const arena = createBodyArena(256, { segmentBytes: 64 });
    const source = Buffer.from(`<${'0123456789'.repeat(10)}>`);
    const short = arena.keepBytes(source, 1, 11)!;
    const long = arena.keepBytes(source, 1, 101)!;
    const across = arena.keepBytes(source, 50, 80)!;
    expect(across.start % 64).toBeGreaterThan(64 - 30);
    expect([short, long, across].map((slice) => text(arena.view(slice)))).toEqual([
      '0123456789',
      '0123456789'.repeat(10),
      source.subarray(50, 80).toString(),
    ]);
  });

  it('refuses a body larger than the whole arena', () => {
    const arena = createBodyArena(8);
    expect(arena.keepText('x'.repeat(9))).toBeUndefined();
    expect(arena.keepBytes(new Uint8Array(9))).toBeUndefined();
  });
});

describe('createBodyArena, in segments that follow what is in use', () => {
  /** An arena of at most 64 bytes in segments of 16, told what is in use by the test. */
  function following() {
    const inUse = { from: Number.POSITIVE_INFINITY };
    const arena = createBodyArena(64, { segmentBytes: 16, oldestInUse: () => inUse.from });
    return { arena, inUse };
  }

  it('allocates nothing until the first body, then one segment', () => {
    const { arena } = following();
    expect(arena.allocated).toBe(0);
    arena.keepText('a');
    expect(arena.allocated).toBe(16);
  });

  it('adds segments rather than overwrite bodies in use, up to its capacity', () => {
    const { arena, inUse } = following();
    inUse.from = 0;
    const bodies = ['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd', 'eeeeeeee'];
    const kept = bodies.map((body) => arena.keepText(body)!);
    expect(arena.allocated).toBe(48);
    expect(kept.map((slice) => text(arena.view(slice)))).toEqual(bodies);
    // At its capacity it writes over the oldest segment, in use or not.
    for (let index = 0; index < 4; index++) arena.keepText('ffffffff');
    expect(arena.allocated).toBe(64);
    expect(arena.view(kept[0]!)).toBeUndefined();
    expect(arena.view(kept[1]!)).toBeUndefined();
    expect(text(arena.view(kept[2]!))).toBe('cccccccc');
  });

  it('writes over a segment no longer in use instead of adding one', () => {
    const { arena, inUse } = following();
    const first = arena.keepText('aaaaaaaa')!;
    for (let index = 0; index < 10; index++) {
      inUse.from = arena.position;
      arena.keepText('bbbbbbbb');
    }
    expect(arena.allocated).toBe(16);
    expect(arena.view(first)).toBeUndefined();
  });

  it('writes the next bodies into the segments a burst left, allocating none until they are used up', () => {
    const { arena, inUse } = following();
    inUse.from = 0;
    const old = Array.from({ length: 6 }, () => arena.keepText('oooooooo')!);
    expect(arena.allocated).toBe(48);
    inUse.from = arena.position;
    const fresh = Array.from({ length: 6 }, () => arena.keepText('nnnnnnnn')!);
    expect(arena.allocated).toBe(48);
    expect(old.map((slice) => arena.view(slice))).toEqual(old.map(() => undefined));
    expect(fresh.map((slice) => text(arena.view(slice)))).toEqual(fresh.map(() => 'nnnnnnnn'));
  });

  it('gives back a segment not needed while a whole capacity was written', () => {
    const { arena, inUse } = following();
    inUse.from = 0;
    for (let index = 0; index < 6; index++) arena.keepText('oooooooo');
    expect(arena.allocated).toBe(48);
    // From here only the last body is in use: one segment is enough, the other two wait.
    const burstEnd = arena.position;
    while (arena.position < burstEnd + 64) {
      inUse.from = arena.position;
      arena.keepText('nnnnnnnn');
    }
    expect(arena.allocated).toBe(48);
    for (let index = 0; index < 2; index++) {
      inUse.from = arena.position;
      arena.keepText('nnnnnnnn');
    }
    expect(arena.allocated).toBe(16);
  });

  it('keeps a body that spans segments whole, bytes and text alike, a character cut by the edge included', () => {
    const { arena, inUse } = following();
    inUse.from = 0;
    const large = arena.keepText('x'.repeat(40))!;
    const bytes = arena.keepBytes(Buffer.from('012345'))!;
    // Bytes 46 to 57: the first € takes 46–48, across the edge at 48.
    const cut = arena.keepText('€€€€')!;
    expect(arena.allocated).toBe(64);
    expect([text(arena.view(large)), text(arena.view(bytes)), text(arena.view(cut))]).toEqual([
      'x'.repeat(40),
      '012345',
      '€€€€',
    ]);
  });

  it('starts a body at the next segment when it would not fit in the whole arena from where it is', () => {
    const { arena, inUse } = following();
    inUse.from = 0;
    const small = arena.keepText('aaaaaaaa')!;
    const large = arena.keepText('y'.repeat(60))!;
    expect(large.start).toBe(16);
    expect(text(arena.view(large))).toBe('y'.repeat(60));
    expect(arena.view(small)).toBeUndefined();
  });
});

describe('createBodyArena, under a long random run of bodies', () => {
  it("never shows other bytes than a body's own, and keeps every body in use while they fit", () => {
    // A fixed linear congruential sequence: the run is the same every time.
    let state = 12345;
    const next = (below: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % below;
    };
    const capacity = 4096;
    const segment = 256;
    const inUse = { from: 0 };
    const arena = createBodyArena(capacity, { segmentBytes: segment, oldestInUse: () => inUse.from });
    const kept: Array<{ slice: { start: number; length: number }; text: string }> = [];
    for (let step = 0; step < 5000; step++) {
      // Mostly small bodies, some across segments, a few near a quarter of the arena.
      const size = next(10) === 0 ? 300 + next(700) : 1 + next(120);
      const text = String.fromCharCode(97 + (step % 26)).repeat(size);
      const slice = arena.keepText(text)!;
      kept.push({ slice, text });
      // What is in use moves forward now and then, as exchanges leave the ring.
      if (next(4) === 0)
        inUse.from = Math.max(inUse.from, kept[Math.max(0, kept.length - 1 - next(12))]!.slice.start);
      for (const body of kept.slice(-40)) {
        const shown = arena.view(body.slice);
        if (shown !== undefined) expect(Buffer.from(shown).toString()).toBe(body.text);
        // Everything from the oldest in use on is kept as long as it fits in the arena with a segment to spare.
        if (body.slice.start >= inUse.from && arena.position - inUse.from <= capacity - segment)
          expect(shown).toBeDefined();
      }
      expect(arena.allocated).toBeLessThanOrEqual(capacity);
    }
  });
});
