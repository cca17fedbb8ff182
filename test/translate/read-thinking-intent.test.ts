import { describe, expect, it } from 'vitest';
import { effortForBudget, readThinkingIntent } from '../../src/translate/read-thinking-intent.js';

describe('readThinkingIntent', () => {
  it('is unspecified without a thinking field, even when an effort is given', () => {
    expect(readThinkingIntent({ output_config: { effort: 'low' } })).toEqual({ kind: 'unspecified' });
  });

  it('is off for thinking disabled', () => {
    expect(readThinkingIntent({ thinking: { type: 'disabled' } })).toEqual({ kind: 'off' });
  });

  it("runs adaptive thinking at Anthropic's default effort, high, when no effort is given", () => {
    expect(readThinkingIntent({ thinking: { type: 'adaptive' } })).toEqual({
      kind: 'on',
      effort: 'high',
      budgetTokens: undefined,
      omitText: false,
    });
  });

  it('passes the effort of output_config through for adaptive thinking', () => {
    for (const effort of ['low', 'medium', 'high', 'xhigh', 'max'] as const) {
      expect(readThinkingIntent({ thinking: { type: 'adaptive' }, output_config: { effort } })).toMatchObject(
        { kind: 'on', effort },
      );
    }
  });

  it('maps an enabled budget to an effort bucket and keeps the budget', () => {
    expect(readThinkingIntent({ thinking: { type: 'enabled', budget_tokens: 10_000 } })).toEqual({
      kind: 'on',
      effort: 'medium',
      budgetTokens: 10_000,
      omitText: false,
    });
  });

  it('prefers an explicit effort over the budget bucket', () => {
    expect(
      readThinkingIntent({
        thinking: { type: 'enabled', budget_tokens: 2_000 },
        output_config: { effort: 'high' },
      }),
    ).toMatchObject({ effort: 'high', budgetTokens: 2_000 });
  });

  it('notes display "omitted" so the thinking text is left out of the answer', () => {
    expect(readThinkingIntent({ thinking: { type: 'adaptive', display: 'omitted' } })).toMatchObject({
      omitText: true,
    });
  });
});

describe('effortForBudget', () => {
  it.each([
    [1_024, 'low'],
    [4_096, 'low'],
    [4_097, 'medium'],
    [16_384, 'medium'],
    [16_385, 'high'],
    [128_000, 'high'],
  ] as const)('maps a budget of %i tokens to %s', (budget, effort) => {
    expect(effortForBudget(budget)).toBe(effort);
  });
});
