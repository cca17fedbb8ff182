import type { IncomingHttpHeaders } from 'node:http';

const BEARER_PREFIX = /^bearer\s+/i;

/**
 * The keys a client presents, the two ways Anthropic clients do it: `x-api-key` (the SDKs'
 * apiKey, Claude Code's ANTHROPIC_API_KEY) and `Authorization: Bearer` (authToken,
 * ANTHROPIC_AUTH_TOKEN). Either may carry the proxy's key, so both are returned.
 */
export function readPresentedKeys(headers: IncomingHttpHeaders): string[] {
  const keys: string[] = [];
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string') keys.push(apiKey.trim());
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && BEARER_PREFIX.test(authorization)) {
    keys.push(authorization.replace(BEARER_PREFIX, '').trim());
  }
  return keys;
}
