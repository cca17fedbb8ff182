import { describe, expect, it } from 'vitest';
import { createStreamConverter } from '../../../src/providers/chat-completions/create-stream-converter.js';
import type { AnthropicStreamEvent, StreamContext } from '../../../src/translate/create-stream-translator.js';
import { createFixtureCaseContext } from '../../helpers/fixture-stream-context.js';
import { listAllFixtureCases, readFixtureEnv, readTextFixture } from '../../helpers/load-fixture.js';
import { parseAnthropicSse } from '../../helpers/parse-anthropic-sse.js';
import { validateAnthropicStream } from '../../helpers/validate-anthropic-stream.js';

/** Runs upstream bytes through the SSE reader and the translator, in the given pieces. */
function convert(pieces: readonly Uint8Array[], context: () => StreamContext): AnthropicStreamEvent[] {
  const converter = createStreamConverter(context());
  const events = converter.start();
  for (const piece of pieces) events.push(...converter.push(piece));
  events.push(...converter.end());
  return events;
}

const cases = listAllFixtureCases('.openai.sse');

describe('stream translation of the fixture corpus', () => {
  it('has an expected .anthropic.sse for every .openai.sse case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    // Responses API cases pair with .responses.sse instead; responses-stream-fixtures.test.ts replays them.
    const responsesCases = listAllFixtureCases('.responses.sse');
    expect(listAllFixtureCases('.anthropic.sse').filter((name) => !responsesCases.includes(name))).toEqual(
      cases,
    );
  });

  describe.each(cases)('%s', (name) => {
    const text = readTextFixture(`${name}.openai.sse`);
    const upstream = Buffer.from(text, 'utf8');
    const env = readFixtureEnv(text);
    const context = () => createFixtureCaseContext(env);
    const expectedFrames = parseAnthropicSse(readTextFixture(`${name}.anthropic.sse`));

    it('emits the expected frames, each with an event line equal to its type', () => {
      for (const frame of expectedFrames) expect(frame.event).toBe(frame.data.type);
      const events = convert([upstream], context);
      expect(events).toEqual(expectedFrames.map((frame) => frame.data));
      validateAnthropicStream(events);
    });

    it('emits the same events when the backend writes one byte at a time', () => {
      const bytes = Array.from(upstream, (_byte, index) => upstream.subarray(index, index + 1));
      expect(convert(bytes, context)).toEqual(convert([upstream], context));
    });

    it('emits the same events with CRLF line endings', () => {
      const crlf = Buffer.from(upstream.toString('utf8').replace(/\n/g, '\r\n'), 'utf8');
      expect(convert([crlf], context)).toEqual(convert([upstream], context));
    });
  });
});
