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
  options: {
    model: string;
    endpoint: AnthropicEndpoint;
    /** True for a signature (or redacted thinking data) another backend is known to have issued. */
    issuedElsewhere?: ((token: string) => boolean) | undefined;
  },
): AnthropicForwardRequest {
  const warnings: string[] = [];
  const body: Record<string, unknown> = { ...clientBody, model: options.model };
  for (const path of options.endpoint.strippedFields) {
    if (removePath(body, path.split('.')))
      warnings.push(`left out ${path}: ${options.endpoint.label} refuses it`);
  }
  if (Array.isArray(body.messages))
    body.messages = body.messages.map((message) =>
      withoutForeignThinking(message, warnings, options.issuedElsewhere),
    );

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
 * An assistant turn without the thinking blocks this endpoint did not issue: those the proxy
 * wrote while translating another protocol (their signatures carry that protocol's state, or
 * are empty), and those another Anthropic-compatible backend signed before a fallback.
 */
function withoutForeignThinking(
  message: unknown,
  warnings: string[],
  issuedElsewhere: ((token: string) => boolean) | undefined,
): unknown {
  if (typeof message !== 'object' || message === null) return message;
  const { role, content } = message as { role?: unknown; content?: unknown };
  if (role !== 'assistant' || !Array.isArray(content)) return message;
  let proxySigned = 0;
  let otherBackend = 0;
  const kept = content.filter((block) => {
    if (isProxySignedThinking(block)) proxySigned++;
    else if (issuedElsewhere && isSignedElsewhere(block, issuedElsewhere)) otherBackend++;
    else return true;
    return false;
  });
  if (proxySigned > 0) warnings.push('left out thinking blocks another protocol produced');
  if (otherBackend > 0) warnings.push('left out thinking blocks another backend signed');
  if (kept.length === content.length) return message;
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

function isSignedElsewhere(block: unknown, issuedElsewhere: (token: string) => boolean): boolean {
  if (typeof block !== 'object' || block === null) return false;
  const token = signedTokenOf(block);
  return token !== undefined && issuedElsewhere(token);
}

/** A thinking block's signature, or a redacted thinking block's data: what its issuer alone accepts. */
export function signedTokenOf(block: object): string | undefined {
  const { type, signature, data } = block as { type?: unknown; signature?: unknown; data?: unknown };
  if (type === 'thinking' && typeof signature === 'string') return signature;
  if (type === 'redacted_thinking' && typeof data === 'string') return data;
  return undefined;
}
