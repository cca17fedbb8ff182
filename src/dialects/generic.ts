import type { Dialect } from './dialect.js';

/**
 * The conservative default for an unknown OpenAI-compatible server: `max_tokens`
 * (which every such server reads) and nothing that is not in the original Chat
 * Completions API.
 */
export const genericDialect: Dialect = {
  name: 'generic',
  label: 'Generic OpenAI-compatible',
  tokenLimitField: 'max_tokens',
};
