import type {
  RawContentBlockDeltaEvent,
  RawContentBlockStopEvent,
  RawMessageStopEvent,
  RedactedThinkingBlock,
  RefusalStopDetails,
  StopReason,
  TextCitation,
  ThinkingBlock,
  ToolUseBlock,
} from '@anthropic-ai/sdk/resources/messages';
import type { AnthropicErrorType } from '../errors.js';

/*
 * The Anthropic answer shapes the proxy writes, key for key as the real API writes them.
 *
 * The SDK's response types declare every field any API version or beta may send, most of
 * them `T | null`. The API itself leaves out what does not apply (no `citations` on a text
 * block without citations, no `container` without the code execution tool, no `diagnostics`
 * or `speed` without their betas), and strict clients validate against the API, not the SDK:
 * the Vercel AI SDK rejects `"citations": null`. So these types allow exactly the keys the
 * API documents for an answer like the proxy's; test/fixtures/anthropic-shapes/ holds one
 * example of each, and the tests compare every answer against them.
 */

/** A text block; `citations` only when there are citations (the proxy never writes them). */
export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  citations?: TextCitation[];
}

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | ThinkingBlock
  | RedactedThinkingBlock
  | Omit<ToolUseBlock, 'toolset_name'>;

/** The API always splits cache writes by lifetime; the proxy's all count as the default 5-minute one. */
export interface AnthropicCacheCreation {
  ephemeral_5m_input_tokens: number;
  ephemeral_1h_input_tokens: number;
}

/** `usage` of a message and of message_start. */
export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: AnthropicCacheCreation;
  output_tokens: number;
  /** Only when the answer spent tokens on thinking. */
  output_tokens_details?: { thinking_tokens: number };
  service_tier: 'standard' | 'priority' | 'batch';
}

/** `usage` of message_delta: cumulative counts; output_tokens always, the rest once known. */
export interface AnthropicDeltaUsage {
  input_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  output_tokens: number;
  output_tokens_details?: { thinking_tokens: number };
}

/** A complete answer (`type: "message"`), also the `message` of message_start. */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  /** null only in message_start. */
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  stop_details: RefusalStopDetails | null;
  usage: AnthropicUsage;
}

export interface AnthropicMessageStartEvent {
  type: 'message_start';
  message: AnthropicMessage;
}

export interface AnthropicContentBlockStartEvent {
  type: 'content_block_start';
  index: number;
  content_block: AnthropicContentBlock;
}

export interface AnthropicMessageDeltaEvent {
  type: 'message_delta';
  delta: { stop_reason: StopReason; stop_sequence: string | null; stop_details: RefusalStopDetails | null };
  usage: AnthropicDeltaUsage;
}

export interface AnthropicStreamErrorEvent {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}

/** Every event an Anthropic stream carries, as the proxy writes them. */
export type AnthropicStreamEvent =
  | AnthropicMessageStartEvent
  | AnthropicContentBlockStartEvent
  | RawContentBlockDeltaEvent
  | RawContentBlockStopEvent
  | AnthropicMessageDeltaEvent
  | RawMessageStopEvent
  | { type: 'ping' }
  | AnthropicStreamErrorEvent;
