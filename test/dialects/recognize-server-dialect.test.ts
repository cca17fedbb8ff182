import { describe, expect, it } from 'vitest';
import { recognizeServerDialect } from '../../src/dialects/recognize-server-dialect.js';

describe('recognizeServerDialect', () => {
  it.each([
    ['llamacpp', 'llamacpp'],
    ['vllm', 'vllm'],
    ['sglang', 'sglang'],
    ['library', 'ollama'],
    ['organization_owner', 'lmstudio'],
  ])('names the server whose models are owned_by %s: %s', (owner, dialect) => {
    expect(recognizeServerDialect({ modelOwners: [owner], signaturePaths: [] })?.dialect).toBe(dialect);
  });

  it('recognizes llama-server by its GET /props answer alone', () => {
    expect(recognizeServerDialect({ modelOwners: ['someone'], signaturePaths: ['/props'] })).toEqual({
      dialect: 'llamacpp',
      evidence: 'GET /props',
    });
  });

  it('says nothing for owners no server software writes', () => {
    expect(recognizeServerDialect({ modelOwners: ['openai', 'system'], signaturePaths: [] })).toBeUndefined();
  });
});
