import type { OpenAIResponseToolCall } from '../wire/openai.js';

/** One tool call as reassembled from its stream fragments. */
export interface ToolCallDraft {
  /** The backend's id, once a fragment carried one. */
  backendId: string | null;
  name: string;
  /** The argument fragments joined; validated only when the call is complete. */
  arguments: string;
  /** Gemini's thought signature for this call, when one came with it. */
  thoughtSignature: string | null;
}

export interface ToolCallTracker {
  push(fragment: OpenAIResponseToolCall): void;
  /** The calls in the order they first appeared. */
  readonly calls: readonly ToolCallDraft[];
}

/**
 * Reassembles streamed tool calls. Backends disagree on how fragments point at their call:
 * most send `index` (sometimes starting at 1 after text), Ollama, Groq and Mistral send
 * whole calls that may lack `index` or reuse 0 for every call, and GLM sends continuation
 * fragments with `name: ""`. So a fragment belongs to the call with its id, else to the
 * latest call with its index, else to the latest call; a fragment that names a different
 * call without any id or index starts a new call.
 */
export function createToolCallTracker(): ToolCallTracker {
  const calls: ToolCallDraft[] = [];
  const byId = new Map<string, ToolCallDraft>();
  const byIndex = new Map<number, ToolCallDraft>();
  /** The index each call first arrived with. */
  const firstIndex = new Map<ToolCallDraft, number>();

  function findCall(id: string | null, index: number | null, name: string): ToolCallDraft | undefined {
    if (id !== null) {
      const known = byId.get(id);
      // A named call header with a known id on another index is a second call reusing the id;
      // an unnamed continuation is matched by id whatever its index says.
      const knownIndex = known ? firstIndex.get(known) : undefined;
      const reusesId =
        known && name.length > 0 && index !== null && knownIndex !== undefined && knownIndex !== index;
      if (known && !reusesId) return known;
      if (known) return undefined;
    }
    if (index !== null) {
      const sameIndex = byIndex.get(index);
      // A new id on a known index is a new call (Ollama numbers every whole call 0).
      if (sameIndex && (id === null || sameIndex.backendId === null)) return sameIndex;
      return undefined;
    }
    if (id !== null) return undefined;
    const latest = calls.at(-1);
    if (latest && name.length > 0 && latest.name.length > 0) return undefined;
    return latest;
  }

  return {
    calls,
    push(fragment) {
      const id = typeof fragment.id === 'string' && fragment.id.length > 0 ? fragment.id : null;
      const index = typeof fragment.index === 'number' ? fragment.index : null;
      const name = typeof fragment.function?.name === 'string' ? fragment.function.name : '';
      let call = findCall(id, index, name);
      if (!call) {
        call = { backendId: null, name: '', arguments: '', thoughtSignature: null };
        calls.push(call);
      }
      if (id !== null && call.backendId === null) {
        call.backendId = id;
        byId.set(id, call);
      }
      if (index !== null) {
        byIndex.set(index, call);
        if (!firstIndex.has(call)) firstIndex.set(call, index);
      }
      // Names are assigned, never concatenated: backends repeat the name or send "" on continuations.
      if (name.length > 0) call.name = name;
      const signature = fragment.extra_content?.google?.thought_signature;
      if (typeof signature === 'string' && signature.length > 0) call.thoughtSignature = signature;
      const args: unknown = fragment.function?.arguments;
      if (typeof args === 'string') call.arguments += args;
      else if (typeof args === 'object' && args !== null) call.arguments += JSON.stringify(args);
    },
  };
}
