import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * Groq: unknown properties are a 400 ("property 'x' is unsupported"), so the allowlist is
 * tight; `reasoning_effort` only for gpt-oss (Qwen models there take other values); output
 * capped per model; earlier reasoning goes back as `reasoning` to the Qwen 3 models only.
 */
export const groqDialect: Dialect = {
  ...genericDialect,
  name: 'groq',
  label: 'Groq',
  thinkTags: 'off',
  detect: { hosts: ['api.groq.com'] },
  requestFields: fields(
    COMMON_REQUEST_FIELDS.filter((field) => field !== 'max_tokens'),
    'max_completion_tokens',
    'stream_options',
    'parallel_tool_calls',
    'user',
    'reasoning_effort',
  ),
  tokenLimitField: 'max_completion_tokens',
  // Only the Llama 4 models Groq serves take images.
  imageModels: /llama-4/i,
  // Groq refuses max_completion_tokens above a model's documented maximum (models page).
  modelLimits: [
    { model: /^llama-3\.3-70b/, maxOutputTokens: 32_768, contextWindow: 131_072 },
    { model: /^llama-3\.1-8b/, maxOutputTokens: 131_072, contextWindow: 131_072 },
    { model: /gpt-oss/, maxOutputTokens: 65_536, contextWindow: 131_072 },
  ],
  reasoning: {
    request: 'reasoning-effort',
    efforts: ['low', 'medium', 'high'],
    // Groq documents an assistant `reasoning` field for history, usable with Qwen 3 only.
    history: 'reasoning',
    historyModels: /qwen3/i,
    models: /gpt-oss/,
  },
};
