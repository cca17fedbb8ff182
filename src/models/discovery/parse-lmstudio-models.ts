import type { PlainModelFacts } from '../model-facts.js';
import { listIncludes, readListEntries, readStrings, readTokenCount } from './read-json-fields.js';

/**
 * LM Studio's native GET /api/v0/models (its OpenAI-compatible /v1/models lists ids only):
 * `type` is `vlm` for models that see images and `llm` for text-only ones, `capabilities`
 * lists `tool_use` for models trained to call tools, and `max_context_length` is the
 * model's trained window. A loaded model runs with `loaded_context_length`, usually far
 * less, and that is the window requests really get.
 */
export function parseLmStudioModels(body: unknown): Map<string, PlainModelFacts> {
  const facts = new Map<string, PlainModelFacts>();
  for (const entry of readListEntries(body)) {
    if (entry.type === 'embeddings') continue;
    const loaded = entry.state === 'loaded' ? readTokenCount(entry.loaded_context_length) : undefined;
    facts.set(entry.id, {
      contextWindow: loaded ?? readTokenCount(entry.max_context_length),
      vision: entry.type === 'vlm' ? true : entry.type === 'llm' ? false : undefined,
      tools: listIncludes(readStrings(entry.capabilities), 'tool_use'),
    });
  }
  return facts;
}
