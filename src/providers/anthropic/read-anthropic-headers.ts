import type { IncomingHttpHeaders } from 'node:http';
import type { AnthropicClientHeader } from './anthropic-endpoints.js';

/** The client's anthropic-version and anthropic-beta, as the anthropic protocol may pass them on. */
export function readAnthropicHeaders(
  headers: IncomingHttpHeaders,
): Partial<Record<AnthropicClientHeader, string>> {
  const read = (name: AnthropicClientHeader) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const version = read('anthropic-version');
  const beta = read('anthropic-beta');
  return {
    ...(version !== undefined ? { 'anthropic-version': version } : {}),
    ...(beta !== undefined ? { 'anthropic-beta': beta } : {}),
  };
}
