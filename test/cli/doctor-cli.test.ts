import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/cli/doctor/doctor-report.js';
import type { ScriptedBackend } from '../helpers/scripted-backend.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { startQuirkyBackend } from '../helpers/start-quirky-backend.js';

const cwd = mkdtempSync(join(tmpdir(), 'infiniproxy-doctor-'));
const baseEnv = { PATH: process.env.PATH, HOME: cwd };
let backend: ScriptedBackend | undefined;

afterEach(async () => {
  await backend?.close();
  backend = undefined;
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('infiniproxy doctor as a command', () => {
  it('reads the backend from .env, prints the JSON report on stdout and exits 0 for a healthy backend', async () => {
    backend = await startQuirkyBackend({});
    writeFileSync(join(cwd, '.env'), `OPENAI_BASE_URL=${backend.baseUrl}\nOPENAI_MODEL=backend-model\n`);
    const run = spawnCli(['doctor', '--json'], { env: baseEnv, cwd });
    expect(await run.exited).toBe(0);
    const report = JSON.parse(run.stdout()) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.backend.url).toBe(backend.baseUrl);
    expect(run.stderr()).toContain('checking forced tool call…');
  });

  it('prints text lines and exits 1 when tool calls come back as text', async () => {
    backend = await startQuirkyBackend({ toolCallsAsText: true });
    const env = { ...baseEnv, OPENAI_BASE_URL: backend.baseUrl, OPENAI_MODEL: 'backend-model' };
    const run = spawnCli(['doctor'], { env, cwd });
    expect(await run.exited).toBe(1);
    expect(run.stdout()).toMatch(/^ {2}FAILED +forced tool call +the call came back as text/m);
    expect(run.stdout()).toContain('Claude Code will not work well yet: forced tool call, proxy: tool call');
  });

  it('exits 2 for an unknown option', async () => {
    const run = spawnCli(['doctor', '--bogus'], { env: baseEnv, cwd });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain("infiniproxy doctor: unknown option '--bogus'");
  });

  it('lists the doctor command in --help', async () => {
    const run = spawnCli(['--help'], { env: baseEnv, cwd });
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/^ {2}doctor \[options\] +check the configured backends/m);
  });

  it('shows its own options for doctor --help and help doctor alike', async () => {
    const direct = spawnCli(['doctor', '--help'], { env: baseEnv, cwd });
    const viaHelp = spawnCli(['help', 'doctor'], { env: baseEnv, cwd });
    expect(await direct.exited).toBe(0);
    expect(await viaHelp.exited).toBe(0);
    for (const option of ['--model <model>', '--provider <name>', '--json']) {
      expect(direct.stdout()).toContain(option);
    }
    expect(viaHelp.stdout()).toBe(direct.stdout());
  });
});
