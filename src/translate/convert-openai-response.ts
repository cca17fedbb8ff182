import type { ThinkTagMode } from '../dialects/dialect.js';
import { UpstreamProtocolError, UpstreamReportedError } from '../errors.js';
import type { AnthropicContentBlock, AnthropicMessage } from '../wire/anthropic-response.js';
import type { OpenAIChatResponse } from '../wire/openai.js';
import {
  encodeReasoningSignature,
  isEmptyReasoningState,
  type ReasoningState,
} from './carry-reasoning-state.js';
import { convertFinish } from './convert-finish.js';
import { convertToolCall } from './convert-tool-call.js';
import { convertUsage, toAnthropicUsage } from './convert-usage.js';
import { createThinkTagSplitter } from './create-think-tag-splitter.js';
import type { ToolNameMap } from './create-tool-name-map.js';
import { type MessageParts, readMessageParts } from './read-message-parts.js';

export interface ResponseContext {
  /** The `msg_…` id to report. */
  messageId: string;
  /** The model name the client asked for; responses always echo it. */
  model: string;
  /** The request's stop sequences, to recognise a backend that names the one it matched. */
  stopSequences?: readonly string[] | undefined;
  /** Makes a `toolu_…` id for a tool call that arrived without one. */
  createToolId: () => string;
  /** Maps tool names the backend was given back to the client's; names pass through without it. */
  toolNames?: Pick<ToolNameMap, 'toClient'> | undefined;
  /** The client asked for thinking with `display: "omitted"`: thinking blocks keep only their signature. */
  omitThinkingText?: boolean | undefined;
  /** Whether `<think>` tags in the answer text become a thinking block; unset is `off`. */
  thinkTags?: ThinkTagMode | undefined;
  /** `provider/model` answering, written into signatures so their state is replayed to it alone. */
  reasoningOrigin?: string | undefined;
}

/** Converts a non-streaming Chat Completions response into an Anthropic Message. */
export function convertOpenAIResponse(
  response: OpenAIChatResponse,
  context: ResponseContext,
): AnthropicMessage {
  const choice = response.choices?.[0];
  if (!choice?.message) {
    throw new UpstreamProtocolError('The backend returned a completion with no choices');
  }
  const message = choice.message;
  const content: AnthropicContentBlock[] = [];
  const { reasoning, text } = splitThinkTags(readMessageParts(message), context.thinkTags);
  if (text.length > 0) content.push({ type: 'text', text });
  if (message.refusal) content.push({ type: 'text', text: message.refusal });

  const state: ReasoningState = {};
  if (Array.isArray(message.reasoning_details) && message.reasoning_details.length > 0)
    state.details = message.reasoning_details;
  const takenIds = new Set<string>();
  for (const call of message.tool_calls ?? []) {
    const { name, arguments: args } = call.function ?? {};
    const block = convertToolCall({ id: call.id, name, arguments: args }, context, takenIds);
    content.push(block);
    const signature = call.extra_content?.google?.thought_signature;
    if (typeof signature === 'string' && signature.length > 0) {
      state.toolSignatures ??= {};
      state.toolSignatures[block.id] = signature;
    }
  }
  if (reasoning.length > 0 || !isEmptyReasoningState(state)) {
    content.unshift({
      type: 'thinking',
      thinking: context.omitThinkingText ? '' : reasoning,
      signature: encodeReasoningSignature(withOrigin(state, context.reasoningOrigin)),
    });
  }

  const finish = convertFinish({
    finishReason: choice.finish_reason,
    sawToolCalls: (message.tool_calls?.length ?? 0) > 0,
    sawRefusal: Boolean(message.refusal),
    matchedStop: choice.stop_reason,
    stopSequences: context.stopSequences,
  });
  if (finish.kind === 'error') throw new UpstreamReportedError(finish.errorType, finish.message);

  return {
    id: context.messageId,
    type: 'message',
    role: 'assistant',
    model: context.model,
    content,
    stop_reason: finish.stopReason,
    stop_sequence: finish.stopSequence,
    stop_details: finish.stopDetails,
    usage: toAnthropicUsage(convertUsage(response.usage)),
  };
}

/**
 * Moves `<think>` reasoning out of a whole answer's text with the streaming splitter, so a
 * streamed and a non-streamed answer give the same blocks. A reasoning field means the
 * backend separated the reasoning itself, and the text is left alone.
 */
function splitThinkTags(parts: MessageParts, mode: ThinkTagMode | undefined): MessageParts {
  if (mode === undefined || mode === 'off' || parts.reasoning.length > 0 || parts.text.length === 0)
    return parts;
  // In `on` mode only a tag opens the reasoning: an answer without a `<` is text as it is, and
  // most answers need no splitter (one costs ~2 KB of objects a request).
  if (mode === 'on' && !parts.text.includes('<')) return parts;
  const splitter = createThinkTagSplitter(mode);
  let reasoning = '';
  let text = '';
  for (const part of [...splitter.push(parts.text), ...splitter.finish()]) {
    if (part.kind === 'thinking') reasoning += part.text;
    else text += part.text;
  }
  return { reasoning, text };
}

/** The state with the model that produced it, when known. */
export function withOrigin(state: ReasoningState, origin: string | undefined): ReasoningState {
  return origin ? { ...state, origin } : state;
}
