import type { PlainModelFacts } from '../model-facts.js';
import { isRecord, listIncludes, readListEntries, readStrings, readTokenCount } from './read-json-fields.js';

/**
 * OpenRouter's GET /api/v1/models: `context_length`, the output cap of the provider it
 * prefers (`top_provider.max_completion_tokens`, null when it has none), the input
 * modalities, and the request parameters the model takes (`tools`, `reasoning`).
 */
export function parseOpenRouterModels(body: unknown): Map<string, PlainModelFacts> {
  const facts = new Map<string, PlainModelFacts>();
  for (const entry of readListEntries(body)) {
    const topProvider = isRecord(entry.top_provider) ? entry.top_provider : {};
    const architecture = isRecord(entry.architecture) ? entry.architecture : {};
    const parameters = readStrings(entry.supported_parameters);
    facts.set(entry.id, {
      contextWindow: readTokenCount(entry.context_length) ?? readTokenCount(topProvider.context_length),
      maxOutputTokens: readTokenCount(topProvider.max_completion_tokens),
      vision: listIncludes(readStrings(architecture.input_modalities), 'image'),
      tools: listIncludes(parameters, 'tools'),
      reasoning: listIncludes(parameters, 'reasoning'),
    });
  }
  return facts;
}
