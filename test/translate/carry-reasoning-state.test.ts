import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeReasoningSignature,
  encodeReasoningSignature,
  mergeReasoningDetails,
  SIGNATURE_PREFIX,
} from '../../src/translate/carry-reasoning-state.js';

describe('encodeReasoningSignature / decodeReasoningSignature', () => {
  it('encodes nothing as an empty signature', () => {
    expect(encodeReasoningSignature({})).toBe('');
    expect(encodeReasoningSignature({ details: [], toolSignatures: {} })).toBe('');
  });

  it('marks every signature as the proxy’s own, never mistakable for an Anthropic one', () => {
    const signature = encodeReasoningSignature({ toolSignatures: { toolu_1: 'sig' } });
    expect(signature.startsWith(SIGNATURE_PREFIX)).toBe(true);
    expect(SIGNATURE_PREFIX).toBe('infiniproxy.v1.');
    expect(signature.slice(SIGNATURE_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('round-trips reasoning details and tool signatures', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ type: fc.string(), text: fc.string(), index: fc.nat() }), { maxLength: 4 }),
        fc.dictionary(fc.string({ minLength: 1 }), fc.string(), { maxKeys: 4 }),
        (details, toolSignatures) => {
          const state = {
            ...(details.length ? { details } : {}),
            ...(Object.keys(toolSignatures).length ? { toolSignatures } : {}),
          };
          const signature = encodeReasoningSignature(state);
          if (signature === '') expect(state).toEqual({});
          else expect(decodeReasoningSignature(signature)).toEqual(state);
        },
      ),
    );
  });

  it('ignores empty, Anthropic-issued and malformed signatures', () => {
    expect(decodeReasoningSignature(undefined)).toBeUndefined();
    expect(decodeReasoningSignature('')).toBeUndefined();
    expect(decodeReasoningSignature('EqQBCkgIARABGAIiQL2x')).toBeUndefined();
    expect(decodeReasoningSignature(`${SIGNATURE_PREFIX}%%%`)).toBeUndefined();
    expect(
      decodeReasoningSignature(`${SIGNATURE_PREFIX}${Buffer.from('42').toString('base64url')}`),
    ).toBeUndefined();
  });

  it('keeps only string tool signatures from a tampered payload', () => {
    const payload = Buffer.from(
      JSON.stringify({ toolSignatures: { a: 'ok', b: 7 }, details: 'no' }),
    ).toString('base64url');
    expect(decodeReasoningSignature(SIGNATURE_PREFIX + payload)).toEqual({ toolSignatures: { a: 'ok' } });
  });
});

describe('mergeReasoningDetails', () => {
  it('concatenates streamed text of the same index and type, and keeps the latest other fields', () => {
    const target: Record<string, unknown>[] = [];
    mergeReasoningDetails(target, [{ type: 'reasoning.text', text: 'Check', index: 0, format: 'f' }]);
    mergeReasoningDetails(target, [{ type: 'reasoning.text', text: 'ing.', index: 0, signature: null }]);
    mergeReasoningDetails(target, [{ type: 'reasoning.text', index: 0, signature: 'sig-1' }]);
    mergeReasoningDetails(target, [{ type: 'reasoning.encrypted', data: 'abc', index: 1 }]);
    expect(target).toEqual([
      { type: 'reasoning.text', text: 'Checking.', index: 0, format: 'f', signature: 'sig-1' },
      { type: 'reasoning.encrypted', data: 'abc', index: 1 },
    ]);
  });

  it('appends entries without an index and skips anything that is not an object', () => {
    const target: Record<string, unknown>[] = [];
    mergeReasoningDetails(target, [{ type: 'reasoning.summary', summary: 'a' }, null, 'x']);
    mergeReasoningDetails(target, [{ type: 'reasoning.summary', summary: 'b' }]);
    mergeReasoningDetails(target, 'not a list');
    expect(target).toEqual([
      { type: 'reasoning.summary', summary: 'a' },
      { type: 'reasoning.summary', summary: 'b' },
    ]);
  });
});

describe('the origin of carried reasoning', () => {
  const state = { toolSignatures: { toolu_1: 'gemini-thought' }, origin: 'gemini/gemini-3-pro' };

  it('gives the state back to the provider and model that wrote it', () => {
    const signature = encodeReasoningSignature(state);
    expect(decodeReasoningSignature(signature, 'gemini/gemini-3-pro')).toEqual(state);
  });

  it('keeps it from any other provider or model, so a fallback never replays foreign state', () => {
    const signature = encodeReasoningSignature(state);
    expect(decodeReasoningSignature(signature, 'openrouter/google/gemini-3-pro')).toBeUndefined();
    expect(decodeReasoningSignature(signature, 'gemini/gemini-3-flash')).toBeUndefined();
  });

  it('reads signatures written before origins were recorded by any reader', () => {
    const signature = encodeReasoningSignature({ toolSignatures: { toolu_1: 'sig' } });
    expect(decodeReasoningSignature(signature, 'gemini/gemini-3-pro')).toEqual({
      toolSignatures: { toolu_1: 'sig' },
    });
  });
});

describe('tool ids that are also property names', () => {
  it('keeps a tool signature whose id is __proto__', () => {
    const toolSignatures = Object.fromEntries([['__proto__', 'sig']]);
    expect(decodeReasoningSignature(encodeReasoningSignature({ toolSignatures }))).toEqual({
      toolSignatures,
    });
  });
});
