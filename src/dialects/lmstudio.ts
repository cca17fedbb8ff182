import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * LM Studio's local server: OpenAI-shaped, `max_tokens`, `top_k`, `reasoning_effort` for
 * models that take it. Its tool_choice is a string only: an object is refused with 400
 * "Invalid tool_choice type: 'object'. Supported string values: none, auto, required".
 */
export const lmstudioDialect: Dialect = {
  ...genericDialect,
  name: 'lmstudio',
  label: 'LM Studio',
  detect: { ports: [1234], modelOwners: ['organization_owner'] },
  requestFields: fields(COMMON_REQUEST_FIELDS, 'stream_options', 'top_k', 'reasoning_effort'),
  toolChoice: 'required-with-one-tool',
};
