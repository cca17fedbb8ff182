// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references literally
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { loadFileConfig } from '../../src/config/load-file-config.js';
import { renderConfigYaml } from '../../src/config/render-config-yaml.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

/** What a file can say: everything but where it came from and whether the URL was the built-in default. */
function comparable(config: Pick<Config, 'providers' | 'routes' | 'retry' | 'cooldown' | 'pricing'>) {
  return {
    providers: config.providers.map((provider) => ({
      ...provider,
      backend: { ...provider.backend, isDefault: false },
    })),
    routes: config.routes,
    retry: config.retry,
    cooldown: config.cooldown,
    pricing: config.pricing,
  };
}

function roundTrip(config: Config, env: Record<string, string>) {
  const yaml = renderConfigYaml(config, env);
  return { yaml, reloaded: loadFileConfig(writeConfigFile(yaml), env).config };
}

describe('renderConfigYaml', () => {
  it('writes an environment-only set-up as a file that loads back to the same providers and routes', () => {
    const env = {
      OPENAI_BASE_URL: 'https://host/openai/v1?api-version=1',
      OPENAI_API_KEY: 'sk-secret-value',
      OPENAI_MODEL: 'deepseek-v4-pro',
      SMALL_MODEL: 'deepseek-v4-flash',
      OPENAI_PROVIDER: 'deepseek',
      TIMEOUT: '45',
    };
    const config = loadConfig(env, null);
    const { yaml, reloaded } = roundTrip(config, env);
    expect(yaml).not.toContain('sk-secret-value');
    expect(yaml).toContain('api_key: ${OPENAI_API_KEY}');
    expect(yaml).toContain('default: default/deepseek-v4-pro');
    expect(comparable(reloaded)).toEqual(comparable(config));
  });

  it('writes a set-up without OPENAI_MODEL as a bare provider name, which passes model names through', () => {
    const config = loadConfig({}, null);
    const { yaml, reloaded } = roundTrip(config, {});
    expect(yaml).toMatch(/^ {2}default: default$/m);
    expect(yaml).not.toContain('api_key');
    expect(yaml).not.toContain('pricing');
    expect(comparable(reloaded)).toEqual(comparable(config));
  });

  it('writes a file set-up back with every route, chain and per-provider setting', () => {
    const env = { DEEPSEEK_API_KEY: 'sk-deep', ROUTER_TOKEN: 'tok-123' };
    const original = loadFileConfig(
      writeConfigFile(`providers:
  deepseek:
    base_url: https://api.deepseek.com
    api_key: \${DEEPSEEK_API_KEY}
    max_concurrency: 8
    models: [deepseek-v4-pro]
  openrouter:
    base_url: https://openrouter.ai/api/v1
    dialect: openrouter
    headers: { X-Title: infiniproxy, Authorization: "Bearer tok-123" }
    timeouts: { first_byte: 30 }
  local:
    base_url: http://127.0.0.1:11434/v1
    api_key: sk-literal
routes:
  default: [deepseek/deepseek-v4-pro, openrouter/qwen/qwen3-coder]
  opus: openrouter/anthropic/claude-opus
  sonnet: deepseek/deepseek-v4-pro
  haiku: [local/qwen3:8b, deepseek/deepseek-v4-flash]
  thinking: deepseek/deepseek-v4-pro
  long_context: { threshold: 120000, to: openrouter/google/gemini-2.5-pro }
  image: openrouter/qwen/qwen3-vl
  models: { fast: local/qwen3:8b, "gpt-4.1": local }
retry: { attempts: 2, max_wait_seconds: 7.5 }
cooldown: { failures: 4, seconds: 60 }
timeouts: { connect: 3, idle: 90 }
pricing:
  deepseek/deepseek-v4-pro: { input: 0.27, output: 1.1, cache_read: 0.07 }
  qwen3-coder: { input: 0.2, output: 0.8, cache_read: 0.02, cache_write: 0.25 }
`),
      env,
    ).config;
    const config = { ...loadConfig({}, null), ...original };
    const yaml = renderConfigYaml(config, env);
    expect(original.pricing['deepseek/deepseek-v4-pro']).toEqual({
      input: 0.27,
      output: 1.1,
      cacheRead: 0.07,
    });
    expect(yaml).toContain('pricing:');
    expect(yaml).not.toContain('cache_write: null');
    expect(yaml).not.toContain('sk-deep');
    expect(yaml).not.toContain('tok-123');
    expect(yaml).not.toContain('sk-literal');
    expect(yaml).toContain('api_key: "[redacted]"');
    // A literal key has no variable to point at: the reader must fill it in, and the loader says so.
    expect(() => loadFileConfig(writeConfigFile(yaml), env)).toThrow(
      'providers.local.api_key: is "[redacted]"',
    );
    const filled = yaml.replace('api_key: "[redacted]"', 'api_key: sk-literal');
    expect(comparable(loadFileConfig(writeConfigFile(filled), env).config)).toEqual(comparable(original));
  });
});
