import type { RawContentBlockDelta, StopReason } from '@anthropic-ai/sdk/resources/messages';
import type {
  AnthropicContentBlock,
  AnthropicDeltaUsage,
  AnthropicMessage,
  AnthropicStreamEvent,
} from '../wire/anthropic-response.js';
import { assertNever } from './convert-user-content.js';

/**
 * Replays a complete Message as the event sequence a stream would have carried, for a
 * backend that answers a streaming request with plain JSON. Each block starts empty and
 * receives its content in one delta, the same shapes the stream translator emits.
 */
export function convertMessageToEvents(message: AnthropicMessage): AnthropicStreamEvent[] {
  // Thinking tokens are only known at the end, so the API reports them in message_delta alone.
  const { output_tokens_details: _thinking, ...startUsage } = message.usage;
  const events: AnthropicStreamEvent[] = [
    {
      type: 'message_start',
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
        usage: startUsage,
      },
    },
  ];
  message.content.forEach((block, index) => {
    events.push({ type: 'content_block_start', index, content_block: emptyBlock(block) });
    for (const delta of blockDeltas(block)) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  });
  const { usage } = message;
  const deltaUsage: AnthropicDeltaUsage = {
    input_tokens: usage.input_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    output_tokens: usage.output_tokens,
  };
  if (usage.output_tokens_details) deltaUsage.output_tokens_details = usage.output_tokens_details;
  events.push({
    type: 'message_delta',
    delta: {
      // A complete message always has a stop_reason; end_turn only guards the type.
      stop_reason: message.stop_reason ?? ('end_turn' satisfies StopReason),
      stop_sequence: message.stop_sequence,
      stop_details: message.stop_details,
    },
    usage: deltaUsage,
  });
  events.push({ type: 'message_stop' });
  return events;
}

function emptyBlock(block: AnthropicContentBlock): AnthropicContentBlock {
  switch (block.type) {
    case 'text':
      return { ...block, text: '' };
    case 'thinking':
      return { ...block, thinking: '', signature: '' };
    case 'tool_use':
      return { ...block, input: {} };
    case 'redacted_thinking':
      // Arrives whole in content_block_start, with no deltas, as Anthropic sends it.
      return block;
    default:
      return assertNever(block);
  }
}

function blockDeltas(block: AnthropicContentBlock): RawContentBlockDelta[] {
  switch (block.type) {
    case 'text':
      return block.text.length > 0 ? [{ type: 'text_delta', text: block.text }] : [];
    case 'thinking':
      return [
        { type: 'thinking_delta', thinking: block.thinking },
        { type: 'signature_delta', signature: block.signature },
      ];
    case 'tool_use':
      return [{ type: 'input_json_delta', partial_json: JSON.stringify(block.input) }];
    case 'redacted_thinking':
      return [];
    default:
      return assertNever(block);
  }
}
