import type { ContentBlock } from '@anthropic-ai/sdk/resources/messages';
import { decodeReasoningSignature, type ReasoningState } from './carry-reasoning-state.js';
import type { AnthropicStreamEvent } from './create-stream-translator.js';

/** What one answer reasoned before its tool calls, as the next request must give it back. */
export interface TurnReasoning {
  reasoning: string;
  state: ReasoningState;
}

/** A turn's reasoning and the tool_use ids (as the client knows them) it led to. */
export interface CollectedTurn {
  toolUseIds: string[];
  turn: TurnReasoning;
}

export interface TurnReasoningCollector {
  observe(events: readonly AnthropicStreamEvent[]): void;
  /** Undefined when the answer called no tool or carried no reasoning at all. */
  result(): CollectedTurn | undefined;
}

/**
 * Follows an answer's events and keeps what a later request needs when the client leaves
 * its thinking blocks out: the thinking text, the state decoded from the proxy's own
 * signatures (Gemini thought signatures, OpenRouter details) and the ids of the tool calls.
 */
export function createTurnReasoningCollector(): TurnReasoningCollector {
  const reasoning: string[] = [];
  const state: ReasoningState = {};
  const toolUseIds: string[] = [];

  const addSignature = (signature: string) => {
    const decoded = decodeReasoningSignature(signature);
    if (decoded?.details) state.details = decoded.details;
    if (decoded?.toolSignatures)
      state.toolSignatures = { ...state.toolSignatures, ...decoded.toolSignatures };
  };

  return {
    observe(events) {
      for (const event of events) {
        if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') {
          toolUseIds.push(event.content_block.id);
        } else if (event.type === 'content_block_delta') {
          if (event.delta.type === 'thinking_delta') reasoning.push(event.delta.thinking);
          else if (event.delta.type === 'signature_delta') addSignature(event.delta.signature);
        }
      }
    },
    result() {
      const text = reasoning.join('');
      const hasState = Boolean(state.details?.length || state.toolSignatures);
      if (toolUseIds.length === 0 || (text.length === 0 && !hasState)) return undefined;
      return { toolUseIds, turn: { reasoning: text, state } };
    },
  };
}

/** The same as the collector, for a complete answer's content. */
export function collectTurnReasoning(content: readonly ContentBlock[]): CollectedTurn | undefined {
  const collector = createTurnReasoningCollector();
  for (const block of content) {
    if (block.type === 'tool_use') {
      collector.observe([{ type: 'content_block_start', index: 0, content_block: block }]);
    } else if (block.type === 'thinking') {
      collector.observe([
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'thinking_delta', thinking: block.thinking },
        },
        {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'signature_delta', signature: block.signature },
        },
      ]);
    }
  }
  return collector.result();
}
