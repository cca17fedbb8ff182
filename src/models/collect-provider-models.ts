import type { Config, RouteChain } from '../config/config.js';

/**
 * Every backend model the configuration names for a provider, in the order it names them:
 * the models its routes send to, those it lists under `models`, and those it describes in
 * `model_info`. These are the models whose facts matter.
 */
export function collectProviderModels(
  config: Pick<Config, 'routes' | 'providers'>,
  provider: string,
): string[] {
  const models = new Set<string>();
  const { routes } = config;
  const chains: Array<RouteChain | undefined> = [
    routes.default,
    routes.families.opus,
    routes.families.sonnet,
    routes.families.haiku,
    routes.thinking,
    routes.image,
    routes.longContext?.chain,
    ...Object.values(routes.models),
  ];
  for (const chain of chains) {
    for (const entry of chain ?? []) {
      if (entry.provider === provider && entry.model !== undefined) models.add(entry.model);
    }
  }
  const settings = config.providers.find((candidate) => candidate.name === provider);
  for (const model of settings?.models ?? []) models.add(model);
  for (const model of Object.keys(settings?.modelInfo ?? {})) models.add(model);
  return [...models];
}
