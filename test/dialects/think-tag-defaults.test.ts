import { describe, expect, it } from 'vitest';
import { dialectsByName } from '../../src/dialects/all-dialects.js';
import type { DialectName, ThinkTagMode } from '../../src/dialects/dialect.js';

/**
 * Local servers stream a reasoning model's raw output when they run no reasoning parser;
 * hosted APIs return reasoning in a field of its own. The record makes a new dialect fail
 * to compile here until its default is decided.
 */
const expected: Record<DialectName, ThinkTagMode> = {
  generic: 'on',
  vllm: 'on',
  sglang: 'on',
  ollama: 'on',
  lmstudio: 'on',
  llamacpp: 'on',
  openai: 'off',
  deepseek: 'off',
  glm: 'off',
  qwen: 'off',
  openrouter: 'off',
  groq: 'off',
  mistral: 'off',
  gemini: 'off',
};

describe('think tag defaults per dialect', () => {
  it.each(Object.entries(expected))('%s has THINK_TAGS %s by default', (name, mode) => {
    expect(dialectsByName[name as DialectName].thinkTags).toBe(mode);
  });
});
