import { UpstreamProtocolError } from '../errors.js';

/** One dispatched server-sent event. `event` is undefined when the event had no `event:` line. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

export interface SseParser {
  /** Feeds the next network chunk; returns the events it completed, in order. */
  push(chunk: Uint8Array): SseEvent[];
  /** The stream ended: completes a last line and event that lacked their terminators. */
  end(): SseEvent[];
}

export interface SseParserOptions {
  /** Largest event (its data plus any unfinished line) before the stream is rejected. */
  maxEventBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const DATA = [0x64, 0x61, 0x74, 0x61] as const;
const EVENT = [0x65, 0x76, 0x65, 0x6e, 0x74] as const;
const DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

/**
 * An incremental reader of the text/event-stream format over raw bytes.
 *
 * Lines end in LF, CRLF or a lone CR, and a CRLF may be split across two chunks. Bytes are
 * decoded only once a whole line has arrived, and line terminators are ASCII, so a
 * multi-byte character split between network chunks is never decoded in halves. Each chunk
 * is scanned with native indexOf; a line that spans chunks is copied once, when it completes.
 * `:` comment lines (OpenRouter's `: OPENROUTER PROCESSING`), `id:` and `retry:` are skipped.
 */
export function createSseParser(options: SseParserOptions = {}): SseParser {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let pendingCr = false;
  let firstLine = true;
  let data = '';
  let hasData = false;
  let dataBytes = 0;
  let eventName: string | undefined;
  let out: SseEvent[] = [];

  function dispatch(): void {
    if (hasData) out.push({ event: eventName, data });
    data = '';
    hasData = false;
    dataBytes = 0;
    eventName = undefined;
  }

  function checkSize(bytes: number): void {
    if (bytes > maxEventBytes) {
      throw new UpstreamProtocolError(`The backend sent a stream event larger than ${maxEventBytes} bytes`);
    }
  }

  function handleLine(line: Buffer, start: number, end: number): void {
    if (firstLine) {
      firstLine = false;
      // A UTF-8 byte-order mark may precede the first field.
      if (end - start >= 3 && line[start] === 0xef && line[start + 1] === 0xbb && line[start + 2] === 0xbf) {
        start += 3;
      }
    }
    if (start === end) {
      dispatch();
      return;
    }
    if (line[start] === COLON) return;
    let colon = start;
    while (colon < end && line[colon] !== COLON) colon++;
    let valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && line[valueStart] === SPACE) valueStart++;
    if (fieldIs(line, start, colon, DATA)) {
      dataBytes += end - valueStart + 1;
      checkSize(dataBytes);
      const value = line.toString('utf8', valueStart, end);
      data = hasData ? `${data}\n${value}` : value;
      hasData = true;
    } else if (fieldIs(line, start, colon, EVENT)) {
      eventName = line.toString('utf8', valueStart, end);
    }
  }

  function takeCarriedLine(tail: Buffer, start: number, end: number): void {
    if (end > start) pieces.push(Buffer.from(tail.subarray(start, end)));
    const line = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, pieceBytes + end - start);
    pieces = [];
    pieceBytes = 0;
    handleLine(line, 0, line.length);
  }

  /** The events completed so far, handed over (and let go of: see push) when the read is done. */
  function takeEvents(): SseEvent[] {
    const events = out;
    out = [];
    return events;
  }

  return {
    // The events are not kept after they are returned: a read may hold a whole answer, and
    // held until the next read they would outlive young-generation collections.
    push(chunk) {
      // Events of a read that threw (the size cap) are dropped, never returned with the next.
      if (out.length > 0) out = [];
      let position = 0;
      if (chunk.length === 0) return takeEvents();
      if (pendingCr) {
        pendingCr = false;
        if (chunk[0] === LF) position = 1;
      }
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      let nextLf = bytes.indexOf(LF, position);
      let nextCr = bytes.indexOf(CR, position);
      while (nextLf !== -1 || nextCr !== -1) {
        const lineEnd = nextCr === -1 || (nextLf !== -1 && nextLf < nextCr) ? nextLf : nextCr;
        if (pieceBytes > 0) takeCarriedLine(bytes, position, lineEnd);
        else handleLine(bytes, position, lineEnd);
        position = lineEnd + 1;
        if (lineEnd === nextCr) {
          if (position === bytes.length) pendingCr = true;
          else if (bytes[position] === LF) position++;
        }
        if (nextLf !== -1 && nextLf < position) nextLf = bytes.indexOf(LF, position);
        if (nextCr !== -1 && nextCr < position) nextCr = bytes.indexOf(CR, position);
      }
      if (position < bytes.length) {
        pieces.push(Buffer.from(bytes.subarray(position)));
        pieceBytes += bytes.length - position;
        checkSize(pieceBytes + dataBytes);
      }
      return takeEvents();
    },
    end() {
      if (out.length > 0) out = [];
      if (pieceBytes > 0) takeCarriedLine(Buffer.alloc(0), 0, 0);
      // Lenient about a missing final blank line: many backends end on `data: [DONE]\n`.
      dispatch();
      pendingCr = false;
      return takeEvents();
    },
  };
}

function fieldIs(line: Buffer, start: number, end: number, name: readonly number[]): boolean {
  if (end - start !== name.length) return false;
  for (let offset = 0; offset < name.length; offset++) {
    if (line[start + offset] !== name[offset]) return false;
  }
  return true;
}
