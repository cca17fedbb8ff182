// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references literally

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load-config.js';
import { loadFileConfig } from '../../src/config/load-file-config.js';
import { DIALECT_NAMES } from '../../src/dialects/all-dialects.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

const TWO_PROVIDERS = `
providers:
  deepseek:
    base_url: https://api.deepseek.com
    api_key: \${DEEPSEEK_API_KEY}
    dialect: deepseek
    max_concurrency: 32
    headers: { X-Title: infiniproxy }
    models: [deepseek-v4-pro, deepseek-v4-flash]
  local:
    base_url: http://127.0.0.1:11434/v1
    timeouts: { first_byte: 60 }
routes:
  default: deepseek/deepseek-v4-pro
  haiku: [deepseek/deepseek-v4-flash, local/qwen3-coder:30b]
  thinking: deepseek/deepseek-v4-pro
  long_context: { threshold: 100000, to: [local/google/gemini-2.5-pro] }
  image: local/qwen/qwen3-vl
  models:
    fast: local/qwen3-coder:30b
    gpt-4.1: local
retry: { attempts: 5, max_wait_seconds: 2.5 }
cooldown: { failures: 2, seconds: 10 }
timeouts: { connect: 5, idle: 120 }
`;

/** The error message loadFileConfig throws for this text, without the file name in front. */
function errorFor(text: string, env: Record<string, string> = {}): string {
  const path = writeConfigFile(text);
  try {
    loadFileConfig(path, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message).not.toContain('\n');
    return message.slice(path.length + 2);
  }
  throw new Error('the file loaded without an error');
}

const PROVIDER = 'providers:\n  local:\n    base_url: http://127.0.0.1:11434/v1\n';

