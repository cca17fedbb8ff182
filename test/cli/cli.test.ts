import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'infiniproxy-cli-'));
const env = { PATH: process.env.PATH, HOME: cwd };

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('infiniproxy CLI', () => {
  it('prints usage with the commands, the --config option and the model variables for --help', async () => {
    const run = spawnCli(['--help'], { env, cwd });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/^ {2}code \[--print-env\] \[claude args\.\.\.\] +start the proxy/m);
    expect(run.stdout()).toMatch(/^ {2}models \[--json\] +list each provider's models/m);
    expect(run.stdout()).toMatch(/^ {2}config check \[FILE\] \| print +validate/m);
    expect(run.stdout()).toMatch(/^ {2}--config <file> +read providers and routes/m);
    for (const variable of [
      'INFINIPROXY_CONFIG',
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

  it('prints the same help for "help"', async () => {
    const help = spawnCli(['help'], { env, cwd });
    const flag = spawnCli(['--help'], { env, cwd });
    expect(await help.exited).toBe(0);
    expect(await flag.exited).toBe(0);
    expect(help.stdout()).toBe(flag.stdout());
  });

  it('exits 2 naming an unknown command', async () => {
    const run = spawnCli(['frobnicate'], { env, cwd });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toBe(
      'infiniproxy: unknown command \'frobnicate\'\nRun "infiniproxy --help" to see its usage.\n',
    );
  });

  it('exits 2 with one line and a pointer to the help for an unknown option', async () => {
    const run = spawnCli(['serve', '--bogus'], { env, cwd });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toBe(
      'infiniproxy serve: unknown option \'--bogus\'\nRun "infiniproxy serve --help" to see its usage.\n',
    );
  });
});
