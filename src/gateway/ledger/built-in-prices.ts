import type { ModelPrice } from '../../config/config.js';

/**
 * List prices (USD per million tokens) of hosted models the dialects know, as their
 * providers published them when this table was written. Bills change; the config file's
 * `pricing` overrides any entry, and a model in neither table costs 0 in the ledger.
 */
export const BUILT_IN_PRICES: Readonly<Record<string, ModelPrice>> = {
  'deepseek-chat': { input: 0.27, output: 1.1, cacheRead: 0.07, cacheWrite: 0.27 },
  'deepseek-reasoner': { input: 0.55, output: 2.19, cacheRead: 0.14, cacheWrite: 0.55 },
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
  'gemini-2.5-pro': { input: 1.25, output: 10, cacheRead: 0.31 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cacheRead: 0.075 },
  'mistral-large-latest': { input: 2, output: 6 },
  'mistral-small-latest': { input: 0.2, output: 0.6 },
  'codestral-latest': { input: 0.3, output: 0.9 },
  'glm-4.5': { input: 0.6, output: 2.2, cacheRead: 0.11 },
  'glm-4.6': { input: 0.6, output: 2.2, cacheRead: 0.11 },
  'qwen-plus': { input: 0.4, output: 1.2 },
  'qwen-max': { input: 1.6, output: 6.4 },
  'llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
};
