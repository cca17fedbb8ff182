import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CliRun, spawnCli } from '../helpers/spawn-cli.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

const fileWithDefault = (model: string) =>
  `providers:\n  local:\n    base_url: http://127.0.0.1:9/v1\nroutes:\n  default: local/${model}\n`;
const WAIT = { timeout: 10_000, interval: 25 };
let run: CliRun | undefined;

afterEach(() => {
  run?.child.kill('SIGKILL');
  run = undefined;
});

/** The proxy's JSON log lines with this message. */
function logged(message: string): Record<string, unknown>[] {
  return run!
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === message || String(entry.msg).startsWith(message));
}

describe('infiniproxy --config FILE (serve) as a process', () => {
  it('reloads on a file edit and on SIGHUP, keeps the old config on an invalid edit, and exits 0 on SIGTERM', async () => {
    const path = writeConfigFile(fileWithDefault('first'));
    run = spawnCli(['--config', path], {
      env: { PATH: process.env.PATH ?? '', PROXY_PORT: '0', LOG_FORMAT: 'json' },
      cwd: mkdtempSync(join(tmpdir(), 'infiniproxy-reload-')),
    });
    await vi.waitFor(() => expect(run!.stdout()).toMatch(/listening on http:\/\/\S+/), WAIT);

    writeFileSync(path, fileWithDefault('second'));
    await vi.waitFor(() => expect(logged('config reloaded')).toHaveLength(1), WAIT);

    run.child.kill('SIGHUP');
    await vi.waitFor(() => expect(logged('config reloaded')).toHaveLength(2), WAIT);

    writeFileSync(path, fileWithDefault('third').replace('local/third', 'nowhere/third'));
    await vi.waitFor(() => expect(logged('config not reloaded')).toHaveLength(1), WAIT);
    expect(logged('config not reloaded')[0]!.msg).toContain('routes.default: unknown provider "nowhere"');
    expect(logged('config reloaded')).toHaveLength(2);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });
});
