import { performance } from 'node:perf_hooks';
import type { DoctorContext } from './create-doctor-context.js';
import { describeNetworkError } from './describe-network-error.js';
import type { ProbeId, ProbeOutcome, ProbeResult } from './doctor-report.js';
import { describeProxyError } from './probe-through-proxy.js';

export interface ProbeSpec {
  id: ProbeId;
  title: string;
  required: boolean;
}

export interface ProbeProgress {
  start(title: string): void;
  finish(result: ProbeResult): void;
}

/** Runs one probe, timing it and turning anything it throws into a failed line rather than a crash. */
export async function runProbe(
  spec: ProbeSpec,
  context: DoctorContext,
  progress: ProbeProgress,
  probe: () => Promise<ProbeOutcome>,
): Promise<ProbeResult> {
  progress.start(spec.title);
  const started = performance.now();
  let outcome: ProbeOutcome;
  try {
    outcome = await probe();
  } catch (error) {
    outcome = describeProxyError(error) ?? {
      status: 'failed',
      detail: context.runSignal.aborted
        ? 'the doctor ran out of time'
        : describeNetworkError(error, context.provider.backend.displayUrl),
    };
  }
  const result: ProbeResult = { ...spec, ...outcome, durationMs: Math.round(performance.now() - started) };
  progress.finish(result);
  return result;
}

/** A line for a probe that did not run, saying why. */
export function skippedResult(spec: ProbeSpec, reason: string, progress: ProbeProgress): ProbeResult {
  const result: ProbeResult = { ...spec, status: 'skipped', detail: reason, durationMs: 0 };
  progress.finish(result);
  return result;
}
