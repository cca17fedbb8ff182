import { describe, expect, it } from 'vitest';
import { createStreamConverter } from '../../src/providers/chat-completions/create-stream-converter.js';
import { convertEventsToMessage } from '../../src/translate/convert-events-to-message.js';
import { buildChunkStream } from './build-chunk-stream.js';
import { createFixtureStreamContext } from './fixture-stream-context.js';
import { validateAnthropicStream } from './validate-anthropic-stream.js';

/** Reads a built stream the way the proxy does and assembles the message a client ends up with. */
function messageOf(body: string) {
  const converter = createStreamConverter(createFixtureStreamContext());
  const events = [...converter.start(), ...converter.push(Buffer.from(body, 'utf8')), ...converter.end()];
  validateAnthropicStream(events);
  return convertEventsToMessage(events);
}

/** The data payloads of a built stream, without the closing [DONE]. */
function chunksOf(body: string): unknown[] {
  return body
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: {'))
    .map((frame) => JSON.parse(frame.slice('data: '.length)) as unknown);
}

describe('buildChunkStream', () => {
  it('reassembles into thinking, text and tool_use blocks with the whole input when read by the proxy', () => {
    const input = { command: 'echo "héllo 😀"', description: 'Say hello' };
    const message = messageOf(
      buildChunkStream([
        { reasoning: 'I will greet the user.' },
        { text: 'Greeting now.' },
        { toolCall: { id: 'call_1', name: 'Bash', arguments: JSON.stringify(input) } },
      ]),
    );
    expect(message.content).toMatchObject([
      { type: 'thinking', thinking: 'I will greet the user.' },
      { type: 'text', text: 'Greeting now.' },
      { type: 'tool_use', id: 'call_1', name: 'Bash', input },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('splits on code points so no delta holds half a surrogate pair', () => {
    const chunks = chunksOf(buildChunkStream([{ text: '😀😀😀' }], { pieceLength: 1 }));
    expect(chunks.slice(0, 3)).toMatchObject([
      { choices: [{ delta: { role: 'assistant', content: '😀' } }] },
      { choices: [{ delta: { content: '😀' } }] },
      { choices: [{ delta: { content: '😀' } }] },
    ]);
  });

  it('ends with a stop finish chunk, then a usage chunk with empty choices, then [DONE] for a text answer', () => {
    const body = buildChunkStream([{ text: 'Hi' }], { usage: { prompt_tokens: 3, completion_tokens: 1 } });
    expect(chunksOf(body).slice(-2)).toMatchObject([
      { choices: [{ delta: {}, finish_reason: 'stop' }] },
      { choices: [], usage: { prompt_tokens: 3, completion_tokens: 1 } },
    ]);
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(messageOf(body)).toMatchObject({ stop_reason: 'end_turn', usage: { output_tokens: 1 } });
  });
});
