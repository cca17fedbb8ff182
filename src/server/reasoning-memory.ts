import { createHash } from 'node:crypto';
import type { CollectedTurn, ToolCallIdentity, TurnReasoning } from '../translate/collect-turn-reasoning.js';

export interface ReasoningMemory {
  /** The memory as one client sees it: clients that present different keys never share entries. */
  forClient(clientKeys: readonly string[]): ClientReasoningMemory;
  /** Shares every entry with other instances through this store (Redis); undefined stops sharing. */
  share(store: SharedReasoningStore | undefined): void;
  /** True while a shared store is attached: then `prefetch` is worth awaiting. */
  readonly shared: boolean;
  /** Copies from the shared store the entries for these calls that this instance does not hold. */
  prefetch(clientKeys: readonly string[], calls: readonly ToolCallIdentity[]): Promise<void>;
}

/** Where instances put the reasoning behind their tool calls so that any of them can give it back. */
export interface SharedReasoningStore {
  /** Fire and forget: a failed write only costs a later turn its reasoning, never the answer. */
  save(key: string, turn: TurnReasoning): void;
  load(keys: readonly string[]): Promise<Array<TurnReasoning | undefined>>;
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

  let store: SharedReasoningStore | undefined;

  const remember = (collected: CollectedTurn | undefined, scope: string, fromStore = false) => {
    if (!collected) return;
    const { turn } = collected;
    const keys = collected.toolCalls.map((call) => memoryKey(call, scope));
    if (store && !fromStore) for (const key of keys) store.save(key, turn);
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
    share(next) {
      store = next;
    },
    get shared() {
      return store !== undefined;
    },
    async prefetch(clientKeys, calls) {
      if (!store || calls.length === 0) return;
      const scope = clientKeys.join('\n');
      const missing = calls.filter((call) => !entries.has(memoryKey(call, scope)));
      if (missing.length === 0) return;
      let turns: Array<TurnReasoning | undefined>;
      try {
        turns = await store.load(missing.map((call) => memoryKey(call, scope)));
      } catch {
        // An unreachable store costs this turn the remembered reasoning, not the request.
        return;
      }
      missing.forEach((call, index) => {
        const turn = turns[index];
        if (turn) remember({ toolCalls: [call], turn }, scope, true);
      });
    },
  };
}

/** A digest, so neither the client's key nor the call's input is kept as such. */
export function memoryKey(call: ToolCallIdentity, scope: string): string {
  return createHash('sha256')
    .update(JSON.stringify([scope, call.id, call.name, call.inputJson]))
    .digest('base64url');
}
