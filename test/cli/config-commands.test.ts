// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references literally
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConfigCheck } from '../../src/cli/config-check-command.js';
import type { ConfigCommandIo } from '../../src/cli/config-command-io.js';
import { runConfigPrint } from '../../src/cli/config-print-command.js';
import { loadConfig } from '../../src/config/load-config.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

function io(env: Record<string, string>, options: Partial<ConfigCommandIo> = {}) {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      env,
      envFile: null,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      ...options,
    } satisfies ConfigCommandIo,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

const FILE = `providers:
  deepseek:
    base_url: https://api.deepseek.com
    api_key: \${DEEPSEEK_API_KEY}
  lab:
    base_url: http://10.0.0.5:8000/v1
    dialect: vllm
  local:
    base_url: http://127.0.0.1:11434/v1
routes:
  default: deepseek/deepseek-v4-pro
  haiku: [deepseek/deepseek-v4-flash, local/qwen3:8b]
  long_context: { threshold: 100000, to: lab/qwen3-coder-480b }
  models:
    fast: local
`;

describe('infiniproxy config check', () => {
  it('shows each provider with its dialect and why, and the routes in the order they are tried', () => {
    const path = writeConfigFile(FILE);
    const run = io({ DEEPSEEK_API_KEY: 'sk-x' });
    expect(runConfigCheck(path, run.io)).toBe(0);
    expect(run.stderr()).toBe('');
    expect(run.stdout()).toContain(`${path} is valid.`);
    const lines = run.stdout().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  NAME      URL                        PROTOCOL  DIALECT   CHOSEN BY                     API KEY',
        '  deepseek  https://api.deepseek.com   chat      DeepSeek  detected from host            set',
        '  lab       http://10.0.0.5:8000/v1    chat      vLLM      set by providers.lab.dialect  not set',
        '  local     http://127.0.0.1:11434/v1  chat      Ollama    detected from port            not set',
      ]),
    );
    const routeNames = lines
      .slice(lines.findIndex((line) => line.startsWith('  ROUTE')) + 1)
      .filter((line) => line.startsWith('  '))
      .map((line) => line.trim().split(/ {2,}/)[0]);
    expect(routeNames).toEqual([
      'models: fast',
      'long_context (over 100000 tokens)',
      'image',
      'thinking',
      'opus',
      'sonnet',
      'haiku',
      'default',
    ]);
    expect(run.stdout()).toMatch(/^ {2}haiku +deepseek\/deepseek-v4-flash → local\/qwen3:8b$/m);
    expect(run.stdout()).toMatch(/^ {2}models: fast +local \(the client's model name\)$/m);
  });

  it('checks the file --config names when no FILE is given', () => {
    const path = writeConfigFile(FILE);
    const run = io({ DEEPSEEK_API_KEY: 'sk-x' }, { configPath: path });
    expect(runConfigCheck(undefined, run.io)).toBe(0);
    expect(run.stdout()).toContain(`${path} is valid.`);
  });

  it('exits 1 with the one-line error of an invalid file', () => {
    const path = writeConfigFile(
      FILE.replace('haiku: [deepseek/deepseek-v4-flash, local/qwen3:8b]', 'haiku: [deepseek/x, nope/y]'),
    );
    const run = io({ DEEPSEEK_API_KEY: 'sk-x' });
    expect(runConfigCheck(path, run.io)).toBe(1);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toBe(
      `infiniproxy: ${path}: routes.haiku[1]: unknown provider "nope"; providers are deepseek, lab, local\n`,
    );
  });

  it('prints warnings on stderr and still exits 0', () => {
    const path = writeConfigFile(FILE);
    const run = io({ DEEPSEEK_API_KEY: 'sk-x', OPENAI_MODEL: 'm' });
    expect(runConfigCheck(path, run.io)).toBe(0);
    expect(run.stderr()).toBe(
      `infiniproxy: warning: OPENAI_MODEL is set but ignored: ${path} defines the providers\n`,
    );
  });

  it('checks the environment configuration when no file is in use', () => {
    const run = io({ OPENAI_BASE_URL: 'https://api.deepseek.com', OPENAI_MODEL: 'deepseek-v4-pro' });
    expect(runConfigCheck(undefined, run.io)).toBe(0);
    expect(run.stdout()).toContain('No config file in use; the environment configuration is valid.');
    expect(run.stdout()).toMatch(
      /^ {2}default +https:\/\/api\.deepseek\.com +chat +DeepSeek +detected from host +not set$/m,
    );
  });
});

describe('infiniproxy config print', () => {
  it('prints the environment configuration, key from .env included, as a file that loads back', () => {
    const envFile = join(dirname(writeConfigFile('')), '.env');
    writeFileSync(envFile, 'OPENAI_API_KEY=sk-from-dotenv-file\n');
    const env = {
      OPENAI_BASE_URL: 'https://api.deepseek.com',
      OPENAI_MODEL: 'deepseek-v4-pro',
      BIG_MODEL: 'deepseek-v4-pro-max',
    };
    const run = io(env, { envFile });
    expect(runConfigPrint(run.io)).toBe(0);
    expect(run.stdout()).not.toContain('sk-from-dotenv-file');
    expect(run.stdout()).toContain('api_key: ${OPENAI_API_KEY}');
    const printed = writeConfigFile(run.stdout());
    const fromFile = loadConfig({ ...env, INFINIPROXY_CONFIG: printed }, envFile);
    const fromEnv = loadConfig(env, envFile);
    expect(fromFile.providers[0]!.backend.apiKey).toBe('sk-from-dotenv-file');
    expect(fromFile.routes).toEqual(fromEnv.routes);
    expect(fromFile.providers[0]!.timeouts).toEqual(fromEnv.providers[0]!.timeouts);
  });

  it('exits 1 with the error and prints nothing on stdout for an invalid file', () => {
    const run = io({}, { configPath: writeConfigFile('providers: {}\n') });
    expect(runConfigPrint(run.io)).toBe(1);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toContain('providers: must name at least one provider');
  });
});
