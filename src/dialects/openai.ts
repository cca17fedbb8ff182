import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/** o-series and gpt-5 models: they reason, reject temperature and top_p, and want max_completion_tokens. */
const REASONING_MODELS = /^(o\d|gpt-5)/;

/**
 * OpenAI's own API: `max_completion_tokens` (`max_tokens` is refused by reasoning models),
 * `safety_identifier` instead of the deprecated `user`, and unknown fields are a 400.
 */
export const openaiDialect: Dialect = {
  ...genericDialect,
  name: 'openai',
  label: 'OpenAI',
  thinkTags: 'off',
  detect: { hosts: ['api.openai.com'] },
  requestFields: fields(
    COMMON_REQUEST_FIELDS.filter((field) => field !== 'max_tokens'),
    'max_completion_tokens',
    'stream_options',
    'parallel_tool_calls',
    'safety_identifier',
    'reasoning_effort',
  ),
  tokenLimitField: 'max_completion_tokens',
  modelLimits: [
    {
      model: /^gpt-5/,
      maxOutputTokens: 128_000,
      contextWindow: 400_000,
      vision: true,
      tools: true,
      reasoning: true,
    },
    { model: /^o\d/, maxOutputTokens: 100_000, contextWindow: 200_000, tools: true, reasoning: true },
    {
      model: /^gpt-4\.1/,
      maxOutputTokens: 32_768,
      contextWindow: 1_047_576,
      vision: true,
      tools: true,
      reasoning: false,
    },
    {
      model: /^gpt-4o/,
      maxOutputTokens: 16_384,
      contextWindow: 128_000,
      vision: true,
      tools: true,
      reasoning: false,
    },
  ],
  reasoning: {
    request: 'reasoning-effort',
    efforts: ['low', 'medium', 'high'],
    history: 'drop',
    models: REASONING_MODELS,
  },
  samplingUnsupportedModels: REASONING_MODELS,
};
