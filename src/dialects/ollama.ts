import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * Ollama's /v1: reads `max_tokens` only, has no `tool_choice` or `parallel_tool_calls`,
 * takes images only as data URLs, thinks with `reasoning_effort`, and reads earlier
 * reasoning back from the assistant's `reasoning` field.
 */
export const ollamaDialect: Dialect = {
  ...genericDialect,
  name: 'ollama',
  label: 'Ollama',
  detect: { ports: [11434], modelOwners: ['library'] },
  requestFields: fields(
    COMMON_REQUEST_FIELDS.filter((field) => field !== 'tool_choice'),
    'stream_options',
    'reasoning_effort',
  ),
  // tool_choice is not read at all, so offering only the named tool is the one way to force it.
  toolChoice: 'required-with-one-tool',
  reasoning: { request: 'reasoning-effort', efforts: ['low', 'medium', 'high'], history: 'reasoning' },
  images: 'data-only',
};
