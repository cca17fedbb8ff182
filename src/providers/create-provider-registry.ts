import { isDeepStrictEqual } from 'node:util';
import type { Config } from '../config/config.js';
import { createSignatureIssuers, type SignatureIssuers } from './anthropic/signature-issuers.js';
import type { ServerDialects } from './detect-server-dialects.js';
import { createProvider, type Provider } from './provider.js';

export interface ProviderRegistry {
  /** Every provider, in the order the configuration lists them. */
  readonly all: readonly Provider[];
  get(name: string): Provider | undefined;
  /** Which Anthropic-compatible backend issued the thinking signatures passed on; kept across reloads. */
  readonly signatureIssuers: SignatureIssuers;
  /** Closes every pool; requests in flight finish first. */
  close(): Promise<void>;
}

/**
 * The providers of a configuration. Given the registry of the configuration it replaces, a
 * provider whose settings did not change is carried over as it is (its pool, health and
 * reasoning memory survive a reload); the others are made anew. `serverDialects` holds what
 * the backends said they are at start-up, by base URL.
 */
export function createProviderRegistry(
  config: Config,
  previous?: ProviderRegistry,
  serverDialects?: ServerDialects,
): ProviderRegistry {
  const all = config.providers.map((providerConfig) => {
    const kept = previous?.get(providerConfig.name);
    const unchanged = kept && isDeepStrictEqual(kept.config, providerConfig);
    if (unchanged) return kept;
    const serverSays = serverDialects?.get(providerConfig.backend.displayUrl)?.dialect;
    return createProvider(providerConfig, config.cooldown, serverSays);
  });
  const byName = new Map(all.map((provider) => [provider.name, provider]));
  return {
    all,
    get: (name) => byName.get(name),
    signatureIssuers: previous?.signatureIssuers ?? createSignatureIssuers(),
    close: async () => {
      for (const provider of all) provider.modelFacts.stop();
      await Promise.all(all.map((provider) => provider.upstream.close()));
    },
  };
}

/** The providers of `previous` that `next` no longer uses, to be closed once their requests finish. */
export function retiredProviders(previous: ProviderRegistry, next: ProviderRegistry): Provider[] {
  return previous.all.filter((provider) => next.get(provider.name) !== provider);
}
