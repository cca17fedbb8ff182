/** Anthropic requires tool_use ids to match ^[a-zA-Z0-9_-]+$; backends send ids like "call:0" or "functions.Bash:3". */
const UNSAFE_ID_CHARACTERS = /[^a-zA-Z0-9_-]/g;

export function sanitizeToolId(id: string | null | undefined, createId: () => string): string {
  if (!id) return createId();
  const safe = id.replace(UNSAFE_ID_CHARACTERS, '_');
  return safe.length > 0 ? safe : createId();
}
