import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'infiniproxy-cli-'));
const env = { PATH: process.env.PATH, HOME: cwd };

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('infiniproxy CLI', () => {
  it('prints usage with the code command and the model variables for --help', async () => {
    const run = spawnCli(['--help'], { env, cwd });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('infiniproxy code [claude args]');
    for (const variable of [
      'OPENAI_MODEL',
      'BIG_MODEL',
      'MIDDLE_MODEL',
      'SMALL_MODEL',
      'OPENAI_PROVIDER',
      'MAX_OUTPUT_TOKENS',
    ]) {
      expect(run.stdout()).toContain(variable);
    }
  });

  it('exits 2 naming an unknown command', async () => {
    const run = spawnCli(['frobnicate'], { env, cwd });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('unknown command "frobnicate"');
  });
});
