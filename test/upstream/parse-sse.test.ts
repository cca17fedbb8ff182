import { describe, expect, it } from 'vitest';
import { ProxyError } from '../../src/errors.js';
import { createSseParser, type SseEvent } from '../../src/upstream/parse-sse.js';

/** Feeds the pieces in order, then ends the stream, and returns every event. */
function parse(pieces: Array<string | Uint8Array>, options?: { maxEventBytes?: number }): SseEvent[] {
  const parser = createSseParser(options);
  const events: SseEvent[] = [];
  for (const piece of pieces) {
    events.push(...parser.push(typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece));
  }
  events.push(...parser.end());
  return events;
}

function byteByByte(text: string): Uint8Array[] {
  const bytes = Buffer.from(text, 'utf8');
  return Array.from(bytes, (_byte, index) => bytes.subarray(index, index + 1));
}

describe('createSseParser', () => {
  it('splits events on blank lines with LF endings', () => {
    expect(parse(['data: one\n\ndata: two\n\n'])).toEqual([
      { event: undefined, data: 'one' },
      { event: undefined, data: 'two' },
    ]);
  });

  it('reads CRLF line endings', () => {
    expect(parse(['data: one\r\n\r\ndata: two\r\n\r\n'])).toEqual([
      { event: undefined, data: 'one' },
      { event: undefined, data: 'two' },
    ]);
  });

  it('reads lone CR line endings', () => {
    expect(parse(['data: one\r\rdata: two\r\r'])).toEqual([
      { event: undefined, data: 'one' },
      { event: undefined, data: 'two' },
    ]);
  });

  it('treats a CRLF split across two chunks as one line ending', () => {
    expect(parse(['data: one\r', '\n\r', '\ndata: two\r\n\r\n'])).toEqual([
      { event: undefined, data: 'one' },
      { event: undefined, data: 'two' },
    ]);
  });

  it('skips comment lines, including OpenRouter processing notices', () => {
    expect(parse([': OPENROUTER PROCESSING\n\n:\ndata: one\n: inside an event\n\n'])).toEqual([
      { event: undefined, data: 'one' },
    ]);
  });

  it('joins multi-line data with LF', () => {
    expect(parse(['data: first\ndata: second\ndata\n\n'])).toEqual([
      { event: undefined, data: 'first\nsecond\n' },
    ]);
  });

  it('keeps the event name and resets it after dispatch', () => {
    expect(parse(['event: error\ndata: {"x":1}\n\ndata: plain\n\n'])).toEqual([
      { event: 'error', data: '{"x":1}' },
      { event: undefined, data: 'plain' },
    ]);
  });

  it('strips exactly one space after the colon', () => {
    expect(parse(['data:tight\n\ndata:  two spaces\n\n'])).toEqual([
      { event: undefined, data: 'tight' },
      { event: undefined, data: ' two spaces' },
    ]);
  });

  it('ignores id, retry and unknown fields', () => {
    expect(parse(['id: 7\nretry: 1000\nfoo: bar\ndata: one\n\n'])).toEqual([
      { event: undefined, data: 'one' },
    ]);
  });

  it('dispatches nothing for an event without data lines', () => {
    expect(parse(['event: ping\n\n'])).toEqual([]);
  });

  it('decodes a multi-byte character split between chunks', () => {
    const bytes = Buffer.from('data: 日本語 🎉\n\n', 'utf8');
    // Cut inside the three-byte 日 and inside the four-byte emoji.
    const pieces = [bytes.subarray(0, 7), bytes.subarray(7, 17), bytes.subarray(17)];
    expect(parse(pieces)).toEqual([{ event: undefined, data: '日本語 🎉' }]);
  });

  it('yields the same events when fed one byte at a time', () => {
    const text = ': comment\r\nevent: message\r\ndata: {"text":"héllo 🎉"}\r\n\r\ndata: [DONE]\r\n\r\n';
    expect(parse(byteByByte(text))).toEqual(parse([text]));
    expect(parse([text])).toEqual([
      { event: 'message', data: '{"text":"héllo 🎉"}' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('returns data: [DONE] as an ordinary event for the caller to recognise', () => {
    expect(parse(['data: [DONE]\n\n'])).toEqual([{ event: undefined, data: '[DONE]' }]);
  });

  it('completes a last event that lacks its blank line or final newline at end of stream', () => {
    expect(parse(['data: one\n\ndata: [DONE]'])).toEqual([
      { event: undefined, data: 'one' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('skips a UTF-8 byte-order mark before the first field', () => {
    expect(parse([Buffer.from([0xef, 0xbb]), Buffer.from([0xbf]), 'data: one\n\n'])).toEqual([
      { event: undefined, data: 'one' },
    ]);
  });

  it('rejects an event larger than the size cap with an api_error', () => {
    const parser = createSseParser({ maxEventBytes: 16 });
    expect(() => parser.push(Buffer.from('data: 0123456789abcdefghij\n'))).toThrow(ProxyError);
  });

  it('rejects an unterminated line that grows past the size cap', () => {
    const parser = createSseParser({ maxEventBytes: 16 });
    parser.push(Buffer.from('data: 0123456'));
    expect(() => parser.push(Buffer.from('789abcdefghij'))).toThrow(/larger than 16 bytes/);
  });
});
