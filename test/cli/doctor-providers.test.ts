import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/cli/doctor/doctor-report.js';
import { runDoctor } from '../../src/cli/doctor-command.js';
import { capture, runDoctorInProcess } from '../helpers/run-doctor-in-process.js';
import type { ScriptedBackend } from '../helpers/scripted-backend.js';
import { startQuirkyBackend } from '../helpers/start-quirky-backend.js';
import { writeConfigFile } from '../helpers/write-config-file.js';

const backends: ScriptedBackend[] = [];
afterEach(async () => {
  for (const backend of backends.splice(0)) await backend.close();
});

async function twoProviders(): Promise<{ path: string; healthy: ScriptedBackend; broken: ScriptedBackend }> {
  const healthy = await startQuirkyBackend();
  const broken = await startQuirkyBackend({ requiredKey: 'sk-the-right-key-9876', models: ['small-model'] });
  backends.push(healthy, broken);
  const path = writeConfigFile(
    [
      'providers:',
      `  healthy: { base_url: "${healthy.baseUrl}" }`,
      `  broken: { base_url: "${broken.baseUrl}", api_key: "sk-broken-key-123456" }`,
      'routes:',
      '  default: healthy/backend-model',
      '  haiku: broken/small-model',
      '',
    ].join('\n'),
  );
  return { path, healthy, broken };
}

async function doctor(args: string[], path: string) {
  const stdout = capture();
  const stderr = capture();
  const code = await runDoctor(args, {
    env: {},
    envFile: null,
    stdout,
    stderr,
    probeTimeoutMs: 5_000,
    configPath: path,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('infiniproxy doctor with a config file', () => {
  it('probes every provider, each with the model its routes send it, and fails when one is broken', async () => {
    const { path } = await twoProviders();
    const run = await doctor(['--json'], path);
    const report = JSON.parse(run.stdout) as { ok: boolean; providers: DoctorReport[] };
    expect(run.code).toBe(1);
    expect(report.ok).toBe(false);
    expect(
      report.providers.map((entry) => [
        entry.backend.provider,
        entry.backend.model,
        entry.backend.modelSource,
        entry.ok,
      ]),
    ).toEqual([
      ['healthy', 'backend-model', 'routes.default', true],
      ['broken', 'small-model', 'routes.haiku', false],
    ]);
    expect(report.providers[1]!.suggestions.map((suggestion) => suggestion.message).join(' ')).toContain(
      'providers.broken.api_key',
    );
    expect(run.stdout).not.toContain('sk-broken-key-123456');
  });

  it('probes one provider with --provider, and only that one', async () => {
    const { path, broken } = await twoProviders();
    const run = await doctor(['--provider', 'healthy', '--json'], path);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as DoctorReport).backend).toMatchObject({
      provider: 'healthy',
      model: 'backend-model',
    });
    expect(broken.requests).toHaveLength(0);
  });

  it('names the configured providers when --provider names none of them', async () => {
    const { path } = await twoProviders();
    const run = await doctor(['--provider', 'nope'], path);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no provider is named "nope"; the configuration has healthy, broken');
  });

  it('keeps the single report shape for an environment-only configuration', async () => {
    const healthy = await startQuirkyBackend();
    backends.push(healthy);
    const run = await runDoctorInProcess(['--json'], {
      OPENAI_BASE_URL: healthy.baseUrl,
      OPENAI_MODEL: 'backend-model',
    });
    expect((JSON.parse(run.stdout) as DoctorReport).backend).toMatchObject({
      provider: 'default',
      modelSource: 'OPENAI_MODEL',
    });
  });
});
