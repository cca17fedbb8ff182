import { describe, expect, it } from 'vitest';
import { createStreamConverter } from '../../../src/providers/chat-completions/create-stream-converter.js';
import type { AnthropicStreamEvent } from '../../../src/translate/create-stream-translator.js';
import { createFixtureStreamContext } from '../../helpers/fixture-stream-context.js';
import { validateAnthropicStream } from '../../helpers/validate-anthropic-stream.js';

function convert(body: string, options?: { maxEventBytes?: number }): AnthropicStreamEvent[] {
  const converter = createStreamConverter(createFixtureStreamContext(), options);
  const events = [...converter.start(), ...converter.push(Buffer.from(body, 'utf8')), ...converter.end()];
  return validateAnthropicStream(events);
}

const text = (content: unknown) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;

describe('createStreamConverter', () => {
  it('ends with an api_error event when a data line is not JSON', () => {
    const events = convert(`${text('a')}data: {"choices": [\n\n`);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(events.at(-1)).toHaveProperty('error.message', expect.stringContaining('not JSON'));
  });

  it('treats an SSE event named error as a backend error', () => {
    const events = convert(`${text('a')}event: error\ndata: {"message":"quota exceeded","code":429}\n\n`);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Backend error: quota exceeded' },
    });
  });

  it('ends with an api_error event when a chunk is malformed beyond the wire types', () => {
    const events = convert(`${text('a')}${text(5)}data: [DONE]\n\n`);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });

  it('ends with an api_error event when an event exceeds the size cap', () => {
    const events = convert(`${text('a')}${text('x'.repeat(200))}`, { maxEventBytes: 100 });
    expect(events.at(-1)).toHaveProperty('error.message', expect.stringContaining('larger than 100 bytes'));
  });

  it('ignores everything after the stream finished', () => {
    const converter = createStreamConverter(createFixtureStreamContext());
    converter.push(Buffer.from(`${text('a')}data: [DONE]\n\n`));
    expect(converter.finished).toBe(true);
    expect(converter.push(Buffer.from(text('late')))).toEqual([]);
    expect(converter.end()).toEqual([]);
  });
});
