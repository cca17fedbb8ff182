import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli.ts');
const children: ChildProcess[] = [];

/** Runs the CLI as a user would, from an empty directory (no .env) with only the given variables. */
function runCli(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(TSX, [CLI, ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'infiniproxy-cli-')),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

async function readUntil(child: ChildProcess, pattern: RegExp): Promise<string> {
  let output = '';
  for await (const chunk of child.stdout!) {
    output += String(chunk);
    if (pattern.test(output)) return output;
  }
  throw new Error(`process ended before printing ${pattern}: ${output}`);
}

async function collect(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr!.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('infiniproxy (serve)', () => {
  it('prints a banner naming the default local Ollama backend and serves /health', async () => {
    const child = runCli([], { PROXY_PORT: '0' });
    const banner = await readUntil(child, /ANTHROPIC_BASE_URL=\S+/);
    expect(banner).toContain(
      'provider default: http://127.0.0.1:11434/v1 (default: a local Ollama; set OPENAI_BASE_URL to change it)',
    );
    const url = /listening on (http:\/\/\S+)/.exec(banner)![1]!;
    const response = await fetch(`${url}/health`);
    expect(await response.json()).toEqual({ status: 'ok' });
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('stops with one line naming the variable when PROXY_PORT is not a number', async () => {
    const result = await collect(runCli([], { PROXY_PORT: 'abc' }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'infiniproxy: Invalid PROXY_PORT="abc": must be a port number (0-65535)',
    );
  });

  it('stops with one line naming OPENAI_BASE_URL when it has no scheme', async () => {
    const result = await collect(runCli([], { OPENAI_BASE_URL: 'api.deepseek.com' }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('Invalid OPENAI_BASE_URL="api.deepseek.com"');
  });

  it('prints the version for --version', async () => {
    const result = await collect(runCli(['--version'], {}));
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
