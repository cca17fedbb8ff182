import { describe, expect, it } from 'vitest';
import { convertUsage, toDeltaUsage } from '../../src/translate/convert-usage.js';

describe('convertUsage', () => {
  it('subtracts cached and cache-write tokens from input tokens', () => {
    expect(
      convertUsage({
        prompt_tokens: 1000,
        completion_tokens: 50,
        prompt_tokens_details: { cached_tokens: 600, cache_write_tokens: 100 },
      }),
    ).toEqual({
      inputTokens: 300,
      outputTokens: 50,
      cacheReadInputTokens: 600,
      cacheCreationInputTokens: 100,
      thinkingTokens: 0,
    });
  });

  it('reads DeepSeek cache hit and miss counts', () => {
    expect(
      convertUsage({
        prompt_tokens: 100,
        completion_tokens: 1,
        prompt_cache_hit_tokens: 70,
        prompt_cache_miss_tokens: 30,
      }),
    ).toMatchObject({ inputTokens: 30, cacheReadInputTokens: 70 });
  });

  it('adds reasoning tokens to output when the total shows completion_tokens left them out (Gemini)', () => {
    expect(
      convertUsage({
        prompt_tokens: 5210,
        completion_tokens: 24,
        total_tokens: 5390,
        completion_tokens_details: { reasoning_tokens: 156 },
      }),
    ).toMatchObject({ outputTokens: 180, thinkingTokens: 156 });
  });

  it('keeps completion_tokens as output when they already include reasoning (OpenAI)', () => {
    expect(
      convertUsage({
        prompt_tokens: 1200,
        completion_tokens: 150,
        total_tokens: 1350,
        completion_tokens_details: { reasoning_tokens: 128 },
      }),
    ).toMatchObject({ outputTokens: 150, thinkingTokens: 128 });
  });

  it('returns zeros for missing usage and ignores negative or non-numeric counts', () => {
    expect(convertUsage(undefined)).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      thinkingTokens: 0,
    });
    expect(convertUsage({ prompt_tokens: -5, completion_tokens: Number.NaN })).toMatchObject({
      inputTokens: 0,
      outputTokens: 0,
    });
  });

  it('always includes output_tokens in message_delta usage', () => {
    expect(toDeltaUsage(convertUsage(null))).toHaveProperty('output_tokens', 0);
  });
});
