import type { ContentBlock, Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';

/**
 * Replays a complete Message as the event sequence a stream would have carried, for a
 * backend that answers a streaming request with plain JSON. Each block starts empty and
 * receives its content in one delta, the same shapes the stream translator emits.
 */
export function convertMessageToEvents(message: Message): RawMessageStreamEvent[] {
  const events: RawMessageStreamEvent[] = [
    {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, stop_sequence: null, stop_details: null },
    },
  ];
  message.content.forEach((block, index) => {
    events.push({ type: 'content_block_start', index, content_block: emptyBlock(block) });
    for (const delta of blockDeltas(block)) events.push({ type: 'content_block_delta', index, delta });
    events.push({ type: 'content_block_stop', index });
  });
  const { usage } = message;
  events.push({
    type: 'message_delta',
    delta: {
      stop_reason: message.stop_reason,
      stop_sequence: message.stop_sequence,
      stop_details: message.stop_details,
      container: message.container,
    },
    usage: {
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens,
      output_tokens_details: usage.output_tokens_details,
      server_tool_use: usage.server_tool_use,
    },
  });
  events.push({ type: 'message_stop' });
  return events;
}

type StartBlock = Extract<RawMessageStreamEvent, { type: 'content_block_start' }>['content_block'];
type BlockDelta = Extract<RawMessageStreamEvent, { type: 'content_block_delta' }>['delta'];

function emptyBlock(block: ContentBlock): StartBlock {
  switch (block.type) {
    case 'text':
      return { ...block, text: '' };
    case 'thinking':
      return { ...block, thinking: '', signature: '' };
    case 'tool_use':
      return { ...block, input: {} };
    default:
      // Blocks the translator never produces arrive whole in content_block_start, as Anthropic sends them.
      return block as StartBlock;
  }
}

function blockDeltas(block: ContentBlock): BlockDelta[] {
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
    default:
      return [];
  }
}
