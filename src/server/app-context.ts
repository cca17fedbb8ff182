import type { Config } from '../config/config.js';
import type { Dialect } from '../dialects/dialect.js';
import type { DialectSelection } from '../dialects/select-dialect.js';
import type { UpstreamClient } from '../upstream/create-upstream-client.js';
import type { ReasoningMemory } from './reasoning-memory.js';

/** Everything a route needs, built once at start-up and passed down explicitly. */
export interface AppContext {
  config: Config;
  dialect: Dialect;
  /** How the dialect was chosen, for the banner and GET /. */
  dialectReason: DialectSelection['reason'];
  upstream: UpstreamClient;
  /** Reasoning behind recent tool calls, kept for backends that need it back; undefined for the others. */
  reasoningMemory: ReasoningMemory | undefined;
  /** Backend silence before a streaming answer gets a `ping`; 10 s unless a test shortens it. */
  streamPingIntervalMs?: number;
}

/** Per-request facts the one-line access log reports. */
export interface RequestFacts {
  clientModel: string | null;
  backendModel: string | null;
  stream: boolean;
  /** Milliseconds from the request to the first content block sent on a stream. */
  timeToFirstTokenMs: number | null;
  /** Output tokens of a streamed answer, as the backend reported them. */
  outputTokens: number | null;
}
