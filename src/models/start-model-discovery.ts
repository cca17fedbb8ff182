import type { Config } from '../config/config.js';
import type { ProviderRegistry } from '../providers/create-provider-registry.js';
import { collectProviderModels } from './collect-provider-models.js';

/**
 * Starts reading every provider's published model facts in the background. Providers that
 * are already reading (carried over by a reload) go on as they are.
 */
export function startModelDiscovery(
  providers: ProviderRegistry,
  config: Pick<Config, 'routes' | 'providers'>,
  log: (message: string) => void,
): void {
  for (const provider of providers.all) {
    provider.modelFacts.start({ models: collectProviderModels(config, provider.name), log });
  }
}

/** Waits until every provider's first read is in, or `timeoutMs` has passed; never rejects. */
export async function settleModelDiscovery(
  providers: ProviderRegistry,
  config: Pick<Config, 'routes' | 'providers'>,
  timeoutMs: number,
): Promise<void> {
  const waits = providers.all.flatMap((provider) =>
    collectProviderModels(config, provider.name).map((model) => provider.modelFacts.settle(model, timeoutMs)),
  );
  await Promise.all(waits);
}
