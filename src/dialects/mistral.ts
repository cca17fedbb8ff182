import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * Mistral: every field it does not know is a 422 (`extra_forbidden`), tool call ids must be
 * exactly nine letters and digits, no `stream_options` (usage comes on the finish chunk).
 * Magistral models reason on their own; there is no switch to send. Reasoning comes as
 * `thinking` content chunks and goes back the same way: Mistral's reasoning guide asks for
 * assistant turns to be replayed with their thinking chunks, and warns that dropping them
 * degrades the answers.
 */
export const mistralDialect: Dialect = {
  ...genericDialect,
  name: 'mistral',
  label: 'Mistral',
  thinkTags: 'off',
  detect: { hosts: ['api.mistral.ai', 'codestral.mistral.ai'] },
  requestFields: fields(COMMON_REQUEST_FIELDS, 'parallel_tool_calls'),
  toolIds: 'nine-alphanumeric',
  reasoning: { request: 'none', efforts: [], history: 'thinking-chunks' },
};
