import { createHash } from 'node:crypto';
import type { CollectedTurn, ToolCallIdentity, TurnReasoning } from '../translate/collect-turn-reasoning.js';

export interface ReasoningMemory {
  /** The memory as one client sees it: clients that present different keys never share entries. */
  forClient(clientKeys: readonly string[]): ClientReasoningMemory;
}

export interface ClientReasoningMemory {
  remember(collected: CollectedTurn | undefined): void;
  /** The reasoning of the answer that made this tool call, if it is still remembered. */
  recall(call: ToolCallIdentity): TurnReasoning | undefined;
}

export interface ReasoningMemoryLimits {
  /** Tool calls remembered at most; the least recently used go first. */
  maxToolCalls: number;
  /** Characters of reasoning text kept at most, across all entries. */
  maxReasoningChars: number;
}

const DEFAULT_LIMITS: ReasoningMemoryLimits = { maxToolCalls: 4_096, maxReasoningChars: 8_000_000 };

/**
 * A bounded, in-process memory of the reasoning behind recent tool calls. The thinking
 * block's signature carries the same state through the client; this is the fallback for
 * clients that drop thinking blocks from the history they send back, which would otherwise
 * cost DeepSeek its reasoning_content and Gemini its thought signatures on the next turn.
 *
 * Entries are keyed by the client's keys and the whole call (id, name and input): backends
 * that number their calls (`call_0`, `functions.Read:0`) reuse ids across conversations,
 * and an id alone could hand one conversation another's reasoning.
 */
export function createReasoningMemory(limits: ReasoningMemoryLimits = DEFAULT_LIMITS): ReasoningMemory {
  // A Map iterates in insertion order; re-inserting on use makes the first key the least recently used.
  const entries = new Map<string, TurnReasoning>();
  // Parallel calls share one turn; its text counts once, until its last call is forgotten.
  const callsPerTurn = new Map<TurnReasoning, number>();
  let reasoningChars = 0;

  const forget = (key: string) => {
    const turn = entries.get(key);
    if (!turn) return;
    entries.delete(key);
    const calls = (callsPerTurn.get(turn) ?? 1) - 1;
    if (calls > 0) {
      callsPerTurn.set(turn, calls);
    } else {
      callsPerTurn.delete(turn);
      reasoningChars -= turn.reasoning.length;
    }
  };

  const remember = (collected: CollectedTurn | undefined, scope: string) => {
    if (!collected) return;
    const { turn } = collected;
    const keys = collected.toolCalls.map((call) => memoryKey(call, scope));
    for (const key of keys) forget(key);
    for (const key of keys) entries.set(key, turn);
    callsPerTurn.set(turn, keys.length);
    reasoningChars += turn.reasoning.length;
    while (
      entries.size > limits.maxToolCalls ||
      (reasoningChars > limits.maxReasoningChars && entries.size > 0)
    ) {
      forget(entries.keys().next().value as string);
    }
  };

  const recall = (call: ToolCallIdentity, scope: string) => {
    const key = memoryKey(call, scope);
    const turn = entries.get(key);
    if (!turn) return undefined;
    entries.delete(key);
    entries.set(key, turn);
    return turn;
  };

  return {
    forClient(clientKeys) {
      const scope = clientKeys.join('\n');
      return {
        remember: (collected) => remember(collected, scope),
        recall: (call) => recall(call, scope),
      };
    },
  };
}

/** A digest, so neither the client's key nor the call's input is kept as such. */
function memoryKey(call: ToolCallIdentity, scope: string): string {
  return createHash('sha256')
    .update(JSON.stringify([scope, call.id, call.name, call.inputJson]))
    .digest('base64url');
}
