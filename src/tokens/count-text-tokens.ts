import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

/** Text that spells a special token (`<|endoftext|>`) is user content here, counted as plain text, never an error. */
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Tokens of a string under o200k_base, the encoding of current OpenAI models: a fair stand-in for any backend. */
export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : countTokens(text, AS_PLAIN_TEXT);
}
