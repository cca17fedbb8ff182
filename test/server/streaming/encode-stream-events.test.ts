import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStreamConverter } from '../../../src/providers/chat-completions/create-stream-converter.js';
import { encodeStreamEvents } from '../../../src/server/streaming/encode-stream-events.js';
import { renderStreamEvents } from '../../../src/server/streaming/render-sse-frame.js';
import type { AnthropicStreamEvent } from '../../../src/translate/create-stream-translator.js';
import { createFixtureCaseContext } from '../../helpers/fixture-stream-context.js';
import { listAllFixtureCases, readFixtureEnv, readTextFixture } from '../../helpers/load-fixture.js';

/**
 * encodeStreamEvents writes the frames' bytes without building their text; renderStreamEvents
 * (whose delta template is itself pinned to JSON.stringify by render-sse-frame.test.ts) is
 * the reference, and the bytes must decode to exactly its text.
 */
const redact = (text: string) => text.replaceAll('sk-secret', '[redacted]');

function expectSameFrames(
  events: readonly AnthropicStreamEvent[],
  rawFrame?: (event: AnthropicStreamEvent) => string | undefined,
): void {
  const bytes = encodeStreamEvents(events, 'req_test', redact, rawFrame);
  expect(bytes.toString('utf8')).toBe(renderStreamEvents(events, 'req_test', redact, rawFrame));
}

const delta = (index: number, text: string): AnthropicStreamEvent[] => [
  { type: 'content_block_delta', index, delta: { type: 'text_delta', text } },
  { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: text } },
  { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: text } },
];

describe('encodeStreamEvents writes the bytes of renderStreamEvents', () => {
  it('for every fixture stream, event by event and as one batch', () => {
    for (const name of listAllFixtureCases('.openai.sse')) {
      const text = readTextFixture(`${name}.openai.sse`);
      const converter = createStreamConverter(createFixtureCaseContext(readFixtureEnv(text)));
      const events = [...converter.start(), ...converter.push(Buffer.from(text, 'utf8')), ...converter.end()];
      expectSameFrames(events);
      for (const event of events) expectSameFrames([event]);
    }
  });

  it.each([
    '',
    'plain',
    'quote " backslash \\ slash /',
    'C:\\path\\file',
    'line\nbreak\ttab\r',
    '\u007f\u0080\u00ff',
    '\u2028\u2029',
    'née 日本 🎉',
    '\u0000\u001f',
    '\ud800 lone surrogate',
    'x'.repeat(5000),
    '日本'.repeat(3000),
  ])('for the text %j in each kind of delta, at small and large indices', (text) => {
    expectSameFrames([...delta(0, text), ...delta(9, text), ...delta(10, text), ...delta(123456, text)]);
  });

  it('for any texts, growing its buffer as needed', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.nat({ max: 200 }),
            fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })),
          ),
          {
            maxLength: 30,
          },
        ),
        (pieces) => expectSameFrames(pieces.flatMap(([index, text]) => delta(index, text))),
      ),
      { numRuns: 300 },
    );
  });

  it('for errors, with the request id and secrets scrubbed, and for frames passed on as they came', () => {
    const events: AnthropicStreamEvent[] = [
      ...delta(0, 'before'),
      { type: 'error', error: { type: 'api_error', message: 'upstream said sk-secret "no"' } },
    ];
    expectSameFrames(events);
    const rawFrame = (event: AnthropicStreamEvent) =>
      event.type === 'content_block_delta' ? `event: raw\ndata: {"é":${event.index}}\n\n` : undefined;
    expectSameFrames(events, rawFrame);
  });
});
