import { describe, expect, it } from 'vitest';
import { dialectsByName } from '../../src/dialects/all-dialects.js';
import type { Dialect, ReasoningSupport } from '../../src/dialects/dialect.js';
import { buildReasoningFields, clampEffort } from '../../src/translate/build-reasoning-fields.js';
import type { ThinkingIntent } from '../../src/translate/read-thinking-intent.js';

const adaptiveHigh: ThinkingIntent = { kind: 'on', effort: 'high', budgetTokens: undefined, omitText: false };
const budget8k: ThinkingIntent = { kind: 'on', effort: 'medium', budgetTokens: 8_000, omitText: false };
const off: ThinkingIntent = { kind: 'off' };

function fieldsFor(dialect: Dialect, intent: ThinkingIntent, model = 'some-model') {
  return buildReasoningFields(intent, dialect, model);
}

describe('buildReasoningFields', () => {
  it('sends nothing for an unspecified intent, whatever the backend', () => {
    for (const dialect of Object.values(dialectsByName)) {
      expect(fieldsFor(dialect, { kind: 'unspecified' })).toEqual({});
    }
  });

  it('sends reasoning_effort to generic backends, and nothing when thinking is off', () => {
    expect(fieldsFor(dialectsByName.generic, adaptiveHigh)).toEqual({ reasoning_effort: 'high' });
    expect(fieldsFor(dialectsByName.generic, off)).toEqual({});
  });

  it('switches DeepSeek thinking on with an effort, and off explicitly', () => {
    expect(fieldsFor(dialectsByName.deepseek, adaptiveHigh)).toEqual({
      thinking: { type: 'enabled' },
      reasoning_effort: 'high',
    });
    expect(fieldsFor(dialectsByName.deepseek, off)).toEqual({ thinking: { type: 'disabled' } });
  });

  it('sends GLM thinking.type without an effort', () => {
    expect(fieldsFor(dialectsByName.glm, adaptiveHigh)).toEqual({ thinking: { type: 'enabled' } });
    expect(fieldsFor(dialectsByName.glm, off)).toEqual({ thinking: { type: 'disabled' } });
  });

  it('sends Qwen enable_thinking, with the budget when the client named one', () => {
    expect(fieldsFor(dialectsByName.qwen, adaptiveHigh)).toEqual({ enable_thinking: true });
    expect(fieldsFor(dialectsByName.qwen, budget8k)).toEqual({
      enable_thinking: true,
      thinking_budget: 8_000,
    });
    expect(fieldsFor(dialectsByName.qwen, off)).toEqual({ enable_thinking: false });
  });

  it('sends chat_template_kwargs to vLLM and SGLang for both template conventions', () => {
    for (const dialect of [dialectsByName.vllm, dialectsByName.sglang]) {
      expect(fieldsFor(dialect, adaptiveHigh)).toEqual({
        chat_template_kwargs: { enable_thinking: true, thinking: true },
        reasoning_effort: 'high',
      });
      expect(fieldsFor(dialect, off)).toEqual({
        chat_template_kwargs: { enable_thinking: false, thinking: false },
      });
    }
  });

  it('sends OpenRouter a reasoning object: max_tokens for a budget, effort otherwise', () => {
    expect(fieldsFor(dialectsByName.openrouter, adaptiveHigh)).toEqual({ reasoning: { effort: 'high' } });
    expect(fieldsFor(dialectsByName.openrouter, budget8k)).toEqual({ reasoning: { max_tokens: 8_000 } });
    expect(fieldsFor(dialectsByName.openrouter, off)).toEqual({ reasoning: { enabled: false } });
  });

  it('asks only the models that reason: OpenAI o-series and gpt-5, Groq gpt-oss', () => {
    expect(fieldsFor(dialectsByName.openai, adaptiveHigh, 'gpt-5-mini')).toEqual({
      reasoning_effort: 'high',
    });
    expect(fieldsFor(dialectsByName.openai, adaptiveHigh, 'o4-mini')).toEqual({ reasoning_effort: 'high' });
    expect(fieldsFor(dialectsByName.openai, adaptiveHigh, 'gpt-4.1')).toEqual({});
    expect(fieldsFor(dialectsByName.groq, adaptiveHigh, 'openai/gpt-oss-120b')).toEqual({
      reasoning_effort: 'high',
    });
    expect(fieldsFor(dialectsByName.groq, adaptiveHigh, 'llama-3.3-70b-versatile')).toEqual({});
  });

  it('sends Mistral nothing: its reasoning models think on their own', () => {
    expect(fieldsFor(dialectsByName.mistral, adaptiveHigh)).toEqual({});
    expect(fieldsFor(dialectsByName.mistral, off)).toEqual({});
  });

  it('clamps Claude-only efforts to what the backend takes', () => {
    const xhigh: ThinkingIntent = { ...adaptiveHigh, effort: 'xhigh' };
    expect(fieldsFor(dialectsByName.generic, xhigh)).toEqual({ reasoning_effort: 'high' });
    expect(fieldsFor(dialectsByName.deepseek, xhigh)).toMatchObject({ reasoning_effort: 'max' });
    expect(fieldsFor(dialectsByName.openrouter, xhigh)).toEqual({ reasoning: { effort: 'xhigh' } });
  });
});

describe('clampEffort', () => {
  const support = (efforts: ReasoningSupport['efforts']): ReasoningSupport => ({
    request: 'reasoning-effort',
    efforts,
    history: 'drop',
  });

  it('keeps a level the backend takes', () => {
    expect(clampEffort('medium', support(['low', 'medium', 'high']))).toBe('medium');
  });

  it('moves up to the next level the backend takes', () => {
    expect(clampEffort('xhigh', support(['low', 'medium', 'high', 'max']))).toBe('max');
    expect(clampEffort('low', support(['medium', 'high']))).toBe('medium');
  });

  it("falls back to the backend's highest level", () => {
    expect(clampEffort('max', support(['low', 'medium', 'high']))).toBe('high');
  });

  it('is undefined when the backend takes no levels', () => {
    expect(clampEffort('high', support([]))).toBeUndefined();
  });
});
