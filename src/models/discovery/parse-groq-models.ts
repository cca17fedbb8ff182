import type { PlainModelFacts } from '../model-facts.js';
import { readListEntries, readTokenCount } from './read-json-fields.js';

/**
 * Groq's GET /openai/v1/models: `context_window` and `max_completion_tokens`, the exact cap
 * above which Groq refuses a request. Capabilities are not listed.
 */
export function parseGroqModels(body: unknown): Map<string, PlainModelFacts> {
  const facts = new Map<string, PlainModelFacts>();
  for (const entry of readListEntries(body)) {
    facts.set(entry.id, {
      contextWindow: readTokenCount(entry.context_window),
      maxOutputTokens: readTokenCount(entry.max_completion_tokens),
    });
  }
  return facts;
}
