import type { ResponsesUsage } from '../wire/openai-responses.js';
import { convertUsage, type TokenUsage } from './convert-usage.js';

/**
 * Responses usage in Anthropic's terms, through the one Chat Completions conversion: the
 * counts mean the same (input_tokens includes the cached tokens, output_tokens the
 * reasoning tokens), only the names differ.
 */
export function convertResponsesUsage(usage: ResponsesUsage | null | undefined): TokenUsage {
  if (!usage) return convertUsage(undefined);
  return convertUsage({
    prompt_tokens: usage.input_tokens,
    completion_tokens: usage.output_tokens,
    total_tokens: usage.total_tokens,
    prompt_tokens_details: {
      cached_tokens: usage.input_tokens_details?.cached_tokens,
      cache_write_tokens: usage.input_tokens_details?.cache_write_tokens,
    },
    completion_tokens_details: { reasoning_tokens: usage.output_tokens_details?.reasoning_tokens },
  });
}
