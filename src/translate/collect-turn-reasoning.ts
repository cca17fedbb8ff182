import type { AnthropicContentBlock } from '../wire/anthropic-response.js';
import { decodeReasoningSignature, type ReasoningState } from './carry-reasoning-state.js';
import type { AnthropicStreamEvent } from './create-stream-translator.js';

/** What one answer reasoned before its tool calls, as the next request must give it back. */
export interface TurnReasoning {
  reasoning: string;
  state: ReasoningState;
}

/** A tool call as the client will send it back: its id, name and input as JSON. */
export interface ToolCallIdentity {
  id: string;
  name: string;
  /** JSON.stringify of the input object, so a call and its echo in history compare equal. */
  inputJson: string;
}

/** A turn's reasoning and the tool calls (as the client knows them) it led to. */
export interface CollectedTurn {
  toolCalls: ToolCallIdentity[];
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
  /** Tool calls by block index, their input JSON still in pieces. */
  const calls = new Map<number, { id: string; name: string; inputParts: string[] }>();

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
          const { id, name } = event.content_block;
          calls.set(event.index, { id, name, inputParts: [] });
        } else if (event.type === 'content_block_delta') {
          if (event.delta.type === 'thinking_delta') reasoning.push(event.delta.thinking);
          else if (event.delta.type === 'signature_delta') addSignature(event.delta.signature);
          else if (event.delta.type === 'input_json_delta')
            calls.get(event.index)?.inputParts.push(event.delta.partial_json);
        }
      }
    },
    result() {
      const text = reasoning.join('');
      const hasState = Boolean(state.details?.length || state.toolSignatures);
      if (calls.size === 0 || (text.length === 0 && !hasState)) return undefined;
      const toolCalls = [...calls.values()].map(({ id, name, inputParts }) => ({
        id,
        name,
        inputJson: canonicalInputJson(inputParts.join('')),
      }));
      return { toolCalls, turn: { reasoning: text, state } };
    },
  };
}

/** The same as the collector, for a complete answer's content. */
export function collectTurnReasoning(content: readonly AnthropicContentBlock[]): CollectedTurn | undefined {
  const collector = createTurnReasoningCollector();
  for (const [index, block] of content.entries()) {
    if (block.type === 'tool_use') {
      collector.observe([
        { type: 'content_block_start', index, content_block: block },
        {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) },
        },
      ]);
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

/** The input as the client's SDK will send it back: parsed, then written without spacing. */
export function canonicalInputJson(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json.length > 0 ? json : '{}'));
  } catch {
    return json;
  }
}
