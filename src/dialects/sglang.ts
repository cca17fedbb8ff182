import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * SGLang's OpenAI server: like vLLM, thinking through `chat_template_kwargs`; reasoning
 * comes back as `reasoning_content` when the server runs a reasoning parser.
 */
export const sglangDialect: Dialect = {
  ...genericDialect,
  name: 'sglang',
  label: 'SGLang',
  detect: { ports: [30000] },
  requestFields: fields(
    COMMON_REQUEST_FIELDS,
    'stream_options',
    'top_k',
    'parallel_tool_calls',
    'user',
    'chat_template_kwargs',
    'reasoning_effort',
  ),
  reasoning: {
    request: 'chat-template-kwargs',
    efforts: ['low', 'medium', 'high'],
    history: 'reasoning_content',
  },
};
