/** Where a body was put in the arena: `start` counts every byte ever reserved, so it also tells whether the body was overwritten since. */
export interface ArenaSlice {
  start: number;
  length: number;
}

/**
 * The memory the ring's bodies are copied into, written as one endless line of bytes whose
 * oldest stretch is given back or overwritten as newer bodies come: streams' pieces go in as
 * they arrive, so 1,000 running streams hold no buffer each, only the arena's segments. Kept
 * as their own strings or Buffers, the bodies of the last exchanges (~160 KB each for an
 * 80 KB Claude Code turn) would be memory allocated per request and freed only by full
 * collections of the JS heap, which then ran every few hundred requests and cost more than
 * the copying does.
 */
export interface BodyArena {
  /** The most the arena ever takes; also the largest body it keeps. */
  readonly capacity: number;
  /**
   * The size of a segment. Segments begin at multiples of it, and memory is overwritten or
   * given back a whole segment at a time, oldest first.
   */
  readonly segmentBytes: number;
  /** The bytes allocated now: segments are added only while what they hold is still in use. */
  readonly allocated: number;
  /** Every byte reserved so far: a body kept from now on starts at or after this position. */
  readonly position: number;
  /** Copies bytes in (those from `from` to `to`, all by default); undefined when they are larger than the whole arena. */
  keepBytes(bytes: Uint8Array, from?: number, to?: number): ArenaSlice | undefined;
  /** Copies a text in as UTF-8; undefined when it is larger than the whole arena. */
  keepText(text: string): ArenaSlice | undefined;
  /** The bytes of a slice, a view valid until the next write; undefined once overwritten. */
  view(slice: ArenaSlice): Uint8Array | undefined;
  /**
   * How many bytes `bytes` shares with a slice at their starts, and then at their ends,
   * packed as head × split + tail (the tail never reaches into the head); 0 when the slice
   * was overwritten or crosses a segment's edge. Read in place, with nothing allocated.
   */
  sharedEnds(slice: ArenaSlice, bytes: Uint8Array, split: number): number;
}

export interface BodyArenaOptions {
  /**
   * The oldest position still in use (the `position` when the oldest exchange in the ring
   * began; Infinity when none is). Given, the arena writes over segments no longer in use
   * before it adds one, and in time lets go of the ones it no longer needs, so its memory
   * follows the bodies the ring holds (a few hundred small exchanges take a few MiB, not the
   * whole capacity); without it segments are added up to the capacity and then written over
   * oldest first.
   */
  oldestInUse?: () => number;
  /** The size of one segment; by default the capacity's sixteenth, at most 1 MiB. */
  segmentBytes?: number;
}

/**
 * Segments are at most this large: what is in use is rounded up to it, and asking the ring
 * what is in use happens once per segment written.
 */
const MAX_SEGMENT_BYTES = 1024 * 1024;
/** Bytes up to this many are copied into a segment one by one rather than through a view. */
const SMALL_COPY_BYTES = 64;
/** A small arena still has this many segments, so overwriting one drops a sixteenth of the bodies, not all of them. */
const MIN_SEGMENTS = 16;

/**
 * The arena is a line of segments, oldest first: segment i holds positions
 * [base + i × size, base + (i + 1) × size). Segments rather than one block that doubles: a
 * segment is never copied (a block that grows copies what it holds, up to 32 MiB in one
 * write while a thousand streams wait), memory is committed one segment at a time, and
 * segments no longer in use are given back once the traffic that needed them has passed.
 */
