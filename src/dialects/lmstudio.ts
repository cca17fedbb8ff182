import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/** LM Studio's local server: OpenAI-shaped, `max_tokens`, `top_k`, `reasoning_effort` for models that take it. */
export const lmstudioDialect: Dialect = {
  ...genericDialect,
  name: 'lmstudio',
  label: 'LM Studio',
  detect: { ports: [1234] },
  requestFields: fields(COMMON_REQUEST_FIELDS, 'stream_options', 'top_k', 'reasoning_effort'),
};
