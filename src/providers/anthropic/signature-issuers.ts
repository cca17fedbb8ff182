import {
  type AnthropicEndpoint,
  genericAnthropicEndpoint,
  openrouterEndpoint,
} from './anthropic-endpoints.js';

/**
 * Which Anthropic-compatible backend issued the thinking signatures (and redacted thinking
 * data) the proxy passed on to clients, so that after a fallback a backend is never sent
 * another's: a real Anthropic model refuses a signature it did not issue with a 400, which
 * would end the session the fallback was meant to save. Clients send the blocks back
 * unchanged, so the proxy knows a block by its token alone; tokens it never saw (issued
 * before a restart, or on another instance) are passed on as before.
 */
export interface SignatureIssuers {
  note(token: string, issuer: string): void;
  issuerOf(token: string): string | undefined;
}

/** A token is known by its last characters: signatures end in random bytes, and keys stay small. */
const KEY_CHARACTERS = 64;

/** Tokens remembered at most; the oldest are forgotten first (~4,096 × 100 bytes). */
const MAX_TOKENS = 4096;

export function createSignatureIssuers(maxTokens = MAX_TOKENS): SignatureIssuers {
  const issuers = new Map<string, string>();
  const keyOf = (token: string) => token.slice(-KEY_CHARACTERS);
  return {
    note(token, issuer) {
      if (token.length === 0) return;
      const key = keyOf(token);
      issuers.delete(key);
      issuers.set(key, issuer);
      if (issuers.size > maxTokens) issuers.delete(issuers.keys().next().value!);
    },
    issuerOf: (token) => (token.length === 0 ? undefined : issuers.get(keyOf(token))),
  };
}

/**
 * The family whose signatures a backend issues and accepts. Anthropic's own models give
 * signatures that are valid on every platform serving them (Anthropic's documentation:
 * compatible across the Claude API, Bedrock and Vertex AI), so api.anthropic.com and
 * OpenRouter, which serves them behind its Anthropic endpoint, are one family; each
 * third-party endpoint (DeepSeek, GLM, Qwen, Kimi, MiniMax) is its own; any other endpoint
 * is known by its origin.
 */
export function signatureIssuerOf(endpoint: AnthropicEndpoint, baseUrl: string): string {
  if (endpoint === openrouterEndpoint) return 'anthropic';
  if (endpoint !== genericAnthropicEndpoint) return endpoint.name;
  const url = new URL(baseUrl);
  return url.hostname === 'api.anthropic.com' ? 'anthropic' : url.origin;
}
