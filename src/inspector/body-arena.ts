/** Where a body was put in the arena: `start` counts every byte ever reserved, so it also tells whether the body was overwritten since. */
export interface ArenaSlice {
  start: number;
  length: number;
}

/**
 * One block of memory the ring's bodies are copied into, written round and round: the
 * newest bodies overwrite the oldest. Streams' pieces go in as they arrive, so 1,000 running
 * streams hold no buffer each, only the arena's pages. Kept as their own strings or Buffers, the bodies of
 * the last exchanges (~160 KB each for an 80 KB Claude Code turn) would be memory allocated
 * per request and freed only by full collections of the JS heap, which then ran every few
 * hundred requests and cost more than the copying does; the arena allocates once per size.
 */
export interface BodyArena {
  /** The most the arena ever takes; also the largest body it keeps. */
  readonly capacity: number;
  /** The bytes allocated now: the block grows towards `capacity` only while what it holds is still in use. */
  readonly allocated: number;
  /** Every byte reserved so far: a body kept from now on starts at or after this position. */
  readonly position: number;
  /** Copies bytes in; undefined when they are larger than the whole arena. */
  keepBytes(bytes: Uint8Array): ArenaSlice | undefined;
  /** Copies a text in as UTF-8; undefined when it is larger than the whole arena. */
  keepText(text: string): ArenaSlice | undefined;
  /** The bytes of a slice, a view valid until the next write; undefined once overwritten. */
  view(slice: ArenaSlice): Uint8Array | undefined;
}

export interface BodyArenaOptions {
  /**
   * The oldest position still in use (the `position` when the oldest exchange in the ring
   * began; Infinity when none is). Given, the block starts at `initialBytes` and doubles
   * rather than overwrite what is in use, so the memory follows the bodies the ring holds
   * (a few hundred small exchanges take a few MiB, not the whole capacity); without it the
   * block is the whole capacity and is simply written round.
   */
  oldestInUse?: () => number;
  initialBytes?: number;
}

/** The first block of an arena that grows: enough for a few hundred ordinary exchanges. */
const INITIAL_BYTES = 4 * 1024 * 1024;
/**
 * The block grows once what is in use would take more than this share of it: the headroom
 * keeps the ring from being asked for its oldest exchange on every write near the edge.
 */
const GROW_ABOVE = 0.75;

export function createBodyArena(capacity: number, options: BodyArenaOptions = {}): BodyArena {
  const { oldestInUse } = options;
  // Allocated on first use and never in Node's shared pool: memory is committed by the
  // system only as the block is written.
  let memory: Buffer | undefined;
  let size = oldestInUse ? Math.min(options.initialBytes ?? INITIAL_BYTES, capacity) : capacity;
  let reserved = 0;
  /** Bytes reserved before this were not carried into the current block: gone, whatever their age. */
  let floor = 0;
  /** The ring's oldest position in use when last asked (it only moves forward while exchanges are kept). */
  let oldest = Number.POSITIVE_INFINITY;

  /**
   * Doubles the block, carrying over the bytes from the oldest in use (at most one block's
   * worth). A copy of up to the block's size, paid by the write that needed the room, a few
   * times in a process's life at most: from 4 MiB to 64 MiB is four doublings.
   */
  function grow(): void {
    if (oldestInUse) oldest = oldestInUse();
    const grown = Math.min(size * 2, capacity);
    const from = Math.max(floor, reserved - size, Math.min(oldest, reserved));
    if (memory) {
      const next = Buffer.allocUnsafeSlow(grown);
      // Position p sits at p % size in the old block and at p % grown in the new one.
      for (let position = from; position < reserved; ) {
        const at = position % size;
        const run = Math.min(reserved - position, size - at, grown - (position % grown));
        next.set(memory.subarray(at, at + run), position % grown);
        position += run;
      }
      memory = next;
    }
    floor = from;
    size = grown;
  }

  /** Whether writing up to `end` would overwrite bytes still in use, asking the ring when in doubt. */
  function wouldOverwriteInUse(end: number): boolean {
    if (!oldestInUse || size === capacity) return false;
    const reach = end - size * GROW_ABOVE;
    if (oldest !== Number.POSITIVE_INFINITY && reach <= oldest) return false;
    oldest = oldestInUse();
    return reach > oldest;
  }

  /** Where `length` bytes go: the next free place, or the start when they do not fit before the end. */
  function reserve(length: number): { slice: ArenaSlice; at: number; memory: Buffer } | undefined {
    if (length > capacity) return undefined;
    while (size < length) grow();
    for (;;) {
      let start = reserved;
      let at = start % size;
      if (at + length > size) {
        start += size - at;
        at = 0;
      }
      if (wouldOverwriteInUse(start + length)) {
        grow();
        continue;
      }
      reserved = start + length;
      memory ??= Buffer.allocUnsafeSlow(size);
      return { slice: { start, length }, at, memory };
    }
  }

  return {
    capacity,
    get allocated() {
      return memory ? size : 0;
    },
    get position() {
      return reserved;
    },
    keepBytes(bytes) {
      const place = reserve(bytes.byteLength);
      if (!place) return undefined;
      place.memory.set(bytes, place.at);
      return place.slice;
    },
    keepText(text) {
      const place = reserve(Buffer.byteLength(text, 'utf8'));
      if (!place) return undefined;
      place.memory.write(text, place.at, place.slice.length, 'utf8');
      return place.slice;
    },
    view(slice) {
      // Bytes reserved since the slice's start reach back over it once they exceed the block.
      if (!memory || slice.start < floor || reserved - slice.start > size) return undefined;
      const at = slice.start % size;
      return memory.subarray(at, at + slice.length);
    },
  };
}
