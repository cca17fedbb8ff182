import { StringDecoder } from 'node:string_decoder';
import type { ArenaSlice, BodyArena } from './body-arena.js';
import type { CapturedFrame } from './exchange.js';

/**
 * The pieces of a stream as they came, each copied into the arena the moment it arrives, so
 * a running stream holds no buffer of its own: only, per piece, four numbers in a row of
 * `entries`. Pieces are kept until `size` reaches the limit, later ones only counted;
 * redaction runs before the cut, when the record is read, so no secret is cut in two.
 *
 * A stream's pieces are much alike: each chunk a backend sends repeats its id, model and
 * field names, and each frame written to the client its event name and the delta's type,
 * around a few new characters. So pieces come in runs: the first of a run is kept whole, and
 * each short piece after it as the bytes between the stretch it shares with the start of the
 * run's first piece and the stretch it shares with its end, ~15–30 bytes of a ~160-byte
 * chunk. A piece too unlike the run's first starts a new run. A run never leaves the arena
 * segment it started in: newer bodies take the arena's memory a segment at a time, oldest
 * first, so a piece is never left without the one it is read from.
 */
export interface PieceLog {
  /** [atMs, arena start, length kept, shared] for each piece kept, in order (see SPLIT). */
  entries: number[];
  /** Bytes of the pieces kept, whole: what the limit counts. */
  size: number;
  droppedPieces: number;
  droppedSize: number;
  /** Where the current run's first piece is in the arena; `runLength` is 0 when the next piece starts a run. */
  runStart: number;
  runLength: number;
}

const ENTRY = 4;
/** Pieces up to this long are compared with the run's first; longer ones are kept whole. */
const SHORT_PIECE_BYTES = 4096;
/** Less in common than this and a piece starts a run of its own. */
const MIN_SHARED_BYTES = 16;
/** An entry's fourth number packs the head and tail a piece shares with its run's first: head × SPLIT + tail. */
const SPLIT = SHORT_PIECE_BYTES + 1;

export function createPieceLog(): PieceLog {
  return { entries: [], size: 0, droppedPieces: 0, droppedSize: 0, runStart: 0, runLength: 0 };
}

export function pieceCount(log: PieceLog): number {
  return log.entries.length / ENTRY;
}

/**
 * Copies a piece (bytes as read, or a text written) into the arena, or only counts it once
 * the log is full or when it is larger than the whole arena.
 */
export function logPiece(
  log: PieceLog,
  piece: Uint8Array | string,
  atMs: number,
  maxSize: number,
  arena: BodyArena,
): void {
  if (log.size >= maxSize) {
    drop(log, typeof piece === 'string' ? Buffer.byteLength(piece, 'utf8') : piece.byteLength);
    return;
  }
  // The proxy hands over bytes (as read, as written); a text is encoded to be compared.
  const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
  const length = bytes.byteLength;
  const shared = sharedWithRun(log, bytes, arena);
  if (shared === 0) {
    keepWhole(log, arena.keepBytes(bytes), atMs, arena, length);
    return;
  }
  const head = Math.floor(shared / SPLIT);
  const slice = arena.keepBytes(bytes, head, length - (shared % SPLIT));
  // Refused only by an arena smaller than one of its own segments.
  if (!slice) {
    drop(log, length);
    return;
  }
  log.entries.push(atMs, slice.start, slice.length, shared);
  log.size += length;
}

/** Counts a piece not kept; the next one kept starts a run. */
function drop(log: PieceLog, length: number): void {
  log.droppedPieces++;
  log.droppedSize += length;
  log.runLength = 0;
}

/**
 * Logs a piece kept whole, or counts it when the arena could not take it. A short one lying
 * within one segment starts a run.
 */
function keepWhole(
  log: PieceLog,
  slice: ArenaSlice | undefined,
  atMs: number,
  arena: BodyArena,
  length: number,
): void {
  if (!slice) {
    drop(log, length);
    return;
  }
  log.entries.push(atMs, slice.start, slice.length, 0);
  log.size += slice.length;
  const startsRun =
    slice.length <= SHORT_PIECE_BYTES &&
    segmentOf(slice.start, arena) === segmentOf(slice.start + slice.length - 1, arena);
  log.runStart = slice.start;
  log.runLength = startsRun ? slice.length : 0;
}

const segmentOf = (position: number, arena: BodyArena) => Math.floor(position / arena.segmentBytes);

/**
 * What a short piece shares with the start and the end of its run's first piece, packed as
 * in an entry; 0 when it is to be kept whole: no run, too little in common, or what it would
 * keep would not lie in the run's segment.
 */
function sharedWithRun(log: PieceLog, bytes: Uint8Array, arena: BodyArena): number {
  const length = bytes.byteLength;
  if (log.runLength === 0 || length > SHORT_PIECE_BYTES) return 0;
  const segment = segmentOf(log.runStart, arena);
  const at = arena.position;
  if (segmentOf(at, arena) !== segment || segmentOf(at + length - 1, arena) !== segment) return 0;
  const shared = arena.sharedEnds({ start: log.runStart, length: log.runLength }, bytes, SPLIT);
  return Math.floor(shared / SPLIT) + (shared % SPLIT) < MIN_SHARED_BYTES ? 0 : shared;
}

/**
 * The pieces still in the arena, decoded in order (a character split between two pieces is
 * not garbled), with their times. Newer bodies overwrite the oldest first, a segment at a
 * time, so what is gone is always a run of the first pieces: `lost` of them, `lostSize`
 * bytes.
 */
export function readLoggedPieces(
  log: PieceLog,
  arena: BodyArena,
): { frames: CapturedFrame[]; lost: number; lostSize: number } {
  // StringDecoder, not TextDecoder: building a TextDecoder costs more than the decoding here.
  const decoder = new StringDecoder('utf8');
  const frames: CapturedFrame[] = [];
  let lost = 0;
  let lostSize = 0;
  /** The current run's first piece; views are valid until the arena's next write, and none happens here. */
  let first: Uint8Array | undefined;
  const { entries } = log;
  for (let index = 0; index < entries.length; index += ENTRY) {
    const length = entries[index + 2]!;
    const shared = entries[index + 3]!;
    const head = Math.floor(shared / SPLIT);
    const tail = shared % SPLIT;
    const kept = arena.view({ start: entries[index + 1]!, length });
    if (shared === 0) first = kept;
    if (!kept || !first) {
      lost++;
      lostSize += head + length + tail;
      continue;
    }
    const whole =
      shared === 0
        ? Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength)
        : Buffer.concat([first.subarray(0, head), kept, first.subarray(first.byteLength - tail)]);
    frames.push({ atMs: entries[index]!, text: decoder.write(whole) });
  }
  return { frames, lost, lostSize };
}
