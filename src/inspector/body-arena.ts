/** Where a body was put in the arena: `start` counts every byte ever reserved, so it also tells whether the body was overwritten since. */
export interface ArenaSlice {
  start: number;
  length: number;
}

/**
 * One fixed block of memory the ring's bodies are copied into, written round and round: the
 * newest bodies overwrite the oldest. Streams' pieces go in as they arrive, so 1,000 running
 * streams hold no buffer each, only the arena's pages. Kept as their own strings or Buffers, the bodies of
 * the last exchanges (~160 KB each for an 80 KB Claude Code turn) would be memory allocated
 * per request and freed only by full collections of the JS heap, which then ran every few
 * hundred requests and cost more than the copying does; the arena allocates once.
 */
export interface BodyArena {
  readonly capacity: number;
  /** Copies bytes in; undefined when they are larger than the whole arena. */
  keepBytes(bytes: Uint8Array): ArenaSlice | undefined;
  /** Copies a text in as UTF-8; undefined when it is larger than the whole arena. */
  keepText(text: string): ArenaSlice | undefined;
  /** The bytes of a slice, a view valid until the next write; undefined once overwritten. */
  view(slice: ArenaSlice): Uint8Array | undefined;
}

export function createBodyArena(capacity: number): BodyArena {
  // Allocated on first use and never in Node's shared pool: memory is committed by the
  // system only as the arena is written.
  let memory: Buffer | undefined;
  let reserved = 0;

  /** Where `length` bytes go: the next free place, or the start when they do not fit before the end. */
  function reserve(length: number): { slice: ArenaSlice; at: number; memory: Buffer } | undefined {
    if (length > capacity) return undefined;
    let at = reserved % capacity;
    if (at + length > capacity) {
      reserved += capacity - at;
      at = 0;
    }
    const slice = { start: reserved, length };
    reserved += length;
    memory ??= Buffer.allocUnsafeSlow(capacity);
    return { slice, at, memory };
  }

  return {
    capacity,
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
      // Bytes reserved since the slice's start reach back over it once they exceed the capacity.
      if (!memory || reserved - slice.start > capacity) return undefined;
      const at = slice.start % capacity;
      return memory.subarray(at, at + slice.length);
    },
  };
}
