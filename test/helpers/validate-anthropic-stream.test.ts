import { describe, expect, it } from 'vitest';
import { validateAnthropicStream } from './validate-anthropic-stream.js';

const frame = (data: Record<string, unknown>, event = data.type as string) =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const MESSAGE = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-x',
  content: [],
  stop_reason: null,
  stop_sequence: null,
  stop_details: null,
  usage: {
    input_tokens: 3,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: 0,
    service_tier: 'standard',
  },
};
const START = frame({ type: 'message_start', message: MESSAGE });
const textStart = (index: number) =>
  frame({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
const textDelta = (index: number) =>
  frame({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: 'x' } });
const stop = (index: number) => frame({ type: 'content_block_stop', index });
const DELTA = frame({
  type: 'message_delta',
  delta: { stop_reason: 'end_turn', stop_sequence: null, stop_details: null },
  usage: { output_tokens: 1 },
});
const MESSAGE_STOP = frame({ type: 'message_stop' });
const ERROR = frame({ type: 'error', error: { type: 'api_error', message: 'boom' }, request_id: 'req_1' });

describe('validateAnthropicStream', () => {
  it('accepts a well-formed stream and returns its events', () => {
    const events = validateAnthropicStream(
      START + textStart(0) + textDelta(0) + stop(0) + DELTA + MESSAGE_STOP,
    );
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('accepts a stream that ends with an error event inside an open block', () => {
    expect(() => validateAnthropicStream(START + textStart(0) + textDelta(0) + ERROR)).not.toThrow();
  });

  it.each([
    ['an event line that differs from the type', START.replace('event: message_start', 'event: message')],
    ['a frame without an event line', START.replace('event: message_start\n', '')],
    ['an event before message_start', textStart(0) + START],
    ['a delta before its block starts', START + textDelta(0) + DELTA + MESSAGE_STOP],
    ['two open blocks', START + textStart(0) + textStart(1) + stop(1) + stop(0) + DELTA + MESSAGE_STOP],
    ['a reused index', START + textStart(0) + stop(0) + textStart(0) + stop(0) + DELTA + MESSAGE_STOP],
    ['a skipped index', START + textStart(1) + stop(1) + DELTA + MESSAGE_STOP],
    ['a block stopped twice', START + textStart(0) + stop(0) + stop(0) + DELTA + MESSAGE_STOP],
    [
      'a delta type that does not fit its block',
      `${START}${textStart(0)}${frame({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{}' } })}${stop(0)}${DELTA}${MESSAGE_STOP}`,
    ],
    [
      'a thinking block without a signature',
      `${START}${frame({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } })}${stop(0)}${DELTA}${MESSAGE_STOP}`,
    ],
    [
      'tool input that is not JSON',
      `${START}${frame({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'n', input: {}, caller: { type: 'direct' } } })}${frame({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"a":' } })}${stop(0)}${DELTA}${MESSAGE_STOP}`,
    ],
    ['message_delta while a block is open', START + textStart(0) + DELTA + MESSAGE_STOP],
    [
      'a text block with citations: null, a key the API leaves out',
      `${START}${frame({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } })}${stop(0)}${DELTA}${MESSAGE_STOP}`,
    ],
    [
      'a message_start with a key the API does not write',
      frame({ type: 'message_start', message: { ...MESSAGE, container: null } }) + DELTA + MESSAGE_STOP,
    ],
    [
      'a message_delta without stop_details',
      `${START}${frame({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 1 } })}${MESSAGE_STOP}`,
    ],
    [
      'message_delta without output_tokens',
      `${START}${frame({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: {} })}${MESSAGE_STOP}`,
    ],
    ['message_stop without message_delta', START + MESSAGE_STOP],
    ['an event after message_stop', START + DELTA + MESSAGE_STOP + ERROR],
    ['message_stop after an error', START + ERROR + MESSAGE_STOP],
    ['a stream that just stops', START + textStart(0) + textDelta(0)],
  ])('rejects %s', (_name, text) => {
    expect(() => validateAnthropicStream(text)).toThrow(/invalid Anthropic stream|has no data line/);
  });
});
