import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start-server.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { postMessage, startGatewayProxy } from './start-gateway-proxy.js';
import { startTokenBackend, type TokenBackend } from './start-token-backend.js';

/**
 * `infiniproxy keys …` and `infiniproxy usage` as a user runs them, against the SQLite file
 * in a data directory of the test's own, and a proxy that reads the same file.
 */
let backend: TokenBackend | undefined;
let proxy: RunningServer | undefined;
afterEach(async () => {
  await proxy?.close();
  await backend?.close();
  proxy = undefined;
  backend = undefined;
});

async function cli(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawnCli(args, {
    env: { PATH: process.env.PATH, HOME: dataDir, INFINIPROXY_DATA_DIR: dataDir },
    cwd: dataDir,
  });
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('infiniproxy keys and usage', () => {
  it('creates a key printed once, lists it without its secret, and a proxy on the same data directory honours and then refuses it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'infiniproxy-keys-'));
    const created = await cli(
      dataDir,
      'keys',
      'create',
      '--name',
      'alice',
      '--rpm',
      '60',
      '--budget-usd',
      '5',
      '--json',
    );
    expect(created.code).toBe(0);
    const { key, name } = JSON.parse(created.stdout) as { key: string; name: string };
    expect(name).toBe('alice');
    expect(key).toMatch(/^ipk_/);

    const listed = await cli(dataDir, 'keys', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(key);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ name: 'alice', rpm: 60, revoked_at: null }),
    ]);

    backend = await startTokenBackend();
    proxy = await startGatewayProxy({ backendUrl: backend.url, dataDir });
    expect((await postMessage(proxy.url, key)).status).toBe(200);
    await proxy.context.team!.ledger.flush();

    const usage = await cli(dataDir, 'usage', '--by', 'key', '--json');
    expect(usage.code).toBe(0);
    expect(JSON.parse(usage.stdout)).toMatchObject({
      by: 'key',
      data: [{ group: 'alice', requests: 1, input_tokens: 100, output_tokens: 20 }],
    });

    expect((await cli(dataDir, 'keys', 'revoke', 'alice')).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await postMessage(proxy.url, key)).status).toBe(401);
  });

  it('refuses to revoke a key that does not exist, with exit 1 and one line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'infiniproxy-keys-'));
    const run = await cli(dataDir, 'keys', 'revoke', 'nobody');
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
