import { describe, expect, it } from 'vitest';
import { createStreamConverter } from '../../../src/providers/chat-completions/create-stream-converter.js';
import { renderSseFrame, renderStreamEvents } from '../../../src/server/streaming/render-sse-frame.js';
import { convertMessageToEvents } from '../../../src/translate/convert-message-to-events.js';
import type { AnthropicStreamEvent } from '../../../src/translate/create-stream-translator.js';
import { createFixtureCaseContext } from '../../helpers/fixture-stream-context.js';
import { listAllFixtureCases, readFixtureEnv, readTextFixture } from '../../helpers/load-fixture.js';

/**
 * renderStreamEvents writes text, thinking and tool-input deltas from a template; the
 * generic renderSseFrame (JSON.stringify of the whole event) is the reference, and every
 * event the fixture corpus produces must come out byte for byte the same either way.
 */
const identity = (text: string) => text;

function corpusEvents(): AnthropicStreamEvent[] {
  const events: AnthropicStreamEvent[] = [];
  for (const name of listAllFixtureCases('.openai.sse')) {
    const text = readTextFixture(`${name}.openai.sse`);
    const converter = createStreamConverter(createFixtureCaseContext(readFixtureEnv(text)));
    events.push(...converter.start(), ...converter.push(Buffer.from(text, 'utf8')), ...converter.end());
  }
  return events.filter((event) => event.type !== 'error');
}

const awkwardTexts = [
  '',
  'plain',
  'quote " backslash \\ slash /',
  'line\nbreak\ttab\r',
  '\u2028\u2029',
  'née 日本 🎉',
  '\u0000\u001f',
  '\ud800 lone surrogate',
];

describe('the delta template renders what JSON.stringify renders', () => {
  const events = corpusEvents();

  it('over every event of the fixture corpus', () => {
    const deltas = events.filter((event) => event.type === 'content_block_delta');
    expect(deltas.length).toBeGreaterThan(100);
    for (const event of events)
      expect(renderStreamEvents([event], 'req_test', identity)).toBe(renderSseFrame(event));
  });

  it.each(awkwardTexts)('for text %j of every delta kind', (text) => {
    const samples: AnthropicStreamEvent[] = [
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
      { type: 'content_block_delta', index: 12, delta: { type: 'thinking_delta', thinking: text } },
      { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: text } },
    ];
    for (const event of samples)
      expect(renderStreamEvents([event], 'req_test', identity)).toBe(renderSseFrame(event));
  });

  it('over the events a complete answer is replayed as', () => {
    const replayed = convertMessageToEvents({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'm',
      content: [
        { type: 'thinking', thinking: 'hmm "quoted"', signature: 'sig' },
        { type: 'text', text: 'Hello\nworld' },
        { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/a "b"' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      stop_details: null,
      usage: { input_tokens: 1, output_tokens: 2 },
    } as Parameters<typeof convertMessageToEvents>[0]);
    for (const event of replayed)
      expect(renderStreamEvents([event], 'req_test', identity)).toBe(renderSseFrame(event));
  });
});
