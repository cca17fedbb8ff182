import type { AnthropicStreamEvent } from '../../src/translate/create-stream-translator.js';
import { checkAnthropicShape } from './check-anthropic-shapes.js';
import { type AnthropicFrame, parseAnthropicSse } from './parse-anthropic-sse.js';

const DELTAS_BY_BLOCK: Record<string, readonly string[]> = {
  text: ['text_delta', 'citations_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  tool_use: ['input_json_delta'],
};

interface OpenBlock {
  index: number;
  type: string;
  json: string;
  signed: boolean;
}

/**
 * Checks an Anthropic event stream against the ordering rules the official SDK relies on
 * and throws an Error naming the first violation and its position:
 * - every frame has an `event:` line equal to its data's type (when given as wire frames);
 * - message_start comes first and only once;
 * - at most one block is open; indices count 0, 1, 2, … without reuse;
 * - a block starts before its deltas, each delta's type fits its block, and it stops once;
 * - a thinking block receives a signature_delta before it stops;
 * - a tool_use block's input_json_delta fragments join into a JSON object;
 * - it ends with message_delta (stop_reason and usage.output_tokens set) then message_stop,
 *   or with a single error event and no message_stop;
 * - every event has the keys the Anthropic API writes (test/fixtures/anthropic-shapes/). Error
 *   events are checked only as wire frames: the renderer adds their request_id.
 * Returns the events, for further assertions.
 */
export function validateAnthropicStream(
  input: string | readonly { readonly type: string }[],
): AnthropicStreamEvent[] {
  const onWire = typeof input === 'string';
  const frames: AnthropicFrame[] =
    typeof input === 'string'
      ? parseAnthropicSse(input)
      : input.map((data) => ({ event: data.type, data: data as AnthropicStreamEvent }));
  const fail = (position: number, problem: string): never => {
    const context = frames
      .slice(Math.max(0, position - 2), position + 1)
      .map((frame) => JSON.stringify(frame.data))
      .join('\n  ');
    throw new Error(`invalid Anthropic stream at event ${position}: ${problem}\n  ${context}`);
  };

  let started = false;
  let open: OpenBlock | null = null;
  let nextIndex = 0;
  let sawMessageDelta = false;
  let ended = false;

  frames.forEach((frame, position) => {
    const event = frame.data;
    if (frame.event !== event.type)
      fail(position, `event line "${frame.event}" differs from type "${event.type}"`);
    if (ended) fail(position, `"${event.type}" after the stream ended`);
    if (!started && event.type !== 'message_start') fail(position, `"${event.type}" before message_start`);
    if (onWire || event.type !== 'error') {
      try {
        checkAnthropicShape(event, 'event');
      } catch (error) {
        fail(position, (error as Error).message);
      }
    }
    switch (event.type) {
      case 'message_start':
        if (started) fail(position, 'a second message_start');
        started = true;
        break;
      case 'content_block_start':
        if (open) fail(position, `block ${event.index} starts while block ${open.index} is open`);
        if (sawMessageDelta) fail(position, 'a block starts after message_delta');
        if (event.index !== nextIndex) fail(position, `block index ${event.index}, expected ${nextIndex}`);
        open = { index: event.index, type: event.content_block.type, json: '', signed: false };
        nextIndex++;
        break;
      case 'content_block_delta': {
        if (!open || open.index !== event.index)
          fail(position, `delta for block ${event.index}, which is not open`);
        const block = open as OpenBlock;
        const allowed = DELTAS_BY_BLOCK[block.type] ?? [];
        if (!allowed.includes(event.delta.type))
          fail(position, `${event.delta.type} in a ${block.type} block`);
        if (block.signed && event.delta.type === 'thinking_delta')
          fail(position, 'thinking after the signature');
        if (event.delta.type === 'signature_delta') block.signed = true;
        if (event.delta.type === 'input_json_delta') block.json += event.delta.partial_json;
        break;
      }
      case 'content_block_stop': {
        if (!open || open.index !== event.index)
          fail(position, `stop for block ${event.index}, which is not open`);
        const block = open as OpenBlock;
        if (block.type === 'thinking' && !block.signed)
          fail(position, 'thinking block stops without a signature');
        if (block.type === 'tool_use') {
          let input: unknown = {};
          try {
            if (block.json.length > 0) input = JSON.parse(block.json);
          } catch {
            fail(position, `tool input is not JSON: ${block.json}`);
          }
          if (typeof input !== 'object' || input === null || Array.isArray(input)) {
            fail(position, 'tool input is not an object');
          }
        }
        open = null;
        break;
      }
      case 'message_delta':
        if (open) fail(position, `message_delta while block ${(open as OpenBlock).index} is open`);
        if (sawMessageDelta) fail(position, 'a second message_delta');
        if (event.delta.stop_reason === null) fail(position, 'message_delta without stop_reason');
        if (typeof event.usage.output_tokens !== 'number') fail(position, 'usage.output_tokens missing');
        sawMessageDelta = true;
        break;
      case 'message_stop':
        if (!sawMessageDelta || frames[position - 1]?.data.type !== 'message_delta') {
          fail(position, 'message_stop not directly after message_delta');
        }
        ended = true;
        break;
      case 'error':
        if (typeof event.error?.type !== 'string' || typeof event.error?.message !== 'string') {
          fail(position, 'error event without error.type and error.message');
        }
        ended = true;
        break;
      case 'ping':
        break;
      default:
        fail(position, `unknown event type "${(event as { type: string }).type}"`);
    }
  });
  if (!ended) fail(frames.length - 1, 'the stream ends without message_stop or error');
  return frames.map((frame) => frame.data);
}
