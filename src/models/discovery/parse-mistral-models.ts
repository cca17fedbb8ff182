import type { PlainModelFacts } from '../model-facts.js';
import { isRecord, readBoolean, readListEntries, readStrings, readTokenCount } from './read-json-fields.js';

/**
 * Mistral's GET /v1/models: `max_context_length` and a `capabilities` object
 * (`function_calling`, `vision`, and on newer models `reasoning`). Each entry also lists
 * its aliases (`mistral-large-latest`, …), which users name more often than the dated id,
 * so the facts are filed under every alias too.
 */
export function parseMistralModels(body: unknown): Map<string, PlainModelFacts> {
  const facts = new Map<string, PlainModelFacts>();
  for (const entry of readListEntries(body)) {
    const capabilities = isRecord(entry.capabilities) ? entry.capabilities : {};
    const modelFacts: PlainModelFacts = {
      contextWindow: readTokenCount(entry.max_context_length),
      vision: readBoolean(capabilities.vision),
      tools: readBoolean(capabilities.function_calling),
      reasoning: readBoolean(capabilities.reasoning),
    };
    for (const name of [entry.id, ...(readStrings(entry.aliases) ?? [])]) {
      // An alias never overwrites a model's own entry.
      if (name === entry.id || !facts.has(name)) facts.set(name, modelFacts);
    }
  }
  return facts;
}
