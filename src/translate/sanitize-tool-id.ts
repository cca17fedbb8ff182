/** Anthropic requires tool_use ids to match ^[a-zA-Z0-9_-]+$; backends send ids like "call:0" or "functions.Bash:3". */
const UNSAFE_ID_CHARACTERS = /[^a-zA-Z0-9_-]/g;

/**
 * Returns an id Anthropic accepts. Sanitising can make two ids equal ("call:1" and
 * "call_1"), and ids must be unique within a message, so ids already in `taken` are
 * replaced by a fresh one; the returned id is added to `taken`.
 */
export function sanitizeToolId(
  id: string | null | undefined,
  createId: () => string,
  taken?: Set<string>,
): string {
  let safe = id ? id.replace(UNSAFE_ID_CHARACTERS, '_') : '';
  if (safe.length === 0 || taken?.has(safe)) safe = createId();
  taken?.add(safe);
  return safe;
}
