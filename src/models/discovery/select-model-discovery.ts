import type { DialectName } from '../../dialects/dialect.js';
import type { PlainModelFacts } from '../model-facts.js';
import { parseGroqModels } from './parse-groq-models.js';
import { parseLmStudioModels } from './parse-lmstudio-models.js';
import { parseMistralModels } from './parse-mistral-models.js';
import { parseOllamaShow } from './parse-ollama-show.js';
import { parseOpenAIModelList } from './parse-openai-model-list.js';
import { parseOpenRouterModels } from './parse-openrouter-models.js';

/** How a backend publishes its models' facts, if it does. */
export type ModelDiscovery =
  /** One GET answers for every model. */
  | { kind: 'list'; path(basePath: string): string; parse(body: unknown): Map<string, PlainModelFacts> }
  /** One POST per model (Ollama). */
  | {
      kind: 'per-model';
      path(basePath: string): string;
      body(model: string): string;
      parse(body: unknown): PlainModelFacts;
    }
  /** The list carries nothing worth a request: the dialect's built-in table speaks for it. */
  | { kind: 'none' };

const openAIList: ModelDiscovery = {
  kind: 'list',
  path: (basePath) => `${basePath}/models`,
  parse: parseOpenAIModelList,
};

/** Local servers' native APIs hang off the origin, beside the `/v1` their base URL names. */
function nativeRoot(basePath: string): string {
  return basePath.replace(/\/v1$/, '');
}

const NONE: ModelDiscovery = { kind: 'none' };

/**
 * Per dialect. An unknown server (`generic`) is not asked: the OpenAI list carries no facts,
 * and a gateway may bill or rate-limit the request; `dialect: vllm` (or `sglang`) on a server
 * that adds `max_model_len`, or `model_info`, says what it serves. A new dialect reads the
 * OpenAI list until it says otherwise.
 */
const DISCOVERY: Partial<Record<DialectName, ModelDiscovery>> = {
  generic: { kind: 'none' },
  openrouter: { kind: 'list', path: (basePath) => `${basePath}/models`, parse: parseOpenRouterModels },
  mistral: { kind: 'list', path: (basePath) => `${basePath}/models`, parse: parseMistralModels },
  groq: { kind: 'list', path: (basePath) => `${basePath}/models`, parse: parseGroqModels },
  lmstudio: {
    kind: 'list',
    path: (basePath) => `${nativeRoot(basePath)}/api/v0/models`,
    parse: parseLmStudioModels,
  },
  ollama: {
    kind: 'per-model',
    path: (basePath) => `${nativeRoot(basePath)}/api/show`,
    body: (model) => JSON.stringify({ model }),
    parse: parseOllamaShow,
  },
  // Their lists name models and nothing else.
  deepseek: NONE,
  glm: NONE,
  qwen: NONE,
  gemini: NONE,
  openai: NONE,
};

export function selectModelDiscovery(dialect: DialectName): ModelDiscovery {
  return DISCOVERY[dialect] ?? openAIList;
}
