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

type SecretSource = Pick<Config, 'providers' | 'proxyApiKeys'>;

const redactors = new WeakMap<SecretSource, (text: string) => string>();

/** The redactor for every secret the configuration holds: each provider's key and the proxy keys. Built once per configuration. */
export function createConfigSecretRedactor(config: SecretSource): (text: string) => string {
  let redactor = redactors.get(config);
  if (!redactor) {
    redactor = createSecretRedactor(configSecrets(config));
    redactors.set(config, redactor);
  }
  return redactor;
}

/** Every secret a configuration holds, for redactors and the log's own scrubbing. */
export function configSecrets(config: SecretSource): Array<string | undefined> {
  return [...config.providers.map((provider) => provider.backend.apiKey), ...config.proxyApiKeys];
}
