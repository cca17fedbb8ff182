import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * vLLM's OpenAI server: thinking switched through the chat template
 * (`chat_template_kwargs`), `reasoning_effort` for gpt-oss, reasoning returned as
 * `reasoning` (formerly `reasoning_content`) and read back as `reasoning` in the current
 * tool loop, where Qwen3 and GLM chat templates render it.
 */
export const vllmDialect: Dialect = {
  ...genericDialect,
  name: 'vllm',
  label: 'vLLM',
  detect: { ports: [8000], modelOwners: ['vllm'] },
  requestFields: fields(
    COMMON_REQUEST_FIELDS,
    'stream_options',
    'top_k',
    'parallel_tool_calls',
    'user',
    'chat_template_kwargs',
    'reasoning_effort',
  ),
  reasoning: { request: 'chat-template-kwargs', efforts: ['low', 'medium', 'high'], history: 'reasoning' },
};
