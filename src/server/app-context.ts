import type { Config } from '../config/config.js';
import type { Dialect } from '../dialects/dialect.js';
import type { DialectSelection } from '../dialects/select-dialect.js';
import type { UpstreamClient } from '../upstream/create-upstream-client.js';
import type { ActivityRegistry } from './lifecycle/create-activity-registry.js';
import type { UpstreamErrorKind } from './observability/classify-upstream-error.js';
import type { ReasoningMemory } from './reasoning-memory.js';

/** Everything a route needs, built once at start-up and passed down explicitly. */
export interface AppContext {
  config: Config;
  dialect: Dialect;
  /** How the dialect was chosen, for the banner and GET /. */
  dialectReason: DialectSelection['reason'];
  upstream: UpstreamClient;
  /** Reasoning behind recent tool calls, kept for backends that need it back; undefined for the others. */
  reasoningMemory?: ReasoningMemory | undefined;
  /** Requests and streams in flight, for graceful shutdown and the in-flight gauge. */
  activity: ActivityRegistry;
  /** Backend silence before a streaming answer gets a `ping`; 10 s unless a test shortens it. */
  streamPingIntervalMs?: number;
}

/** Per-request facts the one-line access log and the metrics report; routes fill them in. */
export interface RequestFacts {
  /** performance.now() when the request arrived; latency and time to first token count from here. */
  startedAt: number;
  /** The backend dialect's name. */
  provider: string;
  clientModel: string | null;
  backendModel: string | null;
  stream: boolean;
  /** Milliseconds from the request to the first content block sent on a stream. */
  timeToFirstTokenMs: number | null;
  /** Token counts of the answer, as the backend reported them. */
  inputTokens: number | null;
  outputTokens: number | null;
  /** Calls made to the backend for this request. */
  attempts: number;
  upstreamErrorKind: UpstreamErrorKind | null;
  /** True when graceful shutdown, not the backend, ended the stream. */
  endedByShutdown: boolean;
}
