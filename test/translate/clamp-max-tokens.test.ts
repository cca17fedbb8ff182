import { describe, expect, it } from 'vitest';
import { dialectsByName } from '../../src/dialects/all-dialects.js';
import { clampMaxTokens, findModelLimit } from '../../src/translate/clamp-max-tokens.js';

function clamp(
  requested: number,
  options: { model: string; dialect?: keyof typeof dialectsByName; cap?: number; input?: number },
) {
  const warnings: string[] = [];
  let estimated = false;
  const value = clampMaxTokens(requested, {
    model: options.model,
    dialect: dialectsByName[options.dialect ?? 'generic'],
    operatorCap: options.cap,
    estimateInputTokens: () => {
      estimated = true;
      return options.input ?? 0;
    },
    warnings,
  });
  return { value, warnings, estimated };
}

describe('clampMaxTokens', () => {
  it('passes the request through when nothing is known about the model', () => {
    expect(clamp(64_000, { model: 'local-model' })).toEqual({
      value: 64_000,
      warnings: [],
      estimated: false,
    });
  });

  it('applies MAX_OUTPUT_TOKENS and says so', () => {
    const result = clamp(64_000, { model: 'local-model', cap: 8_192 });
    expect(result.value).toBe(8_192);
    expect(result.warnings).toEqual(['lowered max_tokens from 64000 to 8192: MAX_OUTPUT_TOKENS']);
  });

  it("lowers to the model's known output cap", () => {
    expect(clamp(64_000, { model: 'deepseek-chat', dialect: 'deepseek' }).value).toBe(8_192);
    expect(clamp(64_000, { model: 'deepseek-reasoner', dialect: 'deepseek' }).value).toBe(64_000);
    expect(clamp(100_000, { model: 'deepseek-reasoner', dialect: 'deepseek' }).value).toBe(65_536);
    expect(clamp(128_000, { model: 'deepseek-v4-pro', dialect: 'deepseek' }).value).toBe(128_000);
    expect(clamp(500_000, { model: 'deepseek-v4-flash', dialect: 'deepseek' }).value).toBe(393_216);
  });

  it('never raises a request below the caps', () => {
    expect(clamp(1_000, { model: 'deepseek-chat', dialect: 'deepseek', cap: 4_000 }).value).toBe(1_000);
  });

  it('leaves room for the estimated input in a known context window', () => {
    const result = clamp(64_000, { model: 'deepseek-reasoner', dialect: 'deepseek', input: 100_000 });
    expect(result.estimated).toBe(true);
    expect(result.value).toBe(131_072 - 100_000);
    expect(result.warnings.at(-1)).toContain('room left in the 131072-token context');
  });

  it('keeps at least 1024 tokens when the context is nearly full, so the backend reports the overflow', () => {
    expect(clamp(64_000, { model: 'deepseek-reasoner', dialect: 'deepseek', input: 130_900 }).value).toBe(
      1_024,
    );
    expect(clamp(500, { model: 'deepseek-reasoner', dialect: 'deepseek', input: 131_000 }).value).toBe(500);
  });
});

describe('findModelLimit', () => {
  it('takes the first matching entry, so specific patterns win over catch-alls', () => {
    expect(findModelLimit(dialectsByName.deepseek.modelLimits, 'deepseek-reasoner')?.maxOutputTokens).toBe(
      65_536,
    );
    expect(findModelLimit(dialectsByName.openai.modelLimits, 'gpt-4o-mini')?.maxOutputTokens).toBe(16_384);
    expect(findModelLimit(dialectsByName.generic.modelLimits, 'anything')).toBeUndefined();
  });
});
