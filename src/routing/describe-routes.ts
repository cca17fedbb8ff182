import type { ClaudeFamily, Config, RouteChain } from '../config/config.js';

const FAMILIES: readonly ClaudeFamily[] = ['opus', 'sonnet', 'haiku'];

/** One line for the banner: `default → deepseek/deepseek-v4-pro; haiku → deepseek/deepseek-v4-flash, local/qwen3`. */
export function describeRoutes(config: Pick<Config, 'routes' | 'source'>): string {
  const { routes } = config;
  const parts: string[] = [];
  const add = (name: string, chain: RouteChain | undefined) => {
    if (chain && chain.length > 0) parts.push(`${name} → ${describeChain(chain)}`);
  };
  for (const [name, chain] of Object.entries(routes.models)) add(name, chain);
  if (routes.longContext)
    add(`long_context (over ${routes.longContext.threshold} tokens)`, routes.longContext.chain);
  add('image', routes.image);
  add('thinking', routes.thinking);
  for (const family of FAMILIES) add(family, routes.families[family]);
  add('default', routes.default);
  if (parts.length === 0) return '(none: client model names pass through)';
  const passThrough =
    config.source.kind === 'env' && routes.default?.[0]?.model === undefined
      ? '; other client model names pass through (set OPENAI_MODEL for Claude names)'
      : '';
  return parts.join('; ') + passThrough;
}

/** `deepseek/deepseek-v4-pro, local/qwen3`; an entry without a model passes the client's through. */
export function describeChain(chain: RouteChain): string {
  return chain.map((entry) => `${entry.provider}/${entry.model ?? '(client model)'}`).join(', ');
}
