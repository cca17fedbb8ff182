import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { renderBanner } from '../../src/server/start-server.js';
import { readEnvSettings } from '../helpers/read-env-settings.js';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';

describe('loadConfig: OPENAI_PROVIDER and MAX_OUTPUT_TOKENS', () => {
  it('leaves both unset by default', () => {
    const config = loadConfig({}, null);
    expect(config.maxOutputTokens).toBeUndefined();
    expect(readEnvSettings(config).provider).toBeUndefined();
  });

  it('reads a dialect name in any case, and treats an empty value as unset', () => {
    expect(readEnvSettings(loadConfig({ OPENAI_PROVIDER: ' DeepSeek ' }, null)).provider).toBe('deepseek');
    expect(readEnvSettings(loadConfig({ OPENAI_PROVIDER: '' }, null)).provider).toBeUndefined();
  });

  it('refuses an unknown dialect with one line listing the known ones', () => {
    expect(() => loadConfig({ OPENAI_PROVIDER: 'anthropic' }, null)).toThrow(ConfigError);
    expect(() => loadConfig({ OPENAI_PROVIDER: 'anthropic' }, null)).toThrow(
      /^Invalid OPENAI_PROVIDER="anthropic": must be one of generic, .*gemini$/,
    );
  });

  it('reads MAX_OUTPUT_TOKENS as a positive whole number', () => {
    expect(loadConfig({ MAX_OUTPUT_TOKENS: '8192' }, null).maxOutputTokens).toBe(8_192);
    for (const bad of ['0', '-1', '8k', '1.5']) {
      expect(() => loadConfig({ MAX_OUTPUT_TOKENS: bad }, null)).toThrow(/^Invalid MAX_OUTPUT_TOKENS=/);
    }
  });
});

describe('.env.example', () => {
  it('is a valid configuration as shipped', () => {
    const path = new URL('../../.env.example', import.meta.url).pathname;
    const config = loadConfig({}, path);
    expect(config.maxOutputTokens).toBeUndefined();
    expect(readEnvSettings(config).provider).toBeUndefined();
  });
});

describe('start-up banner', () => {
  let proxy: TestProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('names the dialect detected from the backend host', async () => {
    proxy = await startProxy({ OPENAI_BASE_URL: 'https://api.deepseek.com' });
    expect(renderBanner(proxy.server)).toContain('dialect: DeepSeek (detected from host)');
  });

  it('names the dialect OPENAI_PROVIDER chose', async () => {
    proxy = await startProxy({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_PROVIDER: 'vllm' });
    expect(renderBanner(proxy.server)).toContain('dialect: vLLM (set by OPENAI_PROVIDER)');
  });

  it('says how to choose a dialect when none was detected', async () => {
    proxy = await startProxy({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(renderBanner(proxy.server)).toContain(
      'dialect: Generic OpenAI-compatible (no known host or port; set OPENAI_PROVIDER to choose one)',
    );
  });
});