describe('loadFileConfig', () => {
  it('reads providers, routes, retry, cooldown and timeouts, per-provider timeouts over the top-level ones', () => {
    const path = writeConfigFile(TWO_PROVIDERS);
    const { config, warnings, referencedVariables } = loadFileConfig(path, { DEEPSEEK_API_KEY: 'sk-deep' });
    expect(warnings).toEqual([]);
    expect([...referencedVariables]).toEqual(['DEEPSEEK_API_KEY']);
    expect(config.source).toEqual({ kind: 'file', path });
    const [deepseek, local] = config.providers;
    expect(deepseek).toEqual({
      name: 'deepseek',
      backend: {
        origin: 'https://api.deepseek.com',
        basePath: '',
        chatCompletionsPath: '/chat/completions',
        displayUrl: 'https://api.deepseek.com',
        apiKey: 'sk-deep',
        isDefault: false,
      },
      dialect: 'deepseek',
      maxConcurrency: 32,
      headers: { 'X-Title': 'infiniproxy' },
      models: ['deepseek-v4-pro', 'deepseek-v4-flash'],
      timeouts: { connectMs: 5000, firstByteMs: 300_000, idleMs: 120_000 },
    });
    expect(local).toMatchObject({
      name: 'local',
      dialect: undefined,
      maxConcurrency: undefined,
      headers: {},
      models: [],
      timeouts: { connectMs: 5000, firstByteMs: 60_000, idleMs: 120_000 },
    });
    expect(config.routes).toEqual({
      models: {
        fast: [{ provider: 'local', model: 'qwen3-coder:30b' }],
        'gpt-4.1': [{ provider: 'local', model: undefined }],
      },
      longContext: { threshold: 100_000, chain: [{ provider: 'local', model: 'google/gemini-2.5-pro' }] },
      image: [{ provider: 'local', model: 'qwen/qwen3-vl' }],
      thinking: [{ provider: 'deepseek', model: 'deepseek-v4-pro' }],
      families: {
        opus: undefined,
        sonnet: undefined,
        haiku: [
          { provider: 'deepseek', model: 'deepseek-v4-flash' },
          { provider: 'local', model: 'qwen3-coder:30b' },
        ],
      },
      default: [{ provider: 'deepseek', model: 'deepseek-v4-pro' }],
    });
    expect(config.retry).toEqual({ attempts: 5, maxWaitMs: 2500 });
    expect(config.cooldown).toEqual({ failures: 2, cooldownMs: 10_000 });
  });

  it('applies the default retry, cooldown and timeouts when the file leaves them out', () => {
    const { config } = loadFileConfig(writeConfigFile(PROVIDER), {});
    expect(config.retry).toEqual({ attempts: 3, maxWaitMs: 20_000 });
    expect(config.cooldown).toEqual({ failures: 3, cooldownMs: 30_000 });
    expect(config.providers[0]!.timeouts).toEqual({
      connectMs: 10_000,
      firstByteMs: 300_000,
      idleMs: 300_000,
    });
    expect(config.routes.default).toBeUndefined();
  });

  it('reads JSON, which is YAML too', () => {
    const json = JSON.stringify({
      providers: { groq: { base_url: 'https://api.groq.com/openai/v1' } },
      routes: { default: 'groq/llama-3.3-70b-versatile' },
    });
    const { config } = loadFileConfig(writeConfigFile(json, { name: 'config.json' }), {});
    expect(config.routes.default).toEqual([{ provider: 'groq', model: 'llama-3.3-70b-versatile' }]);
  });

  describe('${NAME} substitution', () => {
    it('replaces references in any string, keeps $${ literal and uses a :- fallback when unset', () => {
      const text = `${PROVIDER}    headers: { X-Title: "\${TITLE}-proxy", X-Literal: "$\${NOT_A_VAR}" }
routes:
  default: local/\${MODEL:-qwen3:8b}
`;
      const { config } = loadFileConfig(writeConfigFile(text), { TITLE: 'my' });
      expect(config.providers[0]!.headers).toEqual({ 'X-Title': 'my-proxy', 'X-Literal': '${NOT_A_VAR}' });
      expect(config.routes.default).toEqual([{ provider: 'local', model: 'qwen3:8b' }]);
    });

    it('reads numbers written as references', () => {
      const text = `${PROVIDER}    max_concurrency: \${SLOTS}\n`;
      const { config } = loadFileConfig(writeConfigFile(text), { SLOTS: '4' });
      expect(config.providers[0]!.maxConcurrency).toBe(4);
    });

    it('names the missing variable and the path that refers to it', () => {
      const text = `${PROVIDER}    api_key: \${LOCAL_KEY}\n`;
      expect(errorFor(text)).toBe(
        'providers.local.api_key: ${LOCAL_KEY} is not set in the environment or .env',
      );
    });

    it('treats an empty variable as unset', () => {
      const text = `${PROVIDER}    api_key: \${LOCAL_KEY}\n`;
      expect(errorFor(text, { LOCAL_KEY: '' })).toContain('${LOCAL_KEY} is not set');
    });
  });

  describe('errors name their path', () => {
    it.each([
      [
        'a base_url that is not http(s)',
        'providers:\n  ds:\n    base_url: api.deepseek.com\n',
        'providers.ds.base_url: must be an http(s) URL',
      ],
      ['a missing base_url', 'providers:\n  ds:\n    api_key: x\n', 'providers.ds.base_url: is required'],
      ['a missing providers section', 'routes:\n  default: a/b\n', 'providers: is required'],
      ['an empty providers section', 'providers: {}\n', 'providers: must name at least one provider'],
      [
        'an unknown dialect',
        `${PROVIDER}    dialect: klingon\n`,
        `providers.local.dialect: must be one of ${DIALECT_NAMES.join(', ')}`,
      ],
      [
        'a zero max_concurrency',
        `${PROVIDER}    max_concurrency: 0\n`,
        'providers.local.max_concurrency: must be at least 1',
      ],
      [
        'a fractional max_concurrency',
        `${PROVIDER}    max_concurrency: 1.5\n`,
        'providers.local.max_concurrency: must be a whole number of requests',
      ],
      [
        'a non-string header',
        `${PROVIDER}    headers: { X-N: 1 }\n`,
        'providers.local.headers.X-N: must be a string',
      ],
      [
        'a bad header name',
        `${PROVIDER}    headers: { "X Title": a }\n`,
        'providers.local.headers["X Title"]: must be a valid header name',
      ],
      [
        'models that are not a list',
        `${PROVIDER}    models: m1\n`,
        'providers.local.models: must be a list of model names',
      ],
      [
        'a negative timeout',
        `${PROVIDER}timeouts: { idle: -1 }\n`,
        'timeouts.idle: must be at least 0.001 seconds',
      ],
      [
        'a provider timeout too long for a timer',
        `${PROVIDER}    timeouts: { connect: 99999999 }\n`,
        'providers.local.timeouts.connect: must be at most 2147483 seconds',
      ],
      ['zero retry attempts', `${PROVIDER}retry: { attempts: 0 }\n`, 'retry.attempts: must be at least 1'],
      [
        'a text cooldown',
        `${PROVIDER}cooldown: { seconds: soon }\n`,
        'cooldown.seconds: must be a number of seconds',
      ],
      [
        'a provider name with a slash',
        'providers:\n  a/b:\n    base_url: http://h\n',
        'providers["a/b"]: a provider name is letters, digits, ".", "_" and "-" (no "/": routes write provider/model)',
      ],
      [
        'a route entry naming an unknown provider',
        `providers:\n  deepseek: { base_url: "https://api.deepseek.com" }\n  local: { base_url: "http://h" }\nroutes:\n  haiku: [deepseek/flash, x/y]\n`,
        'routes.haiku[1]: unknown provider "x"; providers are deepseek, local',
      ],
      [
        'a routes.models entry naming an unknown provider',
        `${PROVIDER}routes:\n  models:\n    gpt-4.1: cloud/gpt-4.1\n`,
        'routes.models["gpt-4.1"]: unknown provider "cloud"; providers are local',
      ],
      [
        'a route with no model after the slash',
        `${PROVIDER}routes:\n  default: local/\n`,
        'routes.default: "local/" names no model',
      ],
      [
        'an empty fallback chain',
        `${PROVIDER}routes:\n  thinking: []\n`,
        'routes.thinking: must name at least one provider/model',
      ],
      [
        'a route that is a number',
        `${PROVIDER}routes:\n  image: 3\n`,
        'routes.image: must be "provider/model" or a list of them',
      ],
      [
        'a long_context without threshold',
        `${PROVIDER}routes:\n  long_context: { to: local/m }\n`,
        'routes.long_context.threshold: is required',
      ],
      [
        'a long_context chain naming an unknown provider',
        `${PROVIDER}routes:\n  long_context: { threshold: 10, to: [local/m, far/m] }\n`,
        'routes.long_context.to[1]: unknown provider "far"',
      ],
      [
        'an api_key left as the config print placeholder',
        `${PROVIDER}    api_key: "[redacted]"\n`,
        'providers.local.api_key: is "[redacted]", the placeholder "config print" writes',
      ],
      ['a file that is a list', '- a\n- b\n', '(top level): must be a map with providers'],
      ['an empty file', '# nothing yet\n', 'the file is empty; it needs a providers section'],
      ['a YAML syntax error', 'providers:\n  a: [1, 2\n b: 3\n', 'invalid YAML: '],
      ['a duplicate key', `${PROVIDER}${PROVIDER}`, 'invalid YAML: Map keys must be unique'],
    ])('%s', (_case, text, expected) => {
      expect(errorFor(text)).toContain(expected);
    });

    it('names a missing file', () => {
      expect(() => loadFileConfig('/nonexistent/infiniproxy.yaml', {})).toThrow(
        '/nonexistent/infiniproxy.yaml: no such file',
      );
    });
  });

  describe('unknown keys', () => {
    it.each([
      [
        'at the top level',
        `${PROVIDER}route:\n  default: local/m\n`,
        '(top level): unknown key "route" (did you mean "routes"?)',
      ],
      [
        'in a provider',
        'providers:\n  local:\n    base_url: http://h\n    base_ur: http://h\n',
        'providers.local: unknown key "base_ur" (did you mean "base_url"?)',
      ],
      ['in routes', `${PROVIDER}routes:\n  haiku_model: local/m\n`, 'routes: unknown key "haiku_model"'],
      [
        'in timeouts',
        `${PROVIDER}timeouts:\n  read: 3\n`,
        'timeouts: unknown key "read"; known keys are connect, first_byte, idle',
      ],
      [
        "in a provider's timeouts",
        `${PROVIDER}    timeouts: { firstbyte: 3 }\n`,
        'providers.local.timeouts: unknown key "firstbyte" (did you mean "first_byte"?)',
      ],
      ['in retry', `${PROVIDER}retry: { retries: 3 }\n`, 'retry: unknown key "retries"'],
    ])('are refused %s, before the errors they cause', (_case, text, expected) => {
      expect(errorFor(text)).toContain(expected);
    });
  });

  describe('a literal api_key in a file others can read', () => {
    const text = `${PROVIDER}    api_key: sk-literal\n`;

    it('gets a warning naming the key and the fix', () => {
      const path = writeConfigFile(text, { mode: 0o644 });
      const { warnings } = loadFileConfig(path, {});
      expect(warnings).toEqual([expect.stringContaining(`${path} is readable by other users`)]);
      expect(warnings[0]).toContain('providers.local.api_key');
      expect(warnings[0]).toContain(`chmod 600 ${path}`);
      expect(warnings[0]).not.toContain('sk-literal');
    });

    it('gets none when only the owner can read the file', () => {
      expect(loadFileConfig(writeConfigFile(text, { mode: 0o600 }), {}).warnings).toEqual([]);
    });

    it('gets none when the key is a ${VAR} reference', () => {
      const path = writeConfigFile(`${PROVIDER}    api_key: \${LOCAL_KEY}\n`, { mode: 0o644 });
      expect(loadFileConfig(path, { LOCAL_KEY: 'sk-env' }).warnings).toEqual([]);
    });
  });
});
