import { UpstreamProtocolError, UpstreamReportedError } from '../errors.js';
import type { AnthropicMessage } from '../wire/anthropic-response.js';
import { assertNever } from './convert-user-content.js';
import type { AnthropicStreamEvent } from './create-stream-translator.js';

/**
 * Assembles the Message a complete event sequence describes, for a backend that answers a
 * non-streaming request with SSE (Qwen does). An error event becomes the error it reports;
 * a sequence without message_stop is a truncated answer and is rejected.
 */
export function convertEventsToMessage(events: readonly AnthropicStreamEvent[]): AnthropicMessage {
  let message: AnthropicMessage | null = null;
  const toolInputs = new Map<number, string>();
  for (const event of events) {
    switch (event.type) {
      case 'message_start':
        message = { ...event.message, content: [], usage: { ...event.message.usage } };
        break;
      case 'content_block_start':
        message?.content.push({ ...event.content_block });
        break;
      case 'content_block_delta': {
        const block = message?.content[event.index];
        const { delta } = event;
        if (block?.type === 'text' && delta.type === 'text_delta') block.text += delta.text;
        else if (block?.type === 'thinking' && delta.type === 'thinking_delta')
          block.thinking += delta.thinking;
        else if (block?.type === 'thinking' && delta.type === 'signature_delta')
          block.signature = delta.signature;
        else if (block?.type === 'tool_use' && delta.type === 'input_json_delta') {
          toolInputs.set(event.index, (toolInputs.get(event.index) ?? '') + delta.partial_json);
        }
        break;
      }
      case 'content_block_stop': {
        const block = message?.content[event.index];
        const json = toolInputs.get(event.index);
        // The translator emits validated JSON, so this parse cannot fail on its output.
        if (block?.type === 'tool_use' && json !== undefined) block.input = JSON.parse(json);
        break;
      }
      case 'message_delta':
        if (!message) break;
        message.stop_reason = event.delta.stop_reason;
        message.stop_sequence = event.delta.stop_sequence;
        message.stop_details = event.delta.stop_details;
        message.usage.output_tokens = event.usage.output_tokens;
        if (event.usage.input_tokens != null) message.usage.input_tokens = event.usage.input_tokens;
        if (event.usage.cache_read_input_tokens != null) {
          message.usage.cache_read_input_tokens = event.usage.cache_read_input_tokens;
        }
        if (event.usage.cache_creation_input_tokens != null) {
          message.usage.cache_creation_input_tokens = event.usage.cache_creation_input_tokens;
        }
        if (event.usage.output_tokens_details != null) {
          message.usage.output_tokens_details = event.usage.output_tokens_details;
        }
        if (event.usage.cache_creation_input_tokens != null) {
          message.usage.cache_creation = {
            ephemeral_5m_input_tokens: event.usage.cache_creation_input_tokens,
            ephemeral_1h_input_tokens: 0,
          };
        }
        break;
      case 'message_stop':
        if (message) return message;
        break;
      case 'error':
        throw new UpstreamReportedError(event.error.type, event.error.message);
      case 'ping':
        break;
      default:
        assertNever(event);
    }
  }
  throw new UpstreamProtocolError('The backend stream ended before the answer was complete');
}
