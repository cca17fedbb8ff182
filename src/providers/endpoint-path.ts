import type { BackendConfig, ProtocolName } from '../config/config.js';
import { assertNever } from '../translate/convert-user-content.js';

const CHAT_COMPLETIONS_SUFFIX = '/chat/completions';

/** The query string of the base URL (Azure's `?api-version=…`), kept on every endpoint. */
function querySuffix(backend: BackendConfig): string {
  return backend.chatCompletionsPath.slice(backend.basePath.length + CHAT_COMPLETIONS_SUFFIX.length);
}

/** `POST {base_url}/responses`; a base URL pasted as the full endpoint is taken as it is. */
export function responsesPath(backend: BackendConfig): string {
  const base = backend.basePath.replace(/\/responses$/i, '');
  return `${base}/responses${querySuffix(backend)}`;
}

/**
 * `{base_url}/v1/messages`, as the Anthropic SDK builds it from ANTHROPIC_BASE_URL, so a
 * provider is configured with the very base URL its documentation gives for Claude Code.
 * A base URL that already ends in `/v1` (or is the full `/v1/messages` endpoint) gets no
 * second `/v1`.
 */
export function anthropicMessagesPath(backend: BackendConfig): string {
  const base = backend.basePath.replace(/\/messages$/i, '').replace(/\/v1$/i, '');
  return `${base}/v1/messages${querySuffix(backend)}`;
}

/** The path a provider's requests are POSTed to, by its protocol. */
export function protocolEndpointPath(backend: BackendConfig, protocol: ProtocolName): string {
  switch (protocol) {
    case 'chat':
      return backend.chatCompletionsPath;
    case 'responses':
      return responsesPath(backend);
    case 'anthropic':
      return anthropicMessagesPath(backend);
    default:
      return assertNever(protocol);
  }
}
