import type { ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import { type AnthropicErrorType, ProxyError } from '../errors.js';
import type { Mutable } from '../mutable.js';
import type { AnthropicStreamErrorEvent, AnthropicStreamEvent } from '../wire/anthropic-response.js';
import type { OpenAIChatChunk } from '../wire/openai.js';
import { encodeReasoningSignature, mergeReasoningDetails } from './carry-reasoning-state.js';
import { convertFinish } from './convert-finish.js';
import { type ResponseContext, withOrigin } from './convert-openai-response.js';
import { convertToolCall } from './convert-tool-call.js';
import { convertUsage, type TokenUsage } from './convert-usage.js';
import { assertNever } from './convert-user-content.js';
import { createThinkTagSplitter, type ThinkTagPart } from './create-think-tag-splitter.js';
import { createToolCallTracker } from './create-tool-call-tracker.js';
import {
  pushBlockDelta,
  pushBlockStart,
  pushBlockStop,
  pushMessageEnd,
  pushMessageStart,
  pushToolUseBlock,
  type StreamedBlockKind,
} from './push-anthropic-stream-events.js';
import { readMessageParts } from './read-message-parts.js';

export type { AnthropicStreamEvent };
export type StreamErrorEvent = AnthropicStreamErrorEvent;

export interface StreamContext extends ResponseContext {
  /**
   * Reported in message_start, where the API reports its input count and where some clients
   * (LangChain.js) read it, since the backend's own count only arrives at the end; 0 when unknown.
   */
  estimatedInputTokens?: number | undefined;
}

/** What one attempt adds to the request's answer context. */
export type AttemptAnswerDetails = Pick<
  StreamContext,
  'toolNames' | 'omitThinkingText' | 'thinkTags' | 'reasoningOrigin' | 'estimatedInputTokens'
>;

/**
 * The context an attempt's answer is written with: the request's ids and names, and what the
 * attempt decided. Every field is written, in one order, so that all contexts share one
 * hidden class. Node 20's V8 gives an object made by spreading another and then adding keys
 * a hidden class of its own: with `{ ...base, toolNames, … }` each request made ~10 KB of
 * maps, and every read of the context in the stream's hot loop was megamorphic.
 */
export function answerContextFor(base: StreamContext, details: AttemptAnswerDetails): StreamContext {
  return {
    messageId: base.messageId,
    model: base.model,
    stopSequences: base.stopSequences,
    createToolId: base.createToolId,
    toolNames: details.toolNames,
    omitThinkingText: details.omitThinkingText,
    thinkTags: details.thinkTags,
    reasoningOrigin: details.reasoningOrigin,
    estimatedInputTokens: details.estimatedInputTokens,
  };
}

/** What a delta chunk with nothing else in it carries: answer text, or reasoning (thinking). */
export type DeltaKind = 'text' | 'reasoning';

/** Why the upstream stream ended: `[DONE]`, the connection closing, or an error the backend reported. */
export type StreamEnd =
  | { kind: 'done' }
  | { kind: 'eof' }
  | { kind: 'error'; errorType: AnthropicErrorType; message: string };

export interface StreamTranslator {
  /** message_start, at once; push() and end() also send it first if this was not called. */
  start(): AnthropicStreamEvent[];
  /** Translates one chunk; the events go to `events` when given (and are returned). */
  push(chunk: OpenAIChatChunk, events?: AnthropicStreamEvent[]): AnthropicStreamEvent[];
  /**
   * What push does for a chunk whose only content is this text or reasoning (see
   * recognize-delta-chunk.ts), without the chunk object.
   */
  pushDelta(kind: DeltaKind, text: string, events: AnthropicStreamEvent[]): void;
  end(reason: StreamEnd): AnthropicStreamEvent[];
  /** True once message_stop or an error event has been emitted; later input is ignored. */
  readonly finished: boolean;
}

/**
 * Turns OpenAI chat.completion.chunk objects into Anthropic stream events.
 *
 * Invariants, whatever the backend sends: message_start comes first; at most one content
 * block is open; block indices count 0, 1, 2, … and are never reused; every block starts
 * before its deltas and stops exactly once; the stream ends with message_delta and
 * message_stop, or with a single error event and no message_stop.
 *
 * Tool calls are buffered and emitted as whole blocks when the answer finishes: parallel
 * calls may interleave their fragments, and arguments are only known to be complete (and
 * can only be validated or repaired) at the end, so the client's JSON parse never fails.
 */
export function createStreamTranslator(context: StreamContext): StreamTranslator {
  const tools = createToolCallTracker();
  let phase: 'idle' | 'streaming' | 'finishing' | 'finished' = 'idle';
  /** The kinds of block that stream text; tool_use blocks are emitted whole, see finalize(). */
  let openBlock: StreamedBlockKind | null = null;
  let nextIndex = 0;
  let sawRefusal = false;
  let finishReason: string | null = null;
  let matchedStop: string | number | null = null;
  let usage: TokenUsage | null = null;
  let usageAfterFinish = false;
  /** OpenRouter's reasoning_details so far, and whether a signature has carried them all yet. */
  const reasoningDetails: Record<string, unknown>[] = [];
  let detailsSigned = true;
  /** Sorts `<think>` reasoning out of the text; undefined (and free) when the dialect leaves tags alone. */
  const thinkTags =
    context.thinkTags === 'on' || context.thinkTags === 'open'
      ? createThinkTagSplitter(context.thinkTags)
      : undefined;

  function start(events: AnthropicStreamEvent[]): void {
    if (phase !== 'idle') return;
    phase = 'streaming';
    pushMessageStart(context, events);
  }

  /** The one place a thinking block's signature is decided: the reasoning state so far, or ''. */
  function closeBlock(events: AnthropicStreamEvent[], toolSignatures?: Record<string, string>): void {
    if (openBlock === null) return;
    let signature: string | undefined;
    if (openBlock === 'thinking') {
      signature = encodeReasoningSignature(
        withOrigin(
          { details: reasoningDetails, ...(toolSignatures ? { toolSignatures } : {}) },
          context.reasoningOrigin,
        ),
      );
      detailsSigned = true;
    }
    pushBlockStop(nextIndex - 1, signature, events);
    openBlock = null;
  }

  /**
   * Reasoning state that arrived after the last thinking block closed (Gemini signs the tool
   * calls themselves) goes out in one more thinking block, with no text, before the calls.
   */
  function signRemainingState(events: AnthropicStreamEvent[], toolSignatures: Record<string, string>): void {
    const hasToolSignatures = Object.keys(toolSignatures).length > 0;
    if (detailsSigned && !hasToolSignatures) return;
    if (openBlock !== 'thinking') {
      closeBlock(events);
      openBlock = 'thinking';
      pushBlockStart('thinking', nextIndex++, events);
    }
    closeBlock(events, hasToolSignatures ? toolSignatures : undefined);
  }

  function append(kind: StreamedBlockKind, text: string, events: AnthropicStreamEvent[]): void {
    if (openBlock !== kind) {
      closeBlock(events);
      openBlock = kind;
      pushBlockStart(kind, nextIndex++, events);
    }
    if (kind === 'thinking' && context.omitThinkingText) return;
    pushBlockDelta(kind, nextIndex - 1, text, events);
  }

  function appendParts(parts: readonly ThinkTagPart[], events: AnthropicStreamEvent[]): void {
    for (const part of parts) append(part.kind, part.text, events);
  }

  /** The start of the answer is over: what the splitter held back goes out before anything else. */
  function releaseThinkTags(events: AnthropicStreamEvent[]): void {
    if (thinkTags !== undefined && !thinkTags.passthrough) appendParts(thinkTags.finish(), events);
  }

  /** A delta's reasoning, then its text, as every backend's chunk is read (see readMessageParts). */
  function appendDelta(reasoning: string, text: string, events: AnthropicStreamEvent[]): void {
    if (reasoning.length > 0) {
      // A reasoning field means the backend separates reasoning itself: tags are not looked for.
      releaseThinkTags(events);
      append('thinking', reasoning, events);
    }
    if (text.length > 0) {
      if (thinkTags === undefined || thinkTags.passthrough) append('text', text, events);
      else appendParts(thinkTags.push(text), events);
    }
  }

  function fail(errorType: AnthropicErrorType, message: string, events: AnthropicStreamEvent[]): void {
    events.push({ type: 'error', error: { type: errorType, message } });
    phase = 'finished';
    translator.finished = true;
  }

  function finalize(events: AnthropicStreamEvent[]): void {
    const finish = convertFinish({
      finishReason,
      sawToolCalls: tools.calls.length > 0,
      sawRefusal,
      matchedStop,
      stopSequences: context.stopSequences,
    });
    if (finish.kind === 'error') {
      fail(finish.errorType, finish.message, events);
      return;
    }

    // Every call is converted before any is sent, so a bad one leaves no partial tool blocks.
    let toolBlocks: ToolUseBlock[];
    const toolSignatures: Record<string, string> = {};
    try {
      const takenIds = new Set<string>();
      toolBlocks = tools.calls.map((call) => {
        const block = convertToolCall(
          { id: call.backendId, name: call.name, arguments: call.arguments },
          context,
          takenIds,
        );
        if (call.thoughtSignature) toolSignatures[block.id] = call.thoughtSignature;
        return block;
      });
    } catch (error) {
      if (!(error instanceof ProxyError)) throw error;
      fail(error.type, error.message, events);
      return;
    }
    releaseThinkTags(events);
    signRemainingState(events, toolSignatures);
    closeBlock(events);
    for (const block of toolBlocks) pushToolUseBlock(block, nextIndex++, events);
    pushMessageEnd(finish, usage, events);
    phase = 'finished';
    translator.finished = true;
  }

  // `finished` is set with `phase`: a data property, not a getter (see Mutable).
  const translator: Mutable<StreamTranslator> = {
    finished: false,

    start() {
      const events: AnthropicStreamEvent[] = [];
      start(events);
      return events;
    },

    push(chunk, events = []) {
      if (phase === 'finished') return events;
      start(events);
      const chunkUsage = chunk.usage ?? chunk.x_groq?.usage;
      if (chunkUsage) {
        usage = convertUsage(chunkUsage);
        if (phase === 'finishing') usageAfterFinish = true;
      }
      const choice = chunk.choices?.[0];
      if (choice && (choice.index === undefined || choice.index === 0)) {
        const delta = choice.delta;
        if (delta) {
          if (Array.isArray(delta.reasoning_details) && delta.reasoning_details.length > 0) {
            mergeReasoningDetails(reasoningDetails, delta.reasoning_details);
            detailsSigned = false;
          }
          const { reasoning, text } = readMessageParts(delta);
          appendDelta(reasoning, text, events);
          if (typeof delta.refusal === 'string' && delta.refusal.length > 0) {
            sawRefusal = true;
            append('refusal', delta.refusal, events);
          }
          if (delta.tool_calls && delta.tool_calls.length > 0) {
            // Closing now sends the thinking signature before any tool_use block.
            releaseThinkTags(events);
            closeBlock(events);
            for (const fragment of delta.tool_calls) tools.push(fragment);
          }
        }
        if (choice.finish_reason) {
          finishReason = choice.finish_reason;
          matchedStop = choice.stop_reason ?? null;
          phase = 'finishing';
          usageAfterFinish = chunkUsage != null;
        }
      }
      // The answer is complete once finish_reason and the usage that follows it have both arrived.
      if (phase === 'finishing' && usageAfterFinish) finalize(events);
      return events;
    },

    pushDelta(kind, text, events) {
      if (phase === 'finished') return;
      start(events);
      if (kind === 'text') appendDelta('', text, events);
      else appendDelta(text, '', events);
      if (phase === 'finishing' && usageAfterFinish) finalize(events);
    },

    end(reason) {
      const events: AnthropicStreamEvent[] = [];
      if (phase === 'finished') return events;
      start(events);
      switch (reason.kind) {
        case 'done':
          finalize(events);
          break;
        case 'eof':
          if (phase === 'finishing') finalize(events);
          else fail('api_error', 'The backend closed the stream before the answer was complete', events);
          break;
        case 'error':
          fail(reason.errorType, reason.message, events);
          break;
        default:
          assertNever(reason);
      }
      return events;
    },
  };
  return translator;
}
