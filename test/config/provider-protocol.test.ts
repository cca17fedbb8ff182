// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references literally
import { describe, expect, it } from 'vitest';
import { runConfigCheck } from '../../src/cli/config-check-command.js';
import type { ConfigCommandIo } from '../../src/cli/config-command-io.js';
import { runConfigPrint } from '../../src/cli/config-print-command.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { parseBaseUrl } from '../../src/config/parse-base-url.js';
import { selectProtocol } from '../../src/providers/select-protocol.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

function io(env: Record<string, string>, configPath?: string) {
  let stdout = '';
  let stderr = '';
  const commandIo: ConfigCommandIo = {
    env,
    envFile: null,
    configPath,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  };
  return { io: commandIo, stdout: () => stdout, stderr: () => stderr };
}

const MIXED = `providers:
  ds:
    base_url: https://api.deepseek.com/anthropic
    api_key: \${DS_KEY}
  codex:
    base_url: https://api.openai.com/v1
    protocol: responses
  router:
    base_url: https://openrouter.ai/api
    protocol: anthropic
    auth_header: x-api-key
routes:
  default: [ds/deepseek-v4-pro, codex/gpt-5.2]
`;

describe('a provider protocol', () => {
  it('reads protocol and auth_header from the config file, and detects anthropic from a /anthropic base URL', () => {
    const config = loadConfig({ DS_KEY: 'sk-ds' }, null, { configPath: writeConfigFile(MIXED) });
    const [ds, codex, router] = config.providers;
    expect(ds).toMatchObject({ protocol: undefined, authHeader: undefined });
    expect(selectProtocol(ds!.backend, ds!.protocol)).toEqual({
      protocol: 'anthropic',
      reason: 'detected from URL path',
    });
    expect(codex).toMatchObject({ protocol: 'responses' });
    expect(router).toMatchObject({ protocol: 'anthropic', authHeader: 'x-api-key' });
  });

  it('refuses an unknown protocol naming the key and the allowed values', () => {
    const path = writeConfigFile(
      'providers:\n  a:\n    base_url: http://127.0.0.1:1/v1\n    protocol: grpc\n',
    );
    expect(() => loadConfig({}, null, { configPath: path })).toThrow(ConfigError);
    expect(() => loadConfig({}, null, { configPath: path })).toThrow(
      /providers\.a\.protocol: must be one of chat, responses, anthropic/,
    );
  });

  it('takes OPENAI_PROTOCOL for an environment-only set-up and refuses a value it does not know', () => {
    const config = loadConfig(
      { OPENAI_BASE_URL: 'https://api.openai.com/v1', OPENAI_PROTOCOL: 'Responses' },
      null,
    );
    expect(config.providers[0]!.protocol).toBe('responses');
    expect(() => loadConfig({ OPENAI_PROTOCOL: 'soap' }, null)).toThrow(
      'Invalid OPENAI_PROTOCOL="soap": must be one of chat, responses, anthropic',
    );
  });

  it.each([
    ['https://api.deepseek.com/anthropic', 'anthropic'],
    ['https://api.z.ai/api/anthropic', 'anthropic'],
    ['https://dashscope-intl.aliyuncs.com/apps/anthropic', 'anthropic'],
    ['https://api.minimax.io/anthropic/v1', 'anthropic'],
    ['https://api.deepseek.com/v1', 'chat'],
    ['https://api.openai.com/v1', 'chat'],
    ['https://openrouter.ai/api', 'chat'],
  ])('detects the protocol of %s as %s', (url, protocol) => {
    expect(selectProtocol(parseBaseUrl(url)!, undefined).protocol).toBe(protocol);
  });

  it('shows each provider protocol and how it was chosen in config check', () => {
    const run = io({ DS_KEY: 'sk-ds' });
    expect(runConfigCheck(writeConfigFile(MIXED), run.io)).toBe(0);
    const out = run.stdout();
    expect(out).toMatch(
      /^ {2}ds +https:\/\/api\.deepseek\.com\/anthropic +anthropic +DeepSeek +endpoint by host; protocol detected from URL path +set$/m,
    );
    expect(out).toMatch(
      /^ {2}codex +https:\/\/api\.openai\.com\/v1 +responses +OpenAI +detected from host; protocol set by providers\.codex\.protocol +not set$/m,
    );
    expect(out).toMatch(
      /^ {2}router +https:\/\/openrouter\.ai\/api +anthropic +OpenRouter +endpoint by host; protocol set by providers\.router\.protocol/m,
    );
  });

  it('writes protocol and auth_header in config print, detected protocols included, and the file loads back alike', () => {
    const path = writeConfigFile(MIXED);
    const run = io({ DS_KEY: 'sk-ds' }, path);
    expect(runConfigPrint(run.io)).toBe(0);
    const printed = run.stdout();
    expect(printed).toMatch(
      /ds:\n {4}base_url: https:\/\/api\.deepseek\.com\/anthropic\n(?: {4}.*\n)*? {4}protocol: anthropic\n/,
    );
    expect(printed).toContain('auth_header: x-api-key');
    const reloaded = loadConfig({ DS_KEY: 'sk-ds' }, null, { configPath: writeConfigFile(printed) });
    expect(
      reloaded.providers.map((provider) => [provider.name, provider.protocol, provider.authHeader]),
    ).toEqual([
      ['ds', 'anthropic', undefined],
      ['codex', 'responses', undefined],
      ['router', 'anthropic', 'x-api-key'],
    ]);
  });

  it('prints OPENAI_PROTOCOL of an environment-only set-up as the provider protocol', () => {
    const run = io({ OPENAI_BASE_URL: 'https://api.openai.com/v1', OPENAI_PROTOCOL: 'responses' });
    expect(runConfigPrint(run.io)).toBe(0);
    expect(run.stdout()).toMatch(/^ {4}protocol: responses$/m);
  });
});
