import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_BASE_URL, loadConfig } from '../../src/config/load-config.js';
import { readEnvSettings } from '../helpers/read-env-settings.js';

describe('loadConfig', () => {
  it('defaults to a local Ollama, 127.0.0.1:8000 and a 300 s timeout', () => {
    const config = loadConfig({}, null);
    expect(readEnvSettings(config).backend).toMatchObject({
      origin: 'http://127.0.0.1:11434',
      chatCompletionsPath: '/v1/chat/completions',
      displayUrl: DEFAULT_BASE_URL,
      apiKey: undefined,
      isDefault: true,
    });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8000, debug: false });
    expect(readEnvSettings(config)).toMatchObject({ timeoutMs: 300_000, model: undefined });
  });

  it.each([
    ['https://api.deepseek.com/v1', 'https://api.deepseek.com', '/v1/chat/completions'],
    ['https://api.deepseek.com/v1/', 'https://api.deepseek.com', '/v1/chat/completions'],
    [
      'https://open.bigmodel.cn/api/paas/v4/chat/completions',
      'https://open.bigmodel.cn',
      '/api/paas/v4/chat/completions',
    ],
    ['http://localhost:1234', 'http://localhost:1234', '/chat/completions'],
    ['https://host/openai/v1?api-version=1', 'https://host', '/openai/v1/chat/completions?api-version=1'],
  ])('accepts OPENAI_BASE_URL %s', (url, origin, path) => {
    const { backend } = readEnvSettings(loadConfig({ OPENAI_BASE_URL: url }, null));
    expect(backend.origin).toBe(origin);
    expect(backend.chatCompletionsPath).toBe(path);
    expect(backend.isDefault).toBe(false);
  });

  it('reads the original proxy settings by their names', () => {
    const config = loadConfig(
      {
        OPENAI_BASE_URL: 'https://api.example.com/v1',
        OPENAI_API_KEY: 'sk-x',
        OPENAI_MODEL: 'glm-4.6',
        PROXY_HOST: '0.0.0.0',
        PROXY_PORT: '9000',
        TIMEOUT: '12.5',
        DEBUG: 'true',
      },
      null,
    );
    expect(config).toMatchObject({ host: '0.0.0.0', port: 9000, debug: true });
    expect(readEnvSettings(config)).toMatchObject({ model: 'glm-4.6', timeoutMs: 12_500 });
    expect(readEnvSettings(config).backend.apiKey).toBe('sk-x');
  });

  it.each([
    [{ PROXY_PORT: 'abc' }, 'Invalid PROXY_PORT="abc": must be a port number (0-65535)'],
    [{ PROXY_PORT: '70000' }, 'Invalid PROXY_PORT="70000": must be a port number (0-65535)'],
    [{ TIMEOUT: '0' }, 'Invalid TIMEOUT="0": must be at least 0.001 (one millisecond)'],
    [{ TIMEOUT: '0.0001' }, 'Invalid TIMEOUT="0.0001": must be at least 0.001 (one millisecond)'],
    [{ TIMEOUT: '9999999' }, 'Invalid TIMEOUT="9999999": must be at most 2147483 seconds'],
    [{ TIMEOUT: 'soon' }, 'Invalid TIMEOUT="soon": must be a number of seconds'],
    [{ DEBUG: 'maybe' }, 'Invalid DEBUG="maybe": must be true or false'],
    [
      { OPENAI_BASE_URL: 'api.deepseek.com/v1' },
      'Invalid OPENAI_BASE_URL="api.deepseek.com/v1": must be an http:// or https:// URL',
    ],
    [
      { OPENAI_BASE_URL: 'ftp://host/v1' },
      'Invalid OPENAI_BASE_URL="ftp://host/v1": must be an http:// or https:// URL',
    ],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env, null)).toThrow(ConfigError);
    expect(() => loadConfig(env, null)).toThrow(message);
  });

  it('fills in from a .env file what the environment does not set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'infiniproxy-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, '# comment\nOPENAI_MODEL=from-file\nPROXY_PORT=8100\nOPENAI_API_KEY="quoted key"\n');
    const config = loadConfig({ PROXY_PORT: '8200' }, file);
    expect(readEnvSettings(config).model).toBe('from-file');
    expect(config.port).toBe(8200);
    expect(readEnvSettings(config).backend.apiKey).toBe('quoted key');
  });

  it('treats empty values as unset', () => {
    expect(readEnvSettings(loadConfig({ OPENAI_API_KEY: '', OPENAI_MODEL: '  ' }, null))).toMatchObject({
      model: undefined,
      backend: { apiKey: undefined },
    });
  });
});

describe('loadConfig model mapping', () => {
  it('reads BIG_MODEL, MIDDLE_MODEL and SMALL_MODEL into the opus, sonnet and haiku families', () => {
    const config = loadConfig(
      { OPENAI_MODEL: 'm', BIG_MODEL: 'big', MIDDLE_MODEL: ' middle ', SMALL_MODEL: 'small' },
      null,
    );
    expect(readEnvSettings(config).model).toBe('m');
    expect(readEnvSettings(config).familyModels).toEqual({ opus: 'big', sonnet: 'middle', haiku: 'small' });
  });

  it('leaves a family unset when its variable is empty', () => {
    const config = loadConfig({ BIG_MODEL: '', SMALL_MODEL: '  ' }, null);
    expect(readEnvSettings(config).familyModels).toEqual({
      opus: undefined,
      sonnet: undefined,
      haiku: undefined,
    });
  });
});
