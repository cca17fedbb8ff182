import { describe, expect, it } from 'vitest';
import { DIALECT_NAMES } from '../../src/dialects/all-dialects.js';
import { selectDialect } from '../../src/dialects/select-dialect.js';

describe('selectDialect', () => {
  it.each([
    ['https://api.openai.com/v1', 'openai'],
    ['https://api.deepseek.com', 'deepseek'],
    ['https://open.bigmodel.cn/api/paas/v4', 'glm'],
    ['https://api.z.ai/api/paas/v4', 'glm'],
    ['https://dashscope.aliyuncs.com/compatible-mode/v1', 'qwen'],
    ['https://dashscope-intl.aliyuncs.com/compatible-mode/v1', 'qwen'],
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['https://api.groq.com/openai/v1', 'groq'],
    ['https://api.mistral.ai/v1', 'mistral'],
    ['https://generativelanguage.googleapis.com/v1beta/openai', 'gemini'],
  ])('detects %s as %s from its host', (url, name) => {
    expect(selectDialect(url)).toMatchObject({ dialect: { name }, reason: 'detected from host' });
  });

  it('matches hosts case-insensitively', () => {
    expect(selectDialect('https://API.DeepSeek.com/v1').dialect.name).toBe('deepseek');
  });

  it('does not take a look-alike host for a known one', () => {
    expect(selectDialect('https://api.deepseek.com.example.net/v1').dialect.name).toBe('generic');
  });

  it.each([
    ['http://127.0.0.1:11434/v1', 'ollama'],
    ['http://localhost:1234/v1', 'lmstudio'],
    ['http://10.0.0.5:8000/v1', 'vllm'],
    ['http://gpu-box:30000/v1', 'sglang'],
    ['http://127.0.0.1:8080/v1', 'llamacpp'],
  ])('detects %s as %s from its default port', (url, name) => {
    expect(selectDialect(url)).toMatchObject({ dialect: { name }, reason: 'detected from port' });
  });

  it('takes what the server said at start-up over its port, which more than one server uses', () => {
    expect(selectDialect('http://127.0.0.1:8000/v1', undefined, 'llamacpp')).toMatchObject({
      dialect: { name: 'llamacpp' },
      reason: 'detected from server',
    });
  });

  it('keeps a known host over what the server said', () => {
    expect(selectDialect('https://api.groq.com/openai/v1', undefined, 'llamacpp').dialect.name).toBe('groq');
  });

  it('falls back to generic for an unknown host and port', () => {
    expect(selectDialect('https://llm.internal.example/v1')).toMatchObject({
      dialect: { name: 'generic' },
      reason: 'default',
    });
  });

  it('uses OPENAI_PROVIDER over anything the URL suggests', () => {
    for (const name of DIALECT_NAMES) {
      expect(selectDialect('http://127.0.0.1:11434/v1', name)).toMatchObject({
        dialect: { name },
        reason: 'configured',
      });
    }
  });
});
