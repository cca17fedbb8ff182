import { PromptTooLongError } from '../errors.js';
import type { AnthropicCountTokensRequest } from '../wire/anthropic-request-schema.js';
import { countRequestCharacters } from './count-request-characters.js';

/**
 * How far the tokenizer's count may be above the window before the proxy refuses on the
 * backend's behalf. The count is o200k's; a backend's own tokenizer differs by a few percent
 * either way on prose and code, and a refusal the backend would not have made costs the user
 * an early summary, so only a clear overflow is refused here. Anything closer goes to the
 * backend, whose own refusal is reported with the same wording.
 */
export const PROMPT_ERROR_MARGIN = 0.1;
/** Fewer characters per token than any tokenizer gives on prose, code or JSON: an upper bound on the count. */
const MIN_CHARS_PER_TOKEN = 2;
/** Anthropic's ceiling for one image. */
const IMAGE_TOKENS = 1_600;

/**
 * Throws Anthropic's "prompt is too long: N tokens > M maximum" when the request clearly
 * exceeds the model's context window. A character count settles nearly every request
 * without tokenizing it; only one that might be over is counted with the tokenizer.
 */
export function checkPromptFits(
  request: AnthropicCountTokensRequest,
  contextWindow: number | undefined,
  countTokens: () => number,
  provider?: string,
): void {
  if (contextWindow === undefined) return;
  const limit = contextWindow * (1 + PROMPT_ERROR_MARGIN);
  const size = countRequestCharacters(request);
  const upperBound = Math.ceil(size.characters / MIN_CHARS_PER_TOKEN) + size.images * IMAGE_TOKENS;
  if (upperBound <= limit) return;
  const tokens = countTokens();
  if (tokens > limit) throw new PromptTooLongError(tokens, contextWindow, provider);
}
