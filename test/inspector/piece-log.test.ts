import { describe, expect, it } from 'vitest';
import { createBodyArena } from '../../src/inspector/body-arena.js';
import { createPieceLog, logPiece, pieceCount, readLoggedPieces } from '../../src/inspector/piece-log.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** A Chat Completions chunk as a backend streams it, one text delta each. */
const chunk = (text: string) =>
  `data: {"id":"chatcmpl-9f2c1a","object":"chat.completion.chunk","created":1764892800,"model":"deepseek-chat","choices":[{"index":0,"delta":{"content":${JSON.stringify(text)}},"finish_reason":null}]}\n\n`;

/** An Anthropic frame as the proxy writes it to the client. */
const frame = (text: string) =>
  `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(text)}}}\n\n`;

const WORDS = [
  'Hello',
  ' there',
  ',',
  ' how',
  ' can',
  ' I',
  ' help',
  ' today',
  '?',
  ' ünïcødé',
  ' 日本語',
  ' 🎉',
];

describe('a stream piece log', () => {
  it('keeps a backend stream of alike chunks as what each differs by, and reads every chunk back whole', () => {
    const arena = createBodyArena(1 << 20);
    const log = createPieceLog();
    const pieces = WORDS.map(chunk);
    for (const [index, piece] of pieces.entries()) logPiece(log, bytes(piece), index * 10, 1 << 20, arena);

    const whole = pieces.reduce((sum, piece) => sum + Buffer.byteLength(piece), 0);
    // The first chunk whole (~190 bytes), then a few bytes for each of the other eleven.
    expect(arena.position).toBeLessThan(whole / 4);
    expect(log.size).toBe(whole);
    expect(pieceCount(log)).toBe(pieces.length);
    expect(readLoggedPieces(log, arena)).toEqual({
      frames: pieces.map((text, index) => ({ atMs: index * 10, text })),
      lost: 0,
      lostSize: 0,
    });
  });

  it('does the same for frames written as text, non-ASCII included', () => {
    const arena = createBodyArena(1 << 20);
    const log = createPieceLog();
    const pieces = WORDS.map(frame);
    for (const piece of pieces) logPiece(log, piece, 1, 1 << 20, arena);
    expect(arena.position).toBeLessThan(pieces.join('').length / 3);
    expect(readLoggedPieces(log, arena).frames.map((piece) => piece.text)).toEqual(pieces);
  });

  it('reads a character split between two pieces whole', () => {
    const arena = createBodyArena(1 << 20);
    const log = createPieceLog();
    const text = `${chunk('ab 日本')}${chunk('語 cd')}`;
    const encoded = bytes(text);
    // Cut inside 語, whose three bytes end up in two pieces.
    const cut = Buffer.from(text.slice(0, text.indexOf('語')), 'utf8').byteLength + 1;
    logPiece(log, encoded.subarray(0, cut), 1, 1 << 20, arena);
    logPiece(log, encoded.subarray(cut), 2, 1 << 20, arena);
    expect(
      readLoggedPieces(log, arena)
        .frames.map((piece) => piece.text)
        .join(''),
    ).toBe(text);
  });

  it("compares with the arena's copy of a run's first piece, not with a buffer the reader has since reused", () => {
    const arena = createBodyArena(1 << 20);
    const log = createPieceLog();
    const reused = new Uint8Array(Buffer.byteLength(chunk('one')));
    reused.set(bytes(chunk('one')));
    logPiece(log, reused, 1, 1 << 20, arena);
    reused.set(bytes(chunk('two')));
    logPiece(log, reused, 2, 1 << 20, arena);
    reused.set(bytes(chunk('six')));
    logPiece(log, reused, 3, 1 << 20, arena);
    expect(readLoggedPieces(log, arena).frames.map((piece) => piece.text)).toEqual([
      chunk('one'),
      chunk('two'),
      chunk('six'),
    ]);
  });

  it('keeps a piece whole after one it could not keep, so none is read against a piece not kept', () => {
    const arena = createBodyArena(4096, { segmentBytes: 1024 });
    const log = createPieceLog();
    logPiece(log, bytes(chunk('first')), 1, 1 << 20, arena);
    logPiece(log, bytes(chunk('x'.repeat(5000))), 2, 1 << 20, arena);
    logPiece(log, bytes(chunk('third')), 3, 1 << 20, arena);
    expect(log).toMatchObject({ droppedPieces: 1 });
    expect(readLoggedPieces(log, arena).frames.map((piece) => piece.text)).toEqual([
      chunk('first'),
      chunk('third'),
    ]);
  });

  it('stops keeping at the size limit, counting what comes after', () => {
    const arena = createBodyArena(1 << 20);
    const log = createPieceLog();
    const limit = 2 * Buffer.byteLength(chunk('a'));
    for (const word of ['a', 'b', 'c', 'd']) logPiece(log, bytes(chunk(word)), 1, limit, arena);
    expect(pieceCount(log)).toBe(2);
    expect(log).toMatchObject({ droppedPieces: 2, droppedSize: limit });
  });

  it('loses only a run of the first pieces when newer bodies take the oldest segments, and reads the rest exactly', () => {
    // Many streams' pieces and other bodies share a small arena; a random walk of alike and
    // unlike pieces, with other bodies written between them, checked after every piece.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const arena = createBodyArena(16_384, { segmentBytes: 2048 });
    // A backend's chunks, the client's frames, and a stream of both kinds mixed.
    const kinds = [[chunk], [frame], [chunk, frame]];
    const logs = kinds.map((shapes) => ({ shapes, log: createPieceLog(), pieces: [] as string[] }));
    const overwritten = (entries: number[]) => {
      let count = 0;
      for (let index = 0; index < entries.length; index += 4)
        if (!arena.view({ start: entries[index + 1]!, length: entries[index + 2]! })) count++;
      return count;
    };
    for (let step = 0; step < 600; step++) {
      const stream = logs[Math.floor(random() * logs.length)]!;
      const word = WORDS[Math.floor(random() * WORDS.length)]!.repeat(1 + Math.floor(random() * 3));
      const shape = stream.shapes[Math.floor(random() * stream.shapes.length)]!;
      const piece = random() < 0.1 ? `: keep-alive ${step}\n\n` : shape(word);
      stream.pieces.push(piece);
      logPiece(stream.log, random() < 0.5 ? piece : bytes(piece), step, 1 << 20, arena);
      if (random() < 0.2) arena.keepText('other body '.repeat(1 + Math.floor(random() * 60)));
      for (const { log, pieces } of logs) {
        if (pieces.length === 0) continue;
        const { frames, lost, lostSize } = readLoggedPieces(log, arena);
        expect(frames.map((kept) => kept.text)).toEqual(pieces.slice(lost));
        // Lost are exactly the pieces whose own bytes were written over: none for want of its run's first.
        expect(lost).toBe(overwritten(log.entries));
        expect(lostSize).toBe(Buffer.byteLength(pieces.slice(0, lost).join('')));
      }
    }
    // The walk did overwrite pieces, and the streams of one kind of piece kept most of theirs
    // as differences (the fourth number of an entry is what a piece shares with its run's
    // first), though each new segment starts a run with a piece kept whole.
    expect(logs.every(({ log }) => readLoggedPieces(log, arena).lost > 0)).toBe(true);
    for (const { log } of logs.slice(0, 2)) {
      const shared = log.entries.filter((_, index) => index % 4 === 3);
      expect(shared.filter((value) => value > 0).length).toBeGreaterThan(shared.length / 2);
    }
  });
});
