import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * DeepSeek: `max_tokens` capped per model (V4: 384K output in a 1M context; the retired
 * deepseek-chat and deepseek-reasoner names: 8K and 64K in 128K), thinking switched with `thinking: {type}` and sized with `reasoning_effort`.
 * In a tool loop the API requires each assistant message's reasoning_content back, and V4
 * requires the field on every assistant message. It reads no images.
 */
export const deepseekDialect: Dialect = {
  ...genericDialect,
  name: 'deepseek',
  label: 'DeepSeek',
  thinkTags: 'off',
  detect: { hosts: ['api.deepseek.com'] },
  requestFields: fields(COMMON_REQUEST_FIELDS, 'stream_options', 'thinking', 'reasoning_effort'),
  modelLimits: [
    {
      model: /^deepseek-reasoner$/,
      maxOutputTokens: 65_536,
      contextWindow: 131_072,
      tools: true,
      reasoning: true,
    },
    {
      model: /^deepseek-chat$/,
      maxOutputTokens: 8_192,
      contextWindow: 131_072,
      tools: true,
      reasoning: false,
    },
    { model: /./, maxOutputTokens: 393_216, contextWindow: 1_048_576, tools: true, reasoning: true },
  ],
  reasoning: {
    request: 'thinking-type-and-effort',
    efforts: ['low', 'medium', 'high', 'max'],
    history: 'reasoning_content',
    historyOnEveryAssistantMessage: true,
  },
  images: 'none',
};
