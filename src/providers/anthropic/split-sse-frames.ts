import { UpstreamProtocolError } from '../../errors.js';

const LF = 0x0a;
const CR = 0x0d;
const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

export interface SseFrameSplitter {
  /** Feeds a network chunk; returns the frames it completes, each with its blank-line terminator. */
  push(chunk: Uint8Array): Buffer[];
  /** The bytes after the last complete frame, at the end of the stream. */
  end(): Buffer | undefined;
}

/**
 * Cuts an event stream into whole frames (the lines of one event and the blank line ending
 * it) without decoding or changing a byte, for streams passed on as they are. Lines may end
 * in LF, CRLF or CR, and a CRLF may be split across chunks. A chunk is only scanned past
 * the point already known to hold no frame end, so one byte per write stays linear.
 */
export function createSseFrameSplitter(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): SseFrameSplitter {
  let pending: Buffer = Buffer.alloc(0);
  /** Where scanning resumes in `pending`: the start of the line not yet known to be complete. */
  let lineStart = 0;

  return {
    push(chunk) {
      pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
      const frames: Buffer[] = [];
      let frameStart = 0;
      let index = lineStart;
      while (index < pending.length) {
        const byte = pending[index]!;
        if (byte !== LF && byte !== CR) {
          index++;
          continue;
        }
        // A CR at the end of the data may be the first half of a CRLF: wait for the next byte.
        if (byte === CR && index + 1 === pending.length) break;
        const lineEnd = index + (byte === CR && pending[index + 1] === LF ? 2 : 1);
        const emptyLine = index === lineStart;
        lineStart = lineEnd;
        index = lineEnd;
        if (emptyLine) {
          frames.push(pending.subarray(frameStart, lineEnd));
          frameStart = lineEnd;
        }
      }
      if (frameStart > 0) {
        pending = pending.subarray(frameStart);
        lineStart -= frameStart;
      }
      if (pending.length > maxFrameBytes)
        throw new UpstreamProtocolError(`The backend sent a stream event larger than ${maxFrameBytes} bytes`);
      return frames;
    },
    end() {
      const rest = pending.length > 0 ? pending : undefined;
      pending = Buffer.alloc(0);
      lineStart = 0;
      return rest;
    },
  };
}
