import { ConfigError, type Environment, loadConfig } from '../config/load-config.js';
import { describeDialectReason } from '../dialects/describe-dialect-reason.js';
import { createConfigSecretRedactor } from '../server/redact-secrets.js';
import { NAME } from '../version.js';
import { renderUsageError } from './apply-cli-conventions.js';
import { createDoctorContext, type DoctorContext } from './doctor/create-doctor-context.js';
import { createProgress, type ProgressStream } from './doctor/create-progress.js';
import type { DoctorReport } from './doctor/doctor-report.js';
import { parseDoctorArgs, renderDoctorHelp } from './doctor/parse-doctor-args.js';
import { redactReport } from './doctor/redact-report.js';
import { renderJsonReport, renderReport } from './doctor/render-report.js';
import { runDoctorProbes } from './doctor/run-doctor-probes.js';
import { suggestFixes } from './doctor/suggest-fixes.js';

export interface DoctorIo {
  env: Environment;
  /** The .env file read for settings the environment lacks; null reads none. */
  envFile: string | null;
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** `--config FILE` given before the command; INFINIPROXY_CONFIG is read from env otherwise. */
  configPath?: string | undefined;
  /** Longest one backend call may take; default the smaller of TIMEOUT and 30 s. */
  probeTimeoutMs?: number;
  /** Longest the whole run may take. */
  runTimeoutMs?: number;
}

const DEFAULT_PROBE_TIMEOUT_MS = 30_000;
const DEFAULT_RUN_TIMEOUT_MS = 180_000;

export const DOCTOR_USAGE = renderDoctorHelp();

/** `infiniproxy doctor`: 0 when Claude Code's needs are met, 1 when not (or the configuration is invalid), 2 for bad arguments. */
export async function runDoctor(args: readonly string[], io: DoctorIo = defaultDoctorIo()): Promise<number> {
  const parsed = parseDoctorArgs(args);
  if ('error' in parsed) {
    io.stderr.write(renderUsageError(`${NAME} doctor`, parsed.error));
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(DOCTOR_USAGE);
    return 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(io.env, io.envFile, { configPath: io.configPath });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${NAME}: ${error.message}\n`);
    return 1;
  }
  const providers = parsed.provider
    ? config.providers.filter((provider) => provider.name === parsed.provider)
    : config.providers;
  if (providers.length === 0) {
    io.stderr.write(
      `${NAME} doctor: no provider is named "${parsed.provider}"; the configuration has ${config.providers.map((provider) => provider.name).join(', ')}\n`,
    );
    return 2;
  }
  const runSignal = AbortSignal.timeout(io.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS);
  const reports: DoctorReport[] = [];
  for (const provider of providers) {
    const probeTimeoutMs =
      io.probeTimeoutMs ?? Math.min(provider.timeouts.firstByteMs, DEFAULT_PROBE_TIMEOUT_MS);
    const context = createDoctorContext(config, provider, {
      modelOverride: parsed.model,
      probeTimeoutMs,
      runSignal,
    });
    reports.push(await examineProvider(context, io));
  }
  if (parsed.json) {
    io.stdout.write(
      reports.length === 1
        ? renderJsonReport(reports[0]!)
        : `${JSON.stringify({ ok: reports.every((report) => report.ok), providers: reports }, null, 2)}\n`,
    );
  } else {
    io.stdout.write(reports.map(renderReport).join('\n'));
  }
  return reports.every((report) => report.ok) ? 0 : 1;
}

/** Every probe against one provider, as a report with the configuration's secrets removed. */
async function examineProvider(context: DoctorContext, io: DoctorIo): Promise<DoctorReport> {
  const progress = createProgress(io.stderr);
  try {
    const probes = await runDoctorProbes(context, progress);
    return redactReport(
      {
        backend: {
          provider: context.provider.name,
          url: context.provider.backend.displayUrl,
          dialect: context.dialect.name,
          dialectLabel: context.dialect.label,
          dialectReason: describeDialectReason(context.dialectReason),
          model: context.model,
          modelSource: context.modelSource,
        },
        probes,
        suggestions: suggestFixes(context, probes),
        ok: probes.every((probe) => !probe.required || probe.status === 'ok'),
      },
      createConfigSecretRedactor(context.config),
    );
  } finally {
    progress.stop();
    await context.upstream.close().catch(() => undefined);
  }
}

export function defaultDoctorIo(): DoctorIo {
  return { env: process.env, envFile: '.env', stdout: process.stdout, stderr: process.stderr };
}
