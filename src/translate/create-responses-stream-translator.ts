import type { ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import { type AnthropicErrorType, ProxyError } from '../errors.js';
import type { Mutable } from '../mutable.js';
import type {
  ResponsesOutputItem,
  ResponsesResponse,
  ResponsesStreamEvent,
} from '../wire/openai-responses.js';
import { encodeReasoningSignature, type ReasoningState } from './carry-reasoning-state.js';
import { convertFinish } from './convert-finish.js';
import { withOrigin } from './convert-openai-response.js';
import { convertResponsesUsage } from './convert-responses-usage.js';
import { convertToolCall } from './convert-tool-call.js';
import type { TokenUsage } from './convert-usage.js';
import type { AnthropicStreamEvent, StreamContext } from './create-stream-translator.js';
import { mapResponsesErrorCode, mapResponsesStatus } from './map-responses-status.js';
import {
  pushBlockDelta,
  pushBlockStart,
  pushBlockStop,
  pushMessageEnd,
  pushMessageStart,
  pushToolUseBlock,
} from './push-anthropic-stream-events.js';

/** Why the Responses stream ended without a terminal event: the connection closed. */
export type ResponsesStreamEnd =
  | { kind: 'eof' }
  | { kind: 'error'; errorType: AnthropicErrorType; message: string };

/** An error the backend reported, with the HTTP status its code stands for. */
export interface ReportedResponsesError {
  type: AnthropicErrorType;
  status: number;
  message: string;
}

export interface ResponsesStreamTranslator {
  start(): AnthropicStreamEvent[];
  push(event: ResponsesStreamEvent): AnthropicStreamEvent[];
  end(reason: ResponsesStreamEnd): AnthropicStreamEvent[];
  readonly finished: boolean;
  /** The error the backend reported (an `error` event or response.failed), once one did. */
  readonly reportedError: ReportedResponsesError | undefined;
}

interface PendingCall {
  callId: string | undefined;
  name: string | undefined;
  arguments: string;
}

/**
 * Turns Responses API stream events into Anthropic stream events, with the invariants of
 * the Chat Completions translator: message_start first, one block open at a time, indices
 * 0, 1, 2, …, and an end of message_delta plus message_stop, or a single error event.
 *
 * Blocks follow the output items in order. A reasoning item becomes a thinking block (its
 * summary as the text) whose signature carries the item itself, encrypted content and all,
 * so the next request can give it back. A message item becomes a text block, refusals
 * included. A function call is emitted whole once its item is done: only then are its
 * arguments complete and checkable. Items that arrive done without deltas (whole answers,
 * servers that skip deltas) produce the same blocks, so the non-streaming conversion runs
 * through this translator too.
 */
export function createResponsesStreamTranslator(context: StreamContext): ResponsesStreamTranslator {
  let phase: 'idle' | 'streaming' | 'finished' = 'idle';
  let open: { kind: 'thinking' | 'text'; itemId: string | undefined; parts: number } | null = null;
  let nextIndex = 0;
  let sawRefusal = false;
  let toolCount = 0;
  const takenIds = new Set<string>();
  const calls = new Map<string, PendingCall>();
  /** Items whose text was streamed as deltas: their done event adds nothing. */
  const streamedItems = new Set<string>();

  function start(events: AnthropicStreamEvent[]): void {
    if (phase !== 'idle') return;
    phase = 'streaming';
    pushMessageStart(context, events);
  }

  function openBlock(
    kind: 'thinking' | 'text',
    itemId: string | undefined,
    events: AnthropicStreamEvent[],
  ): void {
    if (open?.kind === kind && open.itemId === itemId) return;
    closeBlock(events, undefined);
    open = { kind, itemId, parts: 0 };
    pushBlockStart(kind, nextIndex++, events);
  }

  /** Closes the open block; a thinking block first gets the signature carrying its reasoning item. */
  function closeBlock(events: AnthropicStreamEvent[], reasoningItem: ResponsesOutputItem | undefined): void {
    if (open === null) return;
    let signature: string | undefined;
    if (open.kind === 'thinking') {
      const state: ReasoningState = reasoningItem
        ? { responsesItems: [toInputReasoningItem(reasoningItem)] }
        : {};
      signature = encodeReasoningSignature(withOrigin(state, context.reasoningOrigin));
    }
    pushBlockStop(nextIndex - 1, signature, events);
    open = null;
  }

  function appendText(
    kind: 'thinking' | 'text',
    itemId: string | undefined,
    text: string,
    events: AnthropicStreamEvent[],
  ): void {
    openBlock(kind, itemId, events);
    if (text.length === 0 || (kind === 'thinking' && context.omitThinkingText)) return;
    pushBlockDelta(kind, nextIndex - 1, text, events);
  }

  function emitToolCall(call: PendingCall, events: AnthropicStreamEvent[]): boolean {
    closeBlock(events, undefined);
    let block: ToolUseBlock;
    try {
      block = convertToolCall(
        { id: call.callId, name: call.name, arguments: call.arguments },
        context,
        takenIds,
      );
    } catch (error) {
      if (!(error instanceof ProxyError)) throw error;
      fail(error.type, 502, error.message, events);
      return false;
    }
    toolCount++;
    pushToolUseBlock(block, nextIndex++, events);
    return true;
  }

  function fail(
    type: AnthropicErrorType,
    status: number,
    message: string,
    events: AnthropicStreamEvent[],
  ): void {
    translator.reportedError ??= { type, status, message };
    events.push({ type: 'error', error: { type, message } });
    phase = 'finished';
    translator.finished = true;
  }

  function itemAdded(item: ResponsesOutputItem, events: AnthropicStreamEvent[]): void {
    switch (item.type) {
      case 'reasoning':
        openBlock('thinking', item.id, events);
        break;
      case 'function_call':
        closeBlock(events, undefined);
        calls.set(item.id ?? `call-${calls.size}`, {
          callId: item.call_id,
          name: item.name,
          arguments: item.arguments ?? '',
        });
        break;
      default:
        // A message opens its text block with its first delta; built-in tool calls have no Anthropic form.
        break;
    }
  }

  function itemDone(item: ResponsesOutputItem, events: AnthropicStreamEvent[]): void {
    switch (item.type) {
      case 'reasoning': {
        const streamed = item.id !== undefined && streamedItems.has(item.id);
        openBlock('thinking', item.id, events);
        if (!streamed) appendText('thinking', item.id, joinSummary(item), events);
        closeBlock(events, item);
        break;
      }
      case 'message': {
        const streamed = item.id !== undefined && streamedItems.has(item.id);
        if (!streamed) {
          for (const part of item.content ?? []) {
            if (part.type === 'output_text' && part.text) appendText('text', item.id, part.text, events);
            else if (part.type === 'refusal' && part.refusal) {
              sawRefusal = true;
              appendText('text', item.id, part.refusal, events);
            }
          }
        }
        if (open?.itemId === item.id) closeBlock(events, undefined);
        break;
      }
      case 'function_call': {
        const key = item.id ?? findCallKey(item.call_id) ?? `call-${calls.size}`;
        const pending = calls.get(key);
        calls.delete(key);
        const call: PendingCall = {
          callId: item.call_id ?? pending?.callId,
          name: item.name ?? pending?.name,
          // The done item's arguments are the complete ones; the deltas were only their pieces.
          arguments: item.arguments ?? pending?.arguments ?? '',
        };
        emitToolCall(call, events);
        break;
      }
      default:
        break;
    }
  }

  function findCallKey(callId: string | undefined): string | undefined {
    for (const [key, call] of calls) if (call.callId === callId) return key;
    return undefined;
  }

  function finish(response: ResponsesResponse | undefined, events: AnthropicStreamEvent[]): void {
    // Output the stream never finished (cut off by max_output_tokens) still reaches the client.
    if (open?.kind === 'thinking') closeBlock(events, undefined);
    for (const call of calls.values()) if (!emitToolCall(call, events)) return;
    calls.clear();
    closeBlock(events, undefined);
    const finish = convertFinish({
      finishReason: mapResponsesStatus(response?.status, response?.incomplete_details?.reason),
      sawToolCalls: toolCount > 0,
      sawRefusal,
      matchedStop: null,
      stopSequences: context.stopSequences,
    });
    if (finish.kind === 'error') {
      fail(finish.errorType, 500, finish.message, events);
      return;
    }
    const usage: TokenUsage | undefined = response?.usage ? convertResponsesUsage(response.usage) : undefined;
    pushMessageEnd(finish, usage, events);
    phase = 'finished';
    translator.finished = true;
  }

  // Set with the state they show: data properties, not getters (see Mutable).
  const translator: Mutable<ResponsesStreamTranslator> = {
    finished: false,
    reportedError: undefined,
    start() {
      const events: AnthropicStreamEvent[] = [];
      start(events);
      return events;
    },
    push(event) {
      const events: AnthropicStreamEvent[] = [];
      if (phase === 'finished') return events;
      start(events);
      switch (event.type) {
        case 'response.output_item.added':
          if (event.item) itemAdded(event.item, events);
          break;
        case 'response.output_item.done':
          if (event.item) itemDone(event.item, events);
          break;
        case 'response.reasoning_summary_part.added':
        case 'response.reasoning_text.delta':
        case 'response.reasoning_summary_text.delta': {
          if (event.item_id !== undefined) streamedItems.add(event.item_id);
          openBlock('thinking', event.item_id, events);
          if (event.type === 'response.reasoning_summary_part.added') {
            // Summary parts are paragraphs; the thinking text keeps them apart.
            if (open !== null && open.parts++ > 0) appendText('thinking', event.item_id, '\n\n', events);
          } else appendText('thinking', event.item_id, event.delta ?? '', events);
          break;
        }
        case 'response.output_text.delta':
        case 'response.refusal.delta':
          if (event.item_id !== undefined) streamedItems.add(event.item_id);
          if (event.type === 'response.refusal.delta') sawRefusal = true;
          appendText('text', event.item_id, event.delta ?? '', events);
          break;
        case 'response.function_call_arguments.delta': {
          const call = event.item_id === undefined ? undefined : calls.get(event.item_id);
          if (call) call.arguments += event.delta ?? '';
          break;
        }
        case 'response.function_call_arguments.done': {
          const call = event.item_id === undefined ? undefined : calls.get(event.item_id);
          if (call && typeof event.arguments === 'string') call.arguments = event.arguments;
          break;
        }
        case 'response.completed':
        case 'response.incomplete':
          finish(event.response, events);
          break;
        case 'response.failed': {
          const mapped = mapResponsesErrorCode(event.response?.error?.code);
          fail(
            mapped.type,
            mapped.status,
            describeError(event.response?.error?.message, event.response?.error?.code),
            events,
          );
          break;
        }
        case 'error': {
          const mapped = mapResponsesErrorCode(event.code);
          fail(mapped.type, mapped.status, describeError(event.message, event.code), events);
          break;
        }
        default:
          // Lifecycle events (created, in_progress, content_part.*, *.done of text) and the
          // built-in tools' progress events add nothing an Anthropic client can show.
          break;
      }
      return events;
    },
    end(reason) {
      const events: AnthropicStreamEvent[] = [];
      if (phase === 'finished') return events;
      start(events);
      if (reason.kind === 'eof')
        fail('api_error', 502, 'The backend closed the stream before response.completed', events);
      else fail(reason.errorType, 500, reason.message, events);
      return events;
    },
  };
  return translator;
}

function joinSummary(item: ResponsesOutputItem): string {
  return (item.summary ?? [])
    .map((part) => part.text ?? '')
    .filter((text) => text.length > 0)
    .join('\n\n');
}

function describeError(message: string | null | undefined, code: string | null | undefined): string {
  const text = message?.trim() || 'The backend reported an error';
  return code ? `${text} (${code})` : text;
}

/**
 * The item as the next request gives it back: what the API defines for a reasoning input
 * item, and not its status (the API refuses output-only fields in input).
 */
function toInputReasoningItem(item: ResponsesOutputItem): Record<string, unknown> {
  return {
    type: 'reasoning',
    ...(item.id !== undefined ? { id: item.id } : {}),
    summary: (item.summary ?? []).map((part) => ({ type: 'summary_text', text: part.text ?? '' })),
    ...(item.encrypted_content ? { encrypted_content: item.encrypted_content } : {}),
  };
}
