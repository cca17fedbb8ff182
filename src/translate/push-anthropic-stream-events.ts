import type { ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import type { AnthropicStreamEvent } from '../wire/anthropic-response.js';
import type { ConvertedFinish } from './convert-finish.js';
import { type TokenUsage, toAnthropicUsage, toDeltaUsage, ZERO_USAGE } from './convert-usage.js';
import type { StreamContext } from './create-stream-translator.js';

/**
 * The Anthropic events every stream translator writes, whatever protocol it reads: one plain
 * function per event shape, so the translators agree on them to the byte (clients and the
 * fixtures compare key order too) and the per-delta path costs one call and one object.
 */

/** A block that streams text: thinking, or text (a refusal is streamed as text). */
export type StreamedBlockKind = 'thinking' | 'text' | 'refusal';

export function pushMessageStart(context: StreamContext, events: AnthropicStreamEvent[]): void {
  events.push({
    type: 'message_start',
    message: {
      id: context.messageId,
      type: 'message',
      role: 'assistant',
      model: context.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      stop_details: null,
      usage: toAnthropicUsage({ ...ZERO_USAGE, inputTokens: context.estimatedInputTokens ?? 0 }),
    },
  });
}

export function pushBlockStart(kind: StreamedBlockKind, index: number, events: AnthropicStreamEvent[]): void {
  events.push({
    type: 'content_block_start',
    index,
    content_block:
      kind === 'thinking' ? { type: 'thinking', thinking: '', signature: '' } : { type: 'text', text: '' },
  });
}

export function pushBlockDelta(
  kind: StreamedBlockKind,
  index: number,
  text: string,
  events: AnthropicStreamEvent[],
): void {
  events.push({
    type: 'content_block_delta',
    index,
    delta: kind === 'thinking' ? { type: 'thinking_delta', thinking: text } : { type: 'text_delta', text },
  });
}

/** Ends a block; a thinking block's signature (undefined for other blocks) goes out just before. */
export function pushBlockStop(
  index: number,
  signature: string | undefined,
  events: AnthropicStreamEvent[],
): void {
  if (signature !== undefined)
    events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } });
  events.push({ type: 'content_block_stop', index });
}

/** A tool call as one whole block: its arguments are complete, so the client's JSON parse never fails. */
export function pushToolUseBlock(block: ToolUseBlock, index: number, events: AnthropicStreamEvent[]): void {
  // Key order as the API writes it: input (empty until the delta) before caller.
  const { type, id, name, caller } = block;
  events.push({ type: 'content_block_start', index, content_block: { type, id, name, input: {}, caller } });
  events.push({
    type: 'content_block_delta',
    index,
    delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
  });
  events.push({ type: 'content_block_stop', index });
}

/** message_delta with how the answer stopped, then message_stop. */
export function pushMessageEnd(
  finish: Extract<ConvertedFinish, { kind: 'stop' }>,
  usage: TokenUsage | null | undefined,
  events: AnthropicStreamEvent[],
): void {
  events.push({
    type: 'message_delta',
    delta: {
      stop_reason: finish.stopReason,
      stop_sequence: finish.stopSequence,
      stop_details: finish.stopDetails,
    },
    // Without backend usage only output_tokens (which the SDK requires) is sent, so clients keep
    // message_start's input counts, as with the API's older message_delta that carried nothing else.
    usage: usage ? toDeltaUsage(usage) : { output_tokens: 0 },
  });
  events.push({ type: 'message_stop' });
}
