import type { ModelPrice } from '../../config/config.js';
import { BUILT_IN_PRICES } from './built-in-prices.js';

export interface PricedUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** One USD in the integer unit budgets are counted in: whole numbers add up exactly in Redis and SQL. */
export const NANO_USD_PER_USD = 1_000_000_000;

/**
 * The price of a backend model: the config's `provider/model`, then its bare model name,
 * then the built-in table (also under the name after a vendor prefix, as OpenRouter spells
 * `deepseek/deepseek-chat`).
 */
export function findPrice(
  pricing: Readonly<Record<string, ModelPrice>>,
  provider: string | null,
  model: string | null,
): ModelPrice | undefined {
  if (model === null) return undefined;
  const bare = model.slice(model.lastIndexOf('/') + 1);
  return (
    (provider === null ? undefined : pricing[`${provider}/${model}`]) ??
    pricing[model] ??
    BUILT_IN_PRICES[model] ??
    BUILT_IN_PRICES[bare]
  );
}

/** Cost in nano-USD: a price per million tokens is exactly a thousand nano-USD per token. */
export function costNano(price: ModelPrice | undefined, usage: PricedUsage): number {
  if (!price) return 0;
  return Math.round(
    1000 *
      (usage.inputTokens * price.input +
        usage.outputTokens * price.output +
        usage.cacheReadTokens * (price.cacheRead ?? price.input) +
        usage.cacheWriteTokens * (price.cacheWrite ?? price.input)),
  );
}
