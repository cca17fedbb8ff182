import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerEveryRequest } from '../helpers/answer-every-request.js';
import { readJsonFixture } from '../helpers/load-fixture.js';
import { json, type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

/**
 * `infiniproxy models` and `infiniproxy code --print-env`, run as a user runs them, against a
 * scripted vLLM server on 127.0.0.1 that publishes its window, beside a DeepSeek provider
 * the built-in table describes.
 */

let backend: ScriptedBackend;
let workDir: string;
let configPath: string;

beforeAll(async () => {
  backend = await startScriptedBackend();
  answerEveryRequest(backend, (request) =>
    request.url === '/v1/models'
      ? json(200, readJsonFixture('model-facts/vllm.models.json'))
      : json(404, { error: { message: 'not scripted' } }),
  );
  workDir = mkdtempSync(`${tmpdir()}/infiniproxy-models-`);
  configPath = writeConfigFile(
    [
      'providers:',
      '  local:',
      `    base_url: ${backend.baseUrl}`,
      '    dialect: vllm',
      '    model_info:',
      '      Qwen/Qwen3-8B: { max_output_tokens: 8192, tools: true }',
      '  deepseek:',
      // Never contacted: the built-in table answers for DeepSeek.
      '    base_url: http://127.0.0.1:9/v1',
      '    dialect: deepseek',
      'routes:',
      '  default: local/Qwen/Qwen3-8B',
      '  opus: [local/Qwen/Qwen3-8B, deepseek/deepseek-v4-pro]',
      '  haiku: deepseek/deepseek-chat',
    ].join('\n'),
  );
});
afterAll(async () => {
  await backend.close();
  rmSync(workDir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  return spawnCli(['--config', configPath, ...args], {
    env: { PATH: process.env.PATH, HOME: workDir, ...env },
    cwd: workDir,
  });
}

describe('infiniproxy models', () => {
  it('lists each provider model with its facts and where each came from', async () => {
    const cli = run(['models']);
    expect(await cli.exited).toBe(0);
    const lines = cli.stdout().split('\n');
    expect(lines).toContain(`provider local (vllm, ${backend.baseUrl})`);
    const qwen = lines.find((line) => line.trim().startsWith('Qwen/Qwen3-8B'));
    expect(qwen?.trim().split(/\s{2,}/)).toEqual([
      'Qwen/Qwen3-8B',
      '32768 (backend)',
      '8192 (config)',
      '?',
      'yes (config)',
      '?',
    ]);
    const chat = lines.find((line) => line.trim().startsWith('deepseek-chat'));
    expect(chat?.trim().split(/\s{2,}/)).toEqual([
      'deepseek-chat',
      '131072 (built-in)',
      '8192 (built-in)',
      'no (built-in)',
      'yes (built-in)',
      'no (built-in)',
    ]);
  });

  it('prints the same facts as JSON with --json', async () => {
    const cli = run(['models', '--json']);
    expect(await cli.exited).toBe(0);
    const output = JSON.parse(cli.stdout()) as {
      providers: Array<{ name: string; models: Array<Record<string, unknown>> }>;
    };
    expect(output.providers.map((provider) => provider.name)).toEqual(['local', 'deepseek']);
    expect(output.providers[0]!.models).toEqual([
      {
        model: 'Qwen/Qwen3-8B',
        contextWindow: { value: 32768, source: 'backend' },
        maxOutputTokens: { value: 8192, source: 'config' },
        vision: null,
        tools: { value: true, source: 'config' },
        reasoning: null,
      },
    ]);
    expect(output.providers[1]!.models.map((entry) => entry.model)).toEqual([
      'deepseek-v4-pro',
      'deepseek-chat',
    ]);
  });
});

describe('infiniproxy code --print-env', () => {
  it('prints export lines that eval into the names, the smallest window of the chain and the output limit', async () => {
    const cli = run(['code', '--print-env'], { PROXY_PORT: '8123' });
    expect(await cli.exited).toBe(0);
    const printed = cli.stdout();
    expect(printed).toContain("export ANTHROPIC_BASE_URL='http://127.0.0.1:8123'\n");
    expect(printed).toContain('unset ANTHROPIC_API_KEY\n');
    const names = [
      'ANTHROPIC_DEFAULT_OPUS_MODEL',
      'ANTHROPIC_DEFAULT_OPUS_MODEL_NAME',
      'ANTHROPIC_DEFAULT_SONNET_MODEL_NAME',
      'ANTHROPIC_DEFAULT_HAIKU_MODEL_NAME',
      'CLAUDE_CODE_AUTO_COMPACT_WINDOW',
      'CLAUDE_CODE_MAX_OUTPUT_TOKENS',
    ];
    const script = `${printed}\n${names.map((name) => `echo "${name}=$${name}"`).join('\n')}`;
    const evaluated = execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH } }).toString();
    expect(evaluated.trim().split('\n')).toEqual([
      'ANTHROPIC_DEFAULT_OPUS_MODEL=claude-opus-4-8',
      'ANTHROPIC_DEFAULT_OPUS_MODEL_NAME=Qwen/Qwen3-8B',
      // No sonnet route: sonnet falls to the default route.
      'ANTHROPIC_DEFAULT_SONNET_MODEL_NAME=Qwen/Qwen3-8B',
      'ANTHROPIC_DEFAULT_HAIKU_MODEL_NAME=deepseek-chat',
      // The main (opus) chain: 32768 published by vLLM, 1048576 built in for DeepSeek V4.
      'CLAUDE_CODE_AUTO_COMPACT_WINDOW=32768',
      'CLAUDE_CODE_MAX_OUTPUT_TOKENS=8192',
    ]);
  });

  it('leaves a variable the user already set as it is', async () => {
    const cli = run(['code', '--print-env'], {
      CLAUDE_CODE_AUTO_COMPACT_WINDOW: '200000',
      ANTHROPIC_DEFAULT_OPUS_MODEL_NAME: 'My Opus',
    });
    expect(await cli.exited).toBe(0);
    const printed = cli.stdout();
    expect(printed).not.toContain('export CLAUDE_CODE_AUTO_COMPACT_WINDOW');
    expect(printed).not.toContain('export ANTHROPIC_DEFAULT_OPUS_MODEL_NAME');
    expect(printed).toContain('# CLAUDE_CODE_AUTO_COMPACT_WINDOW is already set; left as it is');
    expect(printed).toContain("export ANTHROPIC_DEFAULT_HAIKU_MODEL_NAME='deepseek-chat'");
  });

  it('follows the model --model names for the window', async () => {
    const cli = run(['code', '--print-env', '--model', 'haiku']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain("export CLAUDE_CODE_AUTO_COMPACT_WINDOW='131072'");
    expect(cli.stdout()).toContain("export CLAUDE_CODE_MAX_OUTPUT_TOKENS='8192'");
  });
});
