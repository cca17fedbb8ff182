import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'infiniproxy-cli-'));
const env = { PATH: process.env.PATH, HOME: cwd };
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('infiniproxy CLI', () => {
  it('prints usage with the code command and the model variables for --help', async () => {
    const run = spawnCli(['--help'], { env, cwd });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('infiniproxy code [claude args]');
    for (const variable of ['OPENAI_MODEL', 'BIG_MODEL', 'MIDDLE_MODEL', 'SMALL_MODEL']) {
      expect(run.stdout()).toContain(variable);
    }
  });

  it('prints the package version for --version', async () => {
    const run = spawnCli(['--version'], { env, cwd });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toBe(`${version}\n`);
  });

  it('exits 2 naming an unknown command', async () => {
    const run = spawnCli(['frobnicate'], { env, cwd });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('unknown command "frobnicate"');
  });

  it('exits 1 with one line naming the variable when the configuration is invalid', async () => {
    const run = spawnCli([], { env: { ...env, PROXY_PORT: 'abc' }, cwd });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe('infiniproxy: Invalid PROXY_PORT="abc": must be a port number (0-65535)\n');
  });

  it('serves until SIGTERM, then exits 0', async () => {
    const run = spawnCli([], { env: { ...env, PROXY_PORT: '0', OPENAI_MODEL: 'm' }, cwd });
    await until(() => /listening on (http:\/\/\S+)/.test(run.stdout()));
    const url = /listening on (http:\/\/\S+)/.exec(run.stdout())![1]!;
    const root = (await (await fetch(`${url}/`)).json()) as { name: string };
    expect(root.name).toBe('infiniproxy');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });
});

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
