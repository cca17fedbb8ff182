import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { heapGrowthFlag } from '../../src/cli/steady-heap-growth.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const COLLECT_ON_SIGNAL = fileURLToPath(new URL('../helpers/collect-garbage-on-signal.mjs', import.meta.url));

/** V8's trace of the old generation's limit after a full collection ends with the factor used. */
const LIMIT_LINE = /\[HeapController\] Limit: old size: \d+ KB, new limit: \d+ KB \(([\d.]+)\)/;

/**
 * Starts `infiniproxy serve` with V8's verbose collection trace and `nodeArgs`, asks for a
 * full collection once it listens, and returns the growth factor V8 then applied.
 */
async function growthFactorWhileServing(nodeArgs: string[] = []): Promise<number> {
  const cwd = mkdtempSync(join(tmpdir(), 'infiniproxy-heap-growth-'));
  const run = spawnCli(['serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PROXY_PORT: '0',
      // Nothing listens there; the proxy starts without asking it anything.
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      OPENAI_PROVIDER: 'generic',
      OPENAI_MODEL: 'backend-model',
    },
    cwd,
    nodeArgs: ['--expose-gc', '--trace-gc-verbose', '--import', COLLECT_ON_SIGNAL, ...nodeArgs],
  });
  try {
    while (!/listening on http/.test(run.stdout())) {
      if (run.child.exitCode !== null) throw new Error(`serve exited: ${run.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Start-up's own collections came before serve set the flag; V8 may print through a
    // buffer of its own, so what it printed is read in full once the process has exited.
    const start = run.stdout().length;
    run.child.kill('SIGUSR2');
    while (!LIMIT_LINE.test(run.stdout().slice(start))) {
      if (run.child.exitCode !== null) throw new Error(`serve exited: ${run.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const output = run.child.stdout;
    if (!output.readableEnded) await once(output, 'end');
    const limits = [...run.stdout().matchAll(new RegExp(LIMIT_LINE, 'g'))];
    // The last full collection's: the one asked for, or one after it.
    return Number(limits.at(-1)![1]);
  } finally {
    run.child.kill('SIGKILL');
  }
}

describe('V8 heap growth while serving', () => {
  it('is fixed at twice the live heap once serve starts', async () => {
    expect(await growthFactorWhileServing()).toBe(2);
  });

  it('is left to a --heap-growing-percent node was started with', async () => {
    expect(await growthFactorWhileServing(['--heap-growing-percent=50'])).toBe(1.5);
  });

  it('recognises the flag in either of the spellings V8 accepts', () => {
    expect(heapGrowthFlag([])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(['--expose-gc'])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(['--heap-growing-percent=0'])).toBeUndefined();
    expect(heapGrowthFlag(['--heap_growing_percent=30'])).toBeUndefined();
  });
});
