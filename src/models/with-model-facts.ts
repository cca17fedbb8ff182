import type { ProviderRegistry } from '../providers/create-provider-registry.js';
import type { ModelEntry } from '../routing/build-model-catalog.js';

/**
 * Catalog entries with the Anthropic Models API's `max_input_tokens` (the context window)
 * and `max_tokens` (the largest output) of the backend model each one is served by, where
 * the proxy knows them; null where it does not, as the API writes an unknown.
 */
export function withModelFacts(entries: readonly ModelEntry[], providers: ProviderRegistry): ModelEntry[] {
  return entries.map((entry) => {
    const facts = providers.get(entry.provider)?.modelFacts.get(entry.backend_model);
    return {
      ...entry,
      max_input_tokens: facts?.contextWindow?.value ?? null,
      max_tokens: facts?.maxOutputTokens?.value ?? null,
    };
  });
}
