import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * llama.cpp's llama-server: on port 8080 by default, and it names itself both in GET
 * /v1/models (`owned_by: "llamacpp"`) and with GET /props, which no other server answers.
 * Its tool_choice takes only "auto", "none" and "required": a named function is ignored
 * (logged, then treated as auto), so a named tool is forced as "required" with only that
 * tool offered. Thinking is switched through the chat template; reasoning comes back as
 * `reasoning_content` under --reasoning-format (its default, `auto`, extracts it for the
 * models it knows) and goes back the same way, which templates such as Qwen3's render.
 * Without a reasoning format the raw `<think>` tags arrive in the text, hence think tags on.
 */
export const llamacppDialect: Dialect = {
  ...genericDialect,
  name: 'llamacpp',
  label: 'llama.cpp (llama-server)',
  detect: {
    ports: [8080],
    modelOwners: ['llamacpp'],
    signature: { path: '/props', key: 'default_generation_settings' },
  },
  requestFields: fields(
    COMMON_REQUEST_FIELDS,
    'stream_options',
    'top_k',
    'parallel_tool_calls',
    'chat_template_kwargs',
    'reasoning_effort',
  ),
  toolChoice: 'required-with-one-tool',
  reasoning: {
    request: 'chat-template-kwargs',
    efforts: ['low', 'medium', 'high'],
    history: 'reasoning_content',
  },
  thinkTags: 'on',
};