export function createBodyArena(capacity: number, options: BodyArenaOptions = {}): BodyArena {
  const { oldestInUse } = options;
  const segmentSize = Math.max(
    1,
    options.segmentBytes ?? Math.min(MAX_SEGMENT_BYTES, Math.ceil(capacity / MIN_SEGMENTS)),
  );
  const maxSegments = Math.max(1, Math.ceil(capacity / segmentSize));
  // Allocated one at a time, as writes reach them, and never from Node's shared pool.
  const segments: Buffer[] = [];
  /** Segments put aside, oldest first, each with the position when it was: what the line uses next. */
  const spares: Array<{ memory: Buffer; since: number }> = [];
  /** The position where the oldest segment begins: anything before it is gone. */
  let base = 0;
  let reserved = 0;

  const end = () => base + segments.length * segmentSize;

  /**
   * Makes room for one more segment at the end: a segment no longer in use, a new one, or at
   * the capacity the oldest. Segments no longer in use are put aside and taken again before
   * any is allocated, so the traffic after a burst writes into the burst's segments rather
   * than into new ones while the old wait for a full collection; one not needed while a whole
   * capacity's worth was written is given back.
   */
  function addSegment(): void {
    const oldest = oldestInUse ? Math.min(oldestInUse(), reserved) : base;
    while (segments.length > 0 && base + segmentSize <= oldest) {
      spares.push({ memory: segments.shift()!, since: reserved });
      base += segmentSize;
    }
    while (spares.length > 0 && reserved - spares[0]!.since >= capacity) spares.shift();
    let memory = spares.pop()?.memory;
    if (!memory && segments.length >= maxSegments) {
      memory = segments.shift();
      base += segmentSize;
    }
    segments.push(memory ?? Buffer.allocUnsafeSlow(segmentSize));
  }

  /** Reserves `length` bytes; a body that would not fit in the whole line from here starts at the next segment. */
  function reserve(length: number): ArenaSlice | undefined {
    if (length > capacity) return undefined;
    let start = reserved;
    if ((start % segmentSize) + length > maxSegments * segmentSize)
      start += segmentSize - (start % segmentSize);
    while (start + length > end()) addSegment();
    reserved = start + length;
    return { start, length };
  }

  /** The stretches of the segments a slice covers, in order: more than one only when it crosses an edge. */
  function partsOf(slice: ArenaSlice): Buffer[] {
    const parts: Buffer[] = [];
    for (let done = 0; done < slice.length; ) {
      const offset = slice.start + done - base;
      const at = offset % segmentSize;
      const run = Math.min(slice.length - done, segmentSize - at);
      parts.push(segments[Math.floor(offset / segmentSize)]!.subarray(at, at + run));
      done += run;
    }
    return parts;
  }

  /** Where a slice starts within its segment. */
  const offsetOf = (slice: ArenaSlice) => (slice.start - base) % segmentSize;

  /** The one segment a slice lies in; undefined when it crosses an edge. */
  function segmentHolding(slice: ArenaSlice): Buffer | undefined {
    const offset = slice.start - base;
    if ((offset % segmentSize) + slice.length > segmentSize) return undefined;
    return segments[Math.floor(offset / segmentSize)];
  }

  /** Copies bytes in at a reserved place: straight into its segment, or part by part across an edge. */
  function write(slice: ArenaSlice, bytes: Uint8Array): void {
    const segment = segmentHolding(slice);
    if (segment) {
      segment.set(bytes, offsetOf(slice));
      return;
    }
    let done = 0;
    for (const part of partsOf(slice)) {
      part.set(bytes.subarray(done, done + part.length));
      done += part.length;
    }
  }

  return {
    capacity,
    segmentBytes: segmentSize,
    get allocated() {
      return (segments.length + spares.length) * segmentSize;
    },
    get position() {
      return reserved;
    },
    keepBytes(bytes, from = 0, to = bytes.byteLength) {
      const slice = reserve(to - from);
      if (!slice) return undefined;
      const segment = segmentHolding(slice);
      if (segment && slice.length <= SMALL_COPY_BYTES) {
        // A few bytes (what a stream's piece differs by) are copied by hand: a view to copy
        // them from would cost more than copying them.
        const at = offsetOf(slice);
        for (let index = 0; index < slice.length; index++) segment[at + index] = bytes[from + index]!;
      } else write(slice, from === 0 && to === bytes.byteLength ? bytes : bytes.subarray(from, to));
      return slice;
    },
    keepText(text) {
      const slice = reserve(Buffer.byteLength(text, 'utf8'));
      if (!slice) return undefined;
      // Encoded straight into its segment; through bytes only when it spans two.
      const segment = segmentHolding(slice);
      if (segment) segment.write(text, offsetOf(slice), slice.length, 'utf8');
      else write(slice, Buffer.from(text, 'utf8'));
      return slice;
    },
    sharedEnds(slice, bytes, split) {
      if (slice.start < base) return 0;
      const segment = segmentHolding(slice);
      if (!segment) return 0;
      const at = offsetOf(slice);
      const end = at + slice.length;
      const length = bytes.byteLength;
      const most = Math.min(length, slice.length);
      let head = 0;
      while (head < most && bytes[head] === segment[at + head]) head++;
      let tail = 0;
      while (tail < most - head && bytes[length - 1 - tail] === segment[end - 1 - tail]) tail++;
      return head * split + tail;
    },
    view(slice) {
      if (slice.start < base) return undefined;
      const segment = segmentHolding(slice);
      const at = offsetOf(slice);
      // A body across segments is put together for the reader, who pays for it.
      return segment ? segment.subarray(at, at + slice.length) : Buffer.concat(partsOf(slice), slice.length);
    },
  };
}
