import type { BackendConfig } from './config.js';

const CHAT_COMPLETIONS_SUFFIX = '/chat/completions';

/**
 * Accepts both forms users paste: a base URL (https://host/v1) and the full endpoint
 * (https://host/v1/chat/completions). Returns undefined when the value is not an
 * http(s) URL, so the caller can name the variable in its error.
 */
export function parseBaseUrl(value: string): Omit<BackendConfig, 'apiKey' | 'isDefault'> | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  let path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(CHAT_COMPLETIONS_SUFFIX)) path = path.slice(0, -CHAT_COMPLETIONS_SUFFIX.length);
  return {
    origin: url.origin,
    basePath: path,
    chatCompletionsPath: `${path}${CHAT_COMPLETIONS_SUFFIX}${url.search}`,
    displayUrl: `${url.origin}${path}`,
  };
}
