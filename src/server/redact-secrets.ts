import type { Config } from '../config/config.js';
/**
 * Removes secrets from text that leaves the process. Backends sometimes echo the key
 * they were given in an error message ("Incorrect API key provided: sk-…"); that text
 * must never reach a client.
 */
export function createSecretRedactor(secrets: ReadonlyArray<string | undefined>): (text: string) => string {
  const present = secrets.filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= 4,
  );
  if (present.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const secret of present)
      if (result.includes(secret)) result = result.split(secret).join('[redacted]');
    return result;
  };
}

/** The redactor for every secret the configuration holds: the backend key and the proxy keys. */
export function createConfigSecretRedactor(
  config: Pick<Config, 'backend' | 'proxyApiKeys'>,
): (text: string) => string {
  return createSecretRedactor([config.backend.apiKey, ...config.proxyApiKeys]);
}
