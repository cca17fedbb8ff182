import type { PlainModelFacts } from '../model-facts.js';
import { readListEntries, readTokenCount } from './read-json-fields.js';

/**
 * GET /v1/models of vLLM, SGLang and other OpenAI-compatible servers. The OpenAI shape
 * itself carries no facts; vLLM and SGLang add `max_model_len` (the window the server was
 * started with), and some gateways add `context_length` or `context_window`. Only the window
 * can be read here.
 */
export function parseOpenAIModelList(body: unknown): Map<string, PlainModelFacts> {
  const facts = new Map<string, PlainModelFacts>();
  for (const entry of readListEntries(body)) {
    facts.set(entry.id, {
      contextWindow:
        readTokenCount(entry.max_model_len) ??
        readTokenCount(entry.context_length) ??
        readTokenCount(entry.context_window) ??
        readTokenCount(entry.max_context_length),
    });
  }
  return facts;
}
