import type { PlainModelFacts } from '../model-facts.js';
import { isRecord, listIncludes, readStrings, readTokenCount } from './read-json-fields.js';

/** `num_ctx 32768` in the Modelfile parameters Ollama returns as text. */
const NUM_CTX = /^\s*num_ctx\s+(\d+)\s*$/m;

/**
 * Ollama's POST /api/show for one model. `capabilities` lists `vision`, `tools` and
 * `thinking`; `model_info` holds the trained window as `<architecture>.context_length`. A
 * `num_ctx` in the model's parameters is the window Ollama really runs it with (it
 * truncates longer prompts silently), so it wins over the trained one.
 */
export function parseOllamaShow(body: unknown): PlainModelFacts {
  if (!isRecord(body)) throw new Error('the answer is not a JSON object');
  const info = isRecord(body.model_info) ? body.model_info : {};
  const architecture = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : '';
  const trained =
    readTokenCount(info[`${architecture}.context_length`]) ??
    readTokenCount(Object.entries(info).find(([key]) => key.endsWith('.context_length'))?.[1]);
  const numCtx = typeof body.parameters === 'string' ? NUM_CTX.exec(body.parameters)?.[1] : undefined;
  const capabilities = readStrings(body.capabilities);
  return {
    contextWindow: numCtx !== undefined ? readTokenCount(Number(numCtx)) : trained,
    vision: listIncludes(capabilities, 'vision'),
    tools: listIncludes(capabilities, 'tools'),
    reasoning: listIncludes(capabilities, 'thinking'),
  };
}
