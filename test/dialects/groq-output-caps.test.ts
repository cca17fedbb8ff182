import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completion } from '../helpers/scripted-backend.js';
import { type StrictPair, startStrictProxy } from '../helpers/start-strict-proxy.js';
import { checkStrictRules } from '../helpers/strict-backend-rules.js';

/**
 * Groq refuses max_completion_tokens above a model's maximum (32,768 for
 * llama-3.3-70b-versatile), and Claude Code asks for 32K–64K on every request, so
 * without a per-model cap every Claude Code request to that model failed with a 400.
 */
describe('groq: output caps per model', () => {
  let pair: StrictPair;
  beforeAll(async () => {
    pair = await startStrictProxy('groq', 'llama-3.3-70b-versatile');
  });
  afterAll(() => pair.close());

  it('groq: refuses max_completion_tokens above the model cap in the strict backend', () => {
    const rejection = checkStrictRules('groq', {
      model: 'llama-3.3-70b-versatile',
      messages: [{ role: 'user', content: 'Hi' }],
      max_completion_tokens: 32_769,
    });
    expect(rejection?.rule).toBe('max-completion-tokens-within-model-cap');
  });

  it('groq: lowers a Claude Code max_tokens of 64000 to the 32768 llama-3.3-70b-versatile takes', async () => {
    pair.backend.enqueue(completion({ content: 'ok' }));
    await pair.proxy.client.messages
      .stream({ model: 'claude-opus-4-8', max_tokens: 64_000, messages: [{ role: 'user', content: 'Hi' }] })
      .finalMessage();
    expect(pair.backend.rejections).toEqual([]);
    expect(pair.backend.requests[0]!.body).toMatchObject({ max_completion_tokens: 32_768 });
  });
});
