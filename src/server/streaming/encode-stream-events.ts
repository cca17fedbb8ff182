import { ProxyError } from '../../errors.js';
import type { AnthropicStreamEvent } from '../../translate/create-stream-translator.js';
import { toErrorBody } from '../render-error.js';
import { renderSseFrame } from './render-sse-frame.js';

const DELTA_HEAD = Buffer.from('event: content_block_delta\ndata: {"type":"content_block_delta","index":');
const TEXT_HEAD = Buffer.from(',"delta":{"type":"text_delta","text":');
const THINKING_HEAD = Buffer.from(',"delta":{"type":"thinking_delta","thinking":');
const INPUT_JSON_HEAD = Buffer.from(',"delta":{"type":"input_json_delta","partial_json":');
const DELTA_TAIL = Buffer.from('}}\n\n');
/** A delta frame's bytes besides its text: the longest head, an index, quotes and the tail. */
const DELTA_OVERHEAD = DELTA_HEAD.length + INPUT_JSON_HEAD.length + 12 + DELTA_TAIL.length;
/** Room guessed for any other frame; a larger one grows the buffer. */
const OTHER_FRAME_GUESS = 320;
const QUOTE = 0x22;

/**
 * Several events as the bytes of their SSE frames, in one Buffer so a batch leaves in a
 * single socket write. The same bytes as renderStreamEvents' text (pinned by
 * test/server/streaming/encode-stream-events.test.ts), written without building that text:
 * text, thinking and tool-input deltas, most of any answer, go from byte templates with
 * only their text encoded, where the string would be a rope of pieces flattened and then
 * encoded again for the socket.
 */
export function encodeStreamEvents(
  events: readonly AnthropicStreamEvent[],
  requestId: string,
  redact: (text: string) => string,
  rawFrame?: (event: AnthropicStreamEvent) => string | undefined,
): Buffer {
  let buffer = Buffer.allocUnsafe(guessSize(events));
  let length = 0;

  const reserve = (bytes: number) => {
    if (length + bytes <= buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, length + bytes));
    buffer.copy(grown, 0, 0, length);
    buffer = grown;
  };
  const writeBytes = (bytes: Buffer) => {
    buffer.set(bytes, length);
    length += bytes.length;
  };
  const writeText = (text: string) => {
    reserve(text.length * 3);
    length += buffer.write(text, length, 'utf8');
  };

  const writeDelta = (index: number, head: Buffer, text: string) => {
    reserve(DELTA_OVERHEAD + text.length * 3);
    writeBytes(DELTA_HEAD);
    length = writeIndex(buffer, length, index);
    writeBytes(head);
    const written = writeAsciiLiteral(buffer, length, text);
    if (written !== -1) length = written;
    else if (isPlainJsonText(text)) writeText(`"${text}"`);
    else writeText(JSON.stringify(text));
    writeBytes(DELTA_TAIL);
  };

  for (const event of events) {
    // A passed-on stream keeps the backend's bytes; the proxy's own events (errors) are rendered.
    const raw = rawFrame?.(event);
    if (raw !== undefined) {
      writeText(raw);
      continue;
    }
    if (event.type === 'content_block_delta') {
      const { delta, index } = event;
      if (delta.type === 'text_delta') {
        writeDelta(index, TEXT_HEAD, delta.text);
        continue;
      }
      if (delta.type === 'thinking_delta') {
        writeDelta(index, THINKING_HEAD, delta.thinking);
        continue;
      }
      if (delta.type === 'input_json_delta') {
        writeDelta(index, INPUT_JSON_HEAD, delta.partial_json);
        continue;
      }
    }
    if (event.type === 'error') {
      const error = new ProxyError('UPSTREAM_REPORTED', event.error.type, event.error.message);
      writeText(renderSseFrame(toErrorBody(error, requestId, redact)));
    } else {
      writeText(renderSseFrame(event));
    }
  }
  return buffer.subarray(0, length);
}

function guessSize(events: readonly AnthropicStreamEvent[]): number {
  let size = 0;
  for (const event of events) {
    if (event.type !== 'content_block_delta') size += OTHER_FRAME_GUESS;
    else {
      const { delta } = event;
      const text =
        delta.type === 'text_delta' ? delta.text : delta.type === 'thinking_delta' ? delta.thinking : '';
      size += DELTA_OVERHEAD + text.length;
    }
  }
  return size;
}

/** Writes a block index's digits; returns the new length. */
function writeIndex(buffer: Buffer, at: number, index: number): number {
  if (index < 10) {
    buffer[at] = 0x30 + index;
    return at + 1;
  }
  return at + buffer.write(String(index), at, 'latin1');
}

/**
 * Writes the text as a JSON string literal when it is printable ASCII without a quote or
 * backslash, as JSON.stringify would write it, byte by byte: most deltas are a short word,
 * where this loop costs a fraction of a native write call. Returns the new length, or -1
 * (having written nothing that counts) for any other text.
 */
function writeAsciiLiteral(buffer: Buffer, at: number, text: string): number {
  let position = at;
  buffer[position++] = QUOTE;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code >= 0x7f || code === QUOTE || code === 0x5c) return -1;
    buffer[position++] = code;
  }
  buffer[position++] = QUOTE;
  return position;
}

/**
 * True when JSON.stringify would write the text as it stands between quotes: no quote,
 * backslash, control character or surrogate (a lone one is escaped; pairs go the general
 * way too, which is simpler than telling them apart and as correct).
 */
function isPlainJsonText(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === QUOTE || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return false;
  }
  return true;
}
