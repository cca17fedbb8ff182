import { describe, expect, it } from 'vitest';
import { selectAnthropicEndpoint } from '../../src/providers/anthropic/anthropic-endpoints.js';
import {
  createSignatureIssuers,
  signatureIssuerOf,
} from '../../src/providers/anthropic/signature-issuers.js';

const issuerOfUrl = (url: string) => signatureIssuerOf(selectAnthropicEndpoint(url), url);

describe('signatureIssuerOf', () => {
  it("puts Anthropic's API and OpenRouter in one family, each third-party endpoint in its own, others by origin", () => {
    expect(issuerOfUrl('https://api.anthropic.com')).toBe('anthropic');
    expect(issuerOfUrl('https://openrouter.ai/api')).toBe('anthropic');
    expect(issuerOfUrl('https://api.deepseek.com/anthropic')).toBe('deepseek');
    expect(issuerOfUrl('https://api.z.ai/api/anthropic')).toBe('zai');
    expect(issuerOfUrl('http://127.0.0.1:8080/anthropic')).toBe('http://127.0.0.1:8080');
    expect(issuerOfUrl('http://127.0.0.1:8081/anthropic')).toBe('http://127.0.0.1:8081');
  });
});

describe('createSignatureIssuers', () => {
  it('knows a token by its issuer, and nothing of tokens it was never told', () => {
    const issuers = createSignatureIssuers();
    issuers.note('signature-one', 'deepseek');
    expect(issuers.issuerOf('signature-one')).toBe('deepseek');
    expect(issuers.issuerOf('signature-two')).toBeUndefined();
    expect(issuers.issuerOf('')).toBeUndefined();
  });

  it('forgets the oldest token first once full, and keeps one it was told again', () => {
    const issuers = createSignatureIssuers(2);
    issuers.note('first', 'a');
    issuers.note('second', 'a');
    issuers.note('first', 'a');
    issuers.note('third', 'b');
    expect([issuers.issuerOf('first'), issuers.issuerOf('second'), issuers.issuerOf('third')]).toEqual([
      'a',
      undefined,
      'b',
    ]);
  });
});
