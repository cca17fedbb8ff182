import { describe, expect, it } from 'vitest';
import { dialectsByName } from '../../src/dialects/all-dialects.js';
import { applyImagePolicy } from '../../src/translate/apply-image-policy.js';
import type { OpenAIUserPart } from '../../src/wire/openai.js';

const parts: OpenAIUserPart[] = [
  { type: 'text', text: 'What is in these?' },
  { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
  { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
];

describe('applyImagePolicy', () => {
  it('passes every image to backends that take them', () => {
    const warnings: string[] = [];
    expect(applyImagePolicy(parts, dialectsByName.generic, warnings)).toBe(parts);
    expect(warnings).toEqual([]);
  });

  it('keeps inline images and notes URLs for data-only backends', () => {
    const warnings: string[] = [];
    expect(applyImagePolicy(parts, dialectsByName.ollama, warnings)).toEqual([
      parts[0],
      parts[1],
      { type: 'text', text: '[image not shown: Ollama does not accept this image]' },
    ]);
    expect(warnings).toEqual(['replaced https://example.com/cat.jpg with a note: Ollama does not take it']);
  });

  it('replaces every image with a note for text-only backends', () => {
    const warnings: string[] = [];
    const result = applyImagePolicy(parts, dialectsByName.deepseek, warnings);
    expect(result.map((part) => part.type)).toEqual(['text', 'text', 'text']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe('replaced an inline image with a note: DeepSeek does not take it');
  });

  it.each([
    ['glm', 'glm-4.6', false],
    ['glm', 'glm-4.6v', true],
    ['glm', 'glm-4.5v', true],
    ['qwen', 'qwen3-coder-plus', false],
    ['qwen', 'qwen3-vl-plus', true],
    ['qwen', 'qwen3.5-plus', true],
    ['groq', 'openai/gpt-oss-120b', false],
    ['groq', 'meta-llama/llama-4-scout-17b-16e-instruct', true],
  ] as const)('%s %s sees images: %s', (dialect, model, seesImages) => {
    const warnings: string[] = [];
    const result = applyImagePolicy(parts, dialectsByName[dialect], warnings, model);
    if (seesImages) {
      expect(result).toBe(parts);
    } else {
      expect(result.filter((part) => part.type === 'image_url')).toEqual([]);
      expect(result[1]).toEqual({
        type: 'text',
        text: `[image not shown: ${model} does not accept this image]`,
      });
      expect(warnings[0]).toBe(`replaced an inline image with a note: ${model} does not take it`);
    }
  });
});
