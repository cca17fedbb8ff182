import type { DoctorReport, ProbeId, ProbeResult } from '../../src/cli/doctor/doctor-report.js';
import { type DoctorIo, runDoctor } from '../../src/cli/doctor-command.js';

export interface CapturedStream {
  text: string;
  isTTY?: boolean;
  write(chunk: string): boolean;
}

/** A stdout or stderr stand-in that keeps what is written; `isTTY` makes it look like a terminal. */
export function capture(isTTY = false): CapturedStream {
  return {
    text: '',
    isTTY,
    write(chunk) {
      this.text += chunk;
      return true;
    },
  };
}

export interface DoctorRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `infiniproxy doctor` in this process with exactly this environment (no .env) and captured output. */
export async function runDoctorInProcess(
  args: readonly string[],
  env: Record<string, string>,
  options: { stderr?: CapturedStream; probeTimeoutMs?: number } = {},
): Promise<DoctorRun> {
  const stdout = capture();
  const stderr = options.stderr ?? capture();
  const io: DoctorIo = {
    env,
    envFile: null,
    stdout,
    stderr,
    probeTimeoutMs: options.probeTimeoutMs ?? 5_000,
  };
  const code = await runDoctor(args, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The --json report of a run. */
export function readReport(run: DoctorRun): DoctorReport {
  return JSON.parse(run.stdout) as DoctorReport;
}

export function probeOf(report: DoctorReport, id: ProbeId): ProbeResult {
  const found = report.probes.find((result) => result.id === id);
  if (!found) throw new Error(`no ${id} probe in the report`);
  return found;
}

export function suggestionCodes(report: DoctorReport): string[] {
  return report.suggestions.map((suggestion) => suggestion.code);
}
