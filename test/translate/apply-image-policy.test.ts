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
});
