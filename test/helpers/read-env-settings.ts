import type { Config } from '../../src/config/config.js';

/**
 * An environment-only configuration seen as the variables that made it: OPENAI_BASE_URL's
 * backend, OPENAI_MODEL, the family models, OPENAI_PROVIDER and TIMEOUT.
 */
export function readEnvSettings(config: Config) {
  const provider = config.providers[0]!;
  const modelOf = (chain: Config['routes']['default']) => chain?.[0]?.model;
  return {
    backend: provider.backend,
    model: modelOf(config.routes.default),
    familyModels: {
      opus: modelOf(config.routes.families.opus),
      sonnet: modelOf(config.routes.families.sonnet),
      haiku: modelOf(config.routes.families.haiku),
    },
    provider: provider.dialect,
    timeoutMs: provider.timeouts.firstByteMs,
  };
}
