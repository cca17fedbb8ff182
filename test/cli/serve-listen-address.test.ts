import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';

describe('infiniproxy (serve) on a non-loopback address', () => {
  it('exits 1 with one line saying why when PROXY_HOST=0.0.0.0 has no PROXY_API_KEY', async () => {
    const run = spawnCli([], {
      env: { PATH: process.env.PATH ?? '', PROXY_HOST: '0.0.0.0', PROXY_PORT: '0' },
      cwd: mkdtempSync(join(tmpdir(), 'infiniproxy-bind-')),
    });
    expect(await run.exited).toBe(1);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(run.stderr()).toContain(
      'infiniproxy: Refusing to listen on PROXY_HOST=0.0.0.0 without PROXY_API_KEY',
    );
    expect(run.stdout()).toBe('');
  });
});
