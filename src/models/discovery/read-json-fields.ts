/**
 * Lenient readers for backend model lists: a field of the wrong type is treated as absent,
 * so one odd entry never costs the facts of the others.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A positive whole number of tokens, or undefined. */
export function readTokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

export function readBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function readStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

/** Whether a list names a value; unknown when there is no list at all. */
export function listIncludes(list: readonly string[] | undefined, value: string): boolean | undefined {
  return list === undefined ? undefined : list.includes(value);
}

/** The entries of an OpenAI-style `{ data: [...] }` list that have a string id. */
export function readListEntries(body: unknown): Array<JsonRecord & { id: string }> {
  const data = isRecord(body) ? body.data : undefined;
  if (!Array.isArray(data)) throw new Error('the answer has no "data" list');
  return data.filter(
    (entry): entry is JsonRecord & { id: string } => isRecord(entry) && typeof entry.id === 'string',
  );
}
