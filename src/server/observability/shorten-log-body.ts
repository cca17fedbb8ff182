/** Base64 payloads longer than this are replaced by their length in debug logs. */
const MAX_INLINE_DATA = 64;
const DATA_URL = /^(data:[^;,]{0,100};base64,)/;

/**
 * A copy of a request or response body for the debug log, with base64 image and document
 * data cut to a note of its size: one screenshot would otherwise be megabytes of log line.
 * Bodies reaching here passed the nesting limit, so the recursion is shallow.
 */
export function shortenLogBody(value: unknown, key?: string): unknown {
  if (typeof value === 'string') return shortenString(value, key);
  if (Array.isArray(value)) return value.map((item) => shortenLogBody(item));
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) copy[name] = shortenLogBody(item, name);
  return copy;
}

function shortenString(text: string, key: string | undefined): string {
  if (text.length <= MAX_INLINE_DATA) return text;
  const dataUrl = DATA_URL.exec(text);
  if (dataUrl) return `${dataUrl[1]}[${text.length - dataUrl[1]!.length} base64 characters]`;
  if (key === 'data') return `[${text.length} characters of data]`;
  return text;
}
