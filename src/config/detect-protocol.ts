import type { BackendConfig, ProtocolName } from './config.js';

/**
 * The protocol a base URL leaves no doubt about, else Chat Completions. Only a path that
 * ends in `/anthropic` (optionally `/anthropic/v1`) is unambiguous: that is how DeepSeek,
 * GLM, DashScope, Moonshot and MiniMax publish their Anthropic-compatible base URLs, and no
 * OpenAI-compatible API is served there. A Responses API shares its base URL with Chat
 * Completions (`/v1`), so it is never guessed.
 */
export function detectProtocol(backend: Pick<BackendConfig, 'basePath'>): ProtocolName {
  return /\/anthropic(?:\/v1)?$/i.test(backend.basePath) ? 'anthropic' : 'chat';
}
