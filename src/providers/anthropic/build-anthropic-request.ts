import { SIGNATURE_PREFIX } from '../../translate/carry-reasoning-state.js';
import type { AnthropicClientHeader, AnthropicEndpoint } from './anthropic-endpoints.js';

/** The version every Messages API client sends; used when the client sent none. */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

export interface AnthropicForwardRequest {
  body: Record<string, unknown>;
  headers: Record<string, string>;
  /** What was removed on the way, for debug logs. */
  warnings: string[];
}

/**
 * The client's request as an Anthropic-compatible endpoint gets it: the body the client
 * sent (not the proxy's validated copy, which drops what it does not know) with the route's
 * model, without the fields the endpoint refuses and without thinking blocks the proxy
 * itself signed for another protocol (they mean nothing here, and a real Anthropic model
 * rejects a signature it did not issue); the client's Anthropic headers the endpoint takes.
 */
export function buildAnthropicRequest(
  clientBody: Readonly<Record<string, unknown>>,
  clientHeaders: Readonly<Partial<Record<AnthropicClientHeader, string>>>,
  options: { model: string; endpoint: AnthropicEndpoint },
): AnthropicForwardRequest {
  const warnings: string[] = [];
  const body: Record<string, unknown> = { ...clientBody, model: options.model };
  for (const path of options.endpoint.strippedFields) {
    if (removePath(body, path.split('.')))
      warnings.push(`left out ${path}: ${options.endpoint.label} refuses it`);
  }
  if (Array.isArray(body.messages))
    body.messages = body.messages.map((message) => withoutForeignThinking(message, warnings));

  const headers: Record<string, string> = {};
  for (const name of options.endpoint.forwardHeaders) {
    const value = clientHeaders[name];
    if (value !== undefined && value.length > 0) headers[name] = value;
  }
  headers['anthropic-version'] ??= DEFAULT_ANTHROPIC_VERSION;
  if (clientHeaders['anthropic-beta'] && headers['anthropic-beta'] === undefined)
    warnings.push(`left out anthropic-beta: ${options.endpoint.label} implements no Anthropic betas`);
  return { body, headers, warnings };
}

/** Removes the value at `path`, copying each object on the way so the client's body stays as it was. */
function removePath(target: Record<string, unknown>, path: readonly string[]): boolean {
  const [head, ...rest] = path;
  if (head === undefined || !(head in target)) return false;
  if (rest.length === 0) {
    delete target[head];
    return true;
  }
  const child = target[head];
  if (typeof child !== 'object' || child === null || Array.isArray(child)) return false;
  const copy = { ...(child as Record<string, unknown>) };
  if (!removePath(copy, rest)) return false;
  target[head] = copy;
  return true;
}

/**
 * An assistant turn without the thinking blocks the proxy wrote while translating another
 * protocol: their signatures carry that protocol's state (or are empty), never one this
 * endpoint issued.
 */
function withoutForeignThinking(message: unknown, warnings: string[]): unknown {
  if (typeof message !== 'object' || message === null) return message;
  const { role, content } = message as { role?: unknown; content?: unknown };
  if (role !== 'assistant' || !Array.isArray(content)) return message;
  const kept = content.filter((block) => !isProxySignedThinking(block));
  if (kept.length === content.length) return message;
  warnings.push('left out thinking blocks another protocol produced');
  return { ...(message as Record<string, unknown>), content: kept };
}

function isProxySignedThinking(block: unknown): boolean {
  if (typeof block !== 'object' || block === null) return false;
  const { type, signature } = block as { type?: unknown; signature?: unknown };
  return (
    type === 'thinking' &&
    (signature === '' || (typeof signature === 'string' && signature.startsWith(SIGNATURE_PREFIX)))
  );
}
