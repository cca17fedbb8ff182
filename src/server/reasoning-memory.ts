import type { CollectedTurn, TurnReasoning } from '../translate/collect-turn-reasoning.js';

export interface ReasoningMemory {
  remember(collected: CollectedTurn | undefined): void;
  /** The reasoning of the answer that made this tool call, if it is still remembered. */
  recall(toolUseId: string): TurnReasoning | undefined;
}

export interface ReasoningMemoryLimits {
  /** Tool calls remembered at most; the least recently used go first. */
  maxToolCalls: number;
  /** Characters of reasoning text kept at most, across all entries. */
  maxReasoningChars: number;
}

const DEFAULT_LIMITS: ReasoningMemoryLimits = { maxToolCalls: 4_096, maxReasoningChars: 8_000_000 };

/**
 * A bounded, in-process memory of the reasoning behind recent tool calls, keyed by the
 * tool_use id the client was given. The thinking block's signature carries the same state
 * through the client; this is the fallback for clients that drop thinking blocks from the
 * history they send back, which would otherwise cost DeepSeek its reasoning_content and
 * Gemini its thought signatures on the next turn of a tool loop.
 */
export function createReasoningMemory(limits: ReasoningMemoryLimits = DEFAULT_LIMITS): ReasoningMemory {
  // A Map iterates in insertion order; re-inserting on use makes the first key the least recently used.
  const entries = new Map<string, TurnReasoning>();
  // Parallel calls share one turn; its text counts once, until its last call is forgotten.
  const callsPerTurn = new Map<TurnReasoning, number>();
  let reasoningChars = 0;

  const forget = (id: string) => {
    const turn = entries.get(id);
    if (!turn) return;
    entries.delete(id);
    const calls = (callsPerTurn.get(turn) ?? 1) - 1;
    if (calls > 0) {
      callsPerTurn.set(turn, calls);
    } else {
      callsPerTurn.delete(turn);
      reasoningChars -= turn.reasoning.length;
    }
  };

  return {
    remember(collected) {
      if (!collected) return;
      const { turn, toolUseIds } = collected;
      for (const id of toolUseIds) forget(id);
      for (const id of toolUseIds) entries.set(id, turn);
      callsPerTurn.set(turn, toolUseIds.length);
      reasoningChars += turn.reasoning.length;
      while (
        entries.size > limits.maxToolCalls ||
        (reasoningChars > limits.maxReasoningChars && entries.size > 0)
      ) {
        forget(entries.keys().next().value as string);
      }
    },
    recall(toolUseId) {
      const turn = entries.get(toolUseId);
      if (!turn) return undefined;
      entries.delete(toolUseId);
      entries.set(toolUseId, turn);
      return turn;
    },
  };
}
