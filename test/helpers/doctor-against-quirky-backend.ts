import { afterEach } from 'vitest';
import {
  type CapturedStream,
  type DoctorRun,
  readReport,
  runDoctorInProcess,
} from './run-doctor-in-process.js';
import type { ScriptedBackend } from './scripted-backend.js';
import { type BackendQuirks, startQuirkyBackend } from './start-quirky-backend.js';

/** Extra settings, or a function of the backend's base URL that gives the whole environment. */
export type DoctorEnv = Record<string, string> | ((baseUrl: string) => Record<string, string>);

export interface DoctorAgainst {
  /** Starts a backend with these quirks and runs the doctor against it, configured for backend-model. */
  run(
    quirks: BackendQuirks,
    args?: string[],
    env?: DoctorEnv,
    options?: { stderr?: CapturedStream; probeTimeoutMs?: number },
  ): Promise<DoctorRun & { backend: ScriptedBackend }>;
  /** The same with --json, its report parsed. */
  json(
    quirks: BackendQuirks,
    args?: string[],
    env?: DoctorEnv,
  ): Promise<DoctorRun & { backend: ScriptedBackend; report: ReturnType<typeof readReport> }>;
}

/** For a test file: runs the doctor against quirky scripted backends, each closed after its test. */
export function useDoctorAgainstQuirkyBackends(): DoctorAgainst {
  let backend: ScriptedBackend | undefined;
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
  });
  const run: DoctorAgainst['run'] = async (quirks, args = [], env = {}, options = {}) => {
    backend = await startQuirkyBackend(quirks);
    const environment =
      typeof env === 'function'
        ? env(backend.baseUrl)
        : { OPENAI_BASE_URL: backend.baseUrl, OPENAI_MODEL: 'backend-model', ...env };
    const result = await runDoctorInProcess(args, environment, options);
    return { ...result, backend };
  };
  return {
    run,
    async json(quirks, args = [], env = {}) {
      const result = await run(quirks, ['--json', ...args], env);
      return { ...result, report: readReport(result) };
    },
  };
}
