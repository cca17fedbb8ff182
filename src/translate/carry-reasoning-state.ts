/**
 * Backend reasoning state that must come back in later requests, carried through the
 * client in the `signature` of a thinking block: the Anthropic API defines that field as
 * opaque, and clients (Claude Code among them) return thinking blocks unchanged.
 *
 * The prefix makes these signatures plainly the proxy's own: nothing here can be mistaken
 * for a signature the Anthropic API issued.
 */
export interface ReasoningState {
  /** OpenRouter's `reasoning_details`, complete as of the block that carries them. */
  details?: unknown[];
  /** Gemini's thought signatures, by the tool_use id the client was given. */
  toolSignatures?: Record<string, string>;
  /**
   * Responses API reasoning items (with their `encrypted_content`), given back as input
   * items: with `store: false` the server keeps no state, so the client's history carries it.
   */
  responsesItems?: unknown[];
  /**
   * `provider/model` that produced this state. Opaque reasoning is only valid for the model
   * that wrote it, so a turn served by another provider after a fallback leaves it out.
   */
  origin?: string;
}

export const SIGNATURE_PREFIX = 'infiniproxy.v1.';

export function isEmptyReasoningState(state: ReasoningState): boolean {
  return (
    !state.details?.length &&
    !state.responsesItems?.length &&
    Object.keys(state.toolSignatures ?? {}).length === 0
  );
}

export function encodeReasoningSignature(state: ReasoningState): string {
  if (isEmptyReasoningState(state)) return '';
  const payload: ReasoningState = {};
  if (state.details?.length) payload.details = state.details;
  if (state.responsesItems?.length) payload.responsesItems = state.responsesItems;
  if (state.toolSignatures && Object.keys(state.toolSignatures).length > 0)
    payload.toolSignatures = state.toolSignatures;
  if (state.origin) payload.origin = state.origin;
  return SIGNATURE_PREFIX + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * Undefined for an empty signature, another issuer's signature, anything malformed, or state
 * that `origin` says another provider or model produced (when the caller names the reader).
 */
export function decodeReasoningSignature(
  signature: string | undefined,
  reader?: string,
): ReasoningState | undefined {
  const state = decodeSignature(signature);
  if (state?.origin !== undefined && reader !== undefined && state.origin !== reader) return undefined;
  return state;
}

function decodeSignature(signature: string | undefined): ReasoningState | undefined {
  if (!signature?.startsWith(SIGNATURE_PREFIX)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(signature.slice(SIGNATURE_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { details, toolSignatures, origin, responsesItems } = value as Record<string, unknown>;
  const state: ReasoningState = {};
  if (typeof origin === 'string') state.origin = origin;
  if (Array.isArray(details)) state.details = details;
  if (Array.isArray(responsesItems)) state.responsesItems = responsesItems;
  if (typeof toolSignatures === 'object' && toolSignatures !== null) {
    // fromEntries defines each id as an own property: an id such as `__proto__` survives.
    state.toolSignatures = Object.fromEntries(
      Object.entries(toolSignatures).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  }
  return state;
}

/**
 * Folds streamed `reasoning_details` fragments into complete entries. OpenRouter streams
 * each entry in pieces sharing an `index`: text-like fields are concatenated, the rest
 * (signature, id, format) take their latest value.
 */
export function mergeReasoningDetails(target: Record<string, unknown>[], fragments: unknown): void {
  if (!Array.isArray(fragments)) return;
  for (const fragment of fragments) {
    if (typeof fragment !== 'object' || fragment === null) continue;
    const piece = fragment as Record<string, unknown>;
    const existing =
      typeof piece.index === 'number'
        ? target.find((entry) => entry.index === piece.index && entry.type === piece.type)
        : undefined;
    if (!existing) {
      target.push({ ...piece });
      continue;
    }
    for (const [key, value] of Object.entries(piece)) {
      if (CONCATENATED_FIELDS.has(key) && typeof value === 'string' && typeof existing[key] === 'string')
        existing[key] += value;
      else if (value !== null && value !== undefined) existing[key] = value;
    }
  }
}

const CONCATENATED_FIELDS = new Set(['text', 'summary', 'data']);
