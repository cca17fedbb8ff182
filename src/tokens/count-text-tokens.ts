import type { countTokens as CountTokens } from 'gpt-tokenizer/encoding/o200k_base';

/** Text that spells a special token (`<|endoftext|>`) is user content here, counted as plain text, never an error. */
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

let countTokens: typeof CountTokens | undefined;

/**
 * The o200k_base tokenizer, loaded the first time a count is needed. Its rank tables take
 * about 60 MiB and most requests never need an exact count (count_tokens and a long_context
 * route do), so a proxy that is never asked pays nothing for them. `count` is synchronous,
 * hence a synchronous require of the package's CommonJS build rather than `import()`;
 * process.getBuiltinModule keeps this pure layer free of imports of Node's module system.
 */
function loadTokenizer(): typeof CountTokens {
  const { createRequire } = process.getBuiltinModule('node:module');
  const tokenizer = createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as {
    countTokens: typeof CountTokens;
  };
  return tokenizer.countTokens;
}

/** Tokens of a string under o200k_base, the encoding of current OpenAI models: a fair stand-in for any backend. */
export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  countTokens ??= loadTokenizer();
  return countTokens(text, AS_PLAIN_TEXT);
}
