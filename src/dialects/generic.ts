import { COMMON_REQUEST_FIELDS, type Dialect, fields, OPENAI_TOOL_NAMES } from './dialect.js';

/**
 * The conservative default for an unknown OpenAI-compatible server (llama.cpp, LiteLLM,
 * TGI, a company gateway): `max_tokens`, which every such server reads, the fields of the
 * original Chat Completions API, and `reasoning_effort` when the client asks to think.
 * Other dialects start from this one and change what their backend needs.
 */
export const genericDialect: Dialect = {
  name: 'generic',
  label: 'Generic OpenAI-compatible',
  detect: {},
  requestFields: fields(
    COMMON_REQUEST_FIELDS,
    'stream_options',
    'parallel_tool_calls',
    'user',
    'reasoning_effort',
  ),
  tokenLimitField: 'max_tokens',
  modelLimits: [],
  toolChoice: 'all',
  toolNames: OPENAI_TOOL_NAMES,
  toolIds: 'any',
  unsupportedSchemaKeywords: new Set(),
  reasoning: { request: 'reasoning-effort', efforts: ['low', 'medium', 'high'], history: 'drop' },
  // An unknown server is most often a local one serving raw model output (llama.cpp, LiteLLM
  // in front of one); only an answer that starts with <think> is affected.
  thinkTags: 'on',
  toolCallThoughtSignatures: false,
  systemMessages: 'anywhere',
  systemFirstOnlyModels: /qwen3\.(?:[5-9]|\d{2,})/i,
  images: 'any',
};
