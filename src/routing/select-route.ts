import type { Config, RouteChain } from '../config/config.js';
import { InvalidRequestError } from '../errors.js';
import { FAMILY_VARIABLES } from './claude-model-names.js';
import type { RequestTraits } from './read-request-traits.js';

/** A chain entry with its model known: what one attempt sends, and to whom. */
export interface ResolvedTarget {
  provider: string;
  model: string;
}

/** Which route matched, for logs, metrics and the inspector. */
export type RouteName =
  | `models.${string}`
  | 'provider'
  | 'long_context'
  | 'image'
  | 'thinking'
  | 'opus'
  | 'sonnet'
  | 'haiku'
  | 'default';

export interface SelectedRoute {
  name: RouteName;
  targets: ResolvedTarget[];
}

export interface RouteSelectionInput {
  traits: RequestTraits;
  /** The request's input tokens; only called when a long_context route is configured. */
  countInputTokens: () => number;
}

/**
 * Picks the chain that serves a request; the first rule that matches wins:
 * 1. the client's model is a key of routes.models, or names a provider as `provider/model`;
 * 2. long_context, when the input is over its threshold;
 * 3. image, when any image is present;
 * 4. thinking, when thinking is on;
 * 5. the Claude family of the model name (opus, sonnet, haiku);
 * 6. default. A model name that is not Claude's goes, unchanged, to the first provider of
 *    the default route.
 */
export function selectRoute(
  config: Pick<Config, 'routes' | 'providers' | 'source'>,
  input: RouteSelectionInput,
): SelectedRoute {
  const { routes } = config;
  const { traits } = input;
  const named = routes.models[traits.model];
  if (named && Object.hasOwn(routes.models, traits.model)) {
    return { name: `models.${traits.model}`, targets: resolveChain(named, traits) };
  }
  const explicit = readProviderModel(config, traits.model);
  if (explicit) return { name: 'provider', targets: [explicit] };
  if (routes.longContext && input.countInputTokens() > routes.longContext.threshold) {
    return { name: 'long_context', targets: resolveChain(routes.longContext.chain, traits) };
  }
  if (routes.image && traits.hasImages) return { name: 'image', targets: resolveChain(routes.image, traits) };
  if (routes.thinking && traits.thinking) {
    return { name: 'thinking', targets: resolveChain(routes.thinking, traits) };
  }
  const familyChain = traits.family ? routes.families[traits.family] : undefined;
  if (traits.family && familyChain)
    return { name: traits.family, targets: resolveChain(familyChain, traits) };
  const defaultChain = routes.default;
  if (defaultChain && defaultChain.length > 0) {
    if (!traits.isClaudeModel) {
      return { name: 'default', targets: [{ provider: defaultChain[0]!.provider, model: traits.model }] };
    }
    const targets = resolveChain(defaultChain, traits);
    if (targets.length > 0) return { name: 'default', targets };
  }
  throw new InvalidRequestError(describeMissingRoute(config, traits));
}

/** The long_context chain, for a request whose backend said the prompt does not fit. */
export function selectLongContextRoute(
  config: Pick<Config, 'routes'>,
  traits: RequestTraits,
): SelectedRoute | undefined {
  const chain = config.routes.longContext?.chain;
  return chain ? { name: 'long_context', targets: resolveChain(chain, traits) } : undefined;
}

/** The image chain, for a request with images whose route leads to a model that sees none. */
export function selectImageRoute(
  config: Pick<Config, 'routes'>,
  traits: RequestTraits,
): SelectedRoute | undefined {
  const chain = config.routes.image;
  return chain ? { name: 'image', targets: resolveChain(chain, traits) } : undefined;
}

/**
 * Entries without a model take the client's, which only a backend model name can be: a
 * Claude name is never sent to a backend as it is.
 */
function resolveChain(chain: RouteChain, traits: RequestTraits): ResolvedTarget[] {
  const targets: ResolvedTarget[] = [];
  for (const entry of chain) {
    if (entry.model !== undefined) targets.push({ provider: entry.provider, model: entry.model });
    else if (!traits.isClaudeModel) targets.push({ provider: entry.provider, model: traits.model });
  }
  return targets;
}

/** `deepseek/deepseek-v4-pro` when `deepseek` is a configured provider: Claude Code's `/model` can switch provider this way. */
function readProviderModel(config: Pick<Config, 'providers'>, model: string): ResolvedTarget | undefined {
  const slash = model.indexOf('/');
  if (slash <= 0 || slash === model.length - 1) return undefined;
  const provider = model.slice(0, slash);
  if (!config.providers.some((candidate) => candidate.name === provider)) return undefined;
  return { provider, model: model.slice(slash + 1) };
}

function describeMissingRoute(config: Pick<Config, 'source'>, traits: RequestTraits): string {
  if (config.source.kind === 'env') {
    const alternative = traits.family
      ? ` (or ${FAMILY_VARIABLES[traits.family]} for ${traits.family} models)`
      : '';
    return `No backend model is configured for "${traits.model}": set OPENAI_MODEL${alternative} to a model your backend serves`;
  }
  const familyRoute = traits.family ? `routes.${traits.family} or ` : '';
  return `No route serves "${traits.model}": set ${familyRoute}routes.default in ${config.source.path}`;
}
