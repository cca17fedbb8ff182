import { jsonrepair } from 'jsonrepair';
import { UpstreamProtocolError } from '../errors.js';

/**
 * Parses a tool call's `arguments` string into the object Anthropic's `input` must be.
 *
 * Models emit broken JSON more often than backends admit (single quotes from Qwen, a
 * truncated closing brace, a double-encoded string), so a failed parse gets one repair
 * attempt before the call is reported as an error.
 */
export function parseToolArguments(
  raw: string | null | undefined,
  toolName: string,
): Record<string, unknown> {
  const text = raw?.trim() ?? '';
  if (text.length === 0) return {};
  const value = parseLenient(text, toolName);
  const unwrapped = typeof value === 'string' ? parseLenient(value, toolName) : value;
  if (typeof unwrapped === 'object' && unwrapped !== null && !Array.isArray(unwrapped)) {
    return unwrapped as Record<string, unknown>;
  }
  throw new UpstreamProtocolError(
    `The backend returned arguments for tool "${toolName}" that are not a JSON object: ${preview(text)}`,
  );
}

function parseLenient(text: string, toolName: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(jsonrepair(text));
    } catch (cause) {
      throw new UpstreamProtocolError(
        `The backend returned invalid JSON arguments for tool "${toolName}" that could not be repaired: ${preview(text)}`,
        cause,
      );
    }
  }
}

function preview(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
