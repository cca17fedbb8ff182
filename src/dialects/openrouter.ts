import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * OpenRouter: one `reasoning` object for every model behind it, and `reasoning_details`
 * that must go back unchanged (they carry Claude's and Gemini's signatures) — the proxy
 * keeps them in the thinking block's signature across the client's history. Cache
 * breakpoints reach the Anthropic and Gemini models behind it.
 */
export const openrouterDialect: Dialect = {
  ...genericDialect,
  name: 'openrouter',
  label: 'OpenRouter',
  thinkTags: 'off',
  detect: { hosts: ['openrouter.ai'] },
  requestFields: fields(
    COMMON_REQUEST_FIELDS,
    'stream_options',
    'top_k',
    'parallel_tool_calls',
    'user',
    'reasoning',
  ),
  // OpenRouter's prompt-caching guide: Anthropic models cache only at cache_control
  // breakpoints, and Gemini models take them too; both are passed through on content parts.
  cacheControlModels: /^(?:anthropic\/|google\/gemini)/,
  reasoning: {
    request: 'reasoning-object',
    efforts: ['low', 'medium', 'high', 'xhigh'],
    history: 'reasoning_details',
  },
};
