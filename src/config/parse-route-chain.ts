import type { RouteChain, RouteTarget } from './config.js';
import { ConfigError } from './config-error.js';
import { formatConfigPath } from './format-config-path.js';

/**
 * Reads a route value: `provider/model`, or a list of them (a fallback chain, first entry
 * preferred). The provider is everything before the first `/`, so `openrouter/qwen/qwen3-coder`
 * asks provider openrouter for model qwen/qwen3-coder. A bare provider name sends the client's
 * model name through unchanged, which is what an environment-only set-up without
 * OPENAI_MODEL does; it lets `config print` write such a set-up as a file.
 */
export function parseRouteChain(
  value: unknown,
  path: readonly PropertyKey[],
  providerNames: readonly string[],
): RouteChain {
  if (typeof value === 'string') return [parseTarget(value, path, providerNames)];
  if (Array.isArray(value)) {
    if (value.length === 0) throw atPath(path, 'must name at least one provider/model');
    return value.map((entry, index) => {
      if (typeof entry !== 'string') throw atPath([...path, index], 'must be a "provider/model" string');
      return parseTarget(entry, [...path, index], providerNames);
    });
  }
  throw atPath(path, 'must be "provider/model" or a list of them');
}

function parseTarget(
  entry: string,
  path: readonly PropertyKey[],
  providerNames: readonly string[],
): RouteTarget {
  const text = entry.trim();
  const slash = text.indexOf('/');
  const provider = slash === -1 ? text : text.slice(0, slash);
  const model = slash === -1 ? undefined : text.slice(slash + 1).trim();
  if (provider.length === 0) throw atPath(path, `"${entry}" names no provider; write provider/model`);
  if (model !== undefined && model.length === 0) {
    throw atPath(
      path,
      `"${entry}" names no model; write ${provider}/MODEL, or ${provider} alone to pass the client's model through`,
    );
  }
  if (!providerNames.includes(provider)) {
    throw atPath(path, `unknown provider "${provider}"; providers are ${providerNames.join(', ')}`);
  }
  return { provider, model };
}

function atPath(path: readonly PropertyKey[], message: string): ConfigError {
  return new ConfigError(`${formatConfigPath(path)}: ${message}`);
}
