import type { DialectName } from '../../dialects/dialect.js';

/** `not-supported`: the backend lacks the feature but nothing is broken; `skipped`: an earlier failure made the probe pointless. */
export type ProbeStatus = 'ok' | 'failed' | 'not-supported' | 'skipped';

export type ProbeId =
  | 'reachability'
  | 'models-list'
  | 'plain-completion'
  | 'streamed-completion'
  | 'stream-usage'
  | 'forced-tool-call'
  | 'reasoning'
  | 'output-cap'
  | 'proxy-text'
  | 'proxy-stream'
  | 'proxy-tool-call';

/** What one probe found, before the runner adds its name and the time it took. */
export interface ProbeOutcome {
  status: ProbeStatus;
  /** One line saying what was seen. */
  detail: string;
  /** The backend's (or proxy's) own error message, verbatim, when it failed. */
  backendError?: string;
}

export interface ProbeResult extends ProbeOutcome {
  id: ProbeId;
  title: string;
  /** True when Claude Code cannot work unless this probe is ok. */
  required: boolean;
  durationMs: number;
}

export interface Suggestion {
  /** Stable identifier, for scripts reading --json. */
  code: string;
  message: string;
}

export interface DoctorReport {
  backend: {
    /** The provider probed (`default` for an environment-only configuration). */
    provider: string;
    url: string;
    dialect: DialectName;
    dialectLabel: string;
    dialectReason: string;
    model: string | undefined;
    modelSource: string;
  };
  probes: ProbeResult[];
  suggestions: Suggestion[];
  /** True when everything Claude Code needs works: the exit status is 0 exactly then. */
  ok: boolean;
}
