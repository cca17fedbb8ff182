import type { Config } from '../config/config.js';
import type { AttemptRecord } from '../dispatch/dispatch.js';
import type { ProviderRegistry } from '../providers/create-provider-registry.js';
import type { TokenCounter } from '../tokens/create-token-counter.js';
import type { ActivityRegistry } from './lifecycle/create-activity-registry.js';
import type { UpstreamErrorKind } from './observability/classify-upstream-error.js';

/** The configuration in effect and the providers built from it; a reload swaps both at once. */
export interface Gateway {
  config: Config;
  providers: ProviderRegistry;
}

/** Everything a route needs, built once at start-up and passed down explicitly. */
export interface AppContext {
  /** Read once per request: a request in flight keeps the gateway it started with. */
  gateway: Gateway;
  /** The count_tokens tokenizer, shared by that route and the long_context threshold. */
  tokenCounter: TokenCounter;
  /** Requests and streams in flight, for graceful shutdown and the in-flight gauge. */
  activity: ActivityRegistry;
  /** Backend silence before a streaming answer gets a `ping`; 10 s unless a test shortens it. */
  streamPingIntervalMs?: number;
}

/** Per-request facts the one-line access log and the metrics report; routes fill them in. */
export interface RequestFacts {
  /** performance.now() when the request arrived; latency and time to first token count from here. */
  startedAt: number;
  /** The route that matched (`default`, `haiku`, `models.fast`, …). */
  route: string | null;
  /** The provider that served the answer (or failed last). */
  provider: string | null;
  clientModel: string | null;
  backendModel: string | null;
  stream: boolean;
  /** Milliseconds from the request to the first content block sent on a stream. */
  timeToFirstTokenMs: number | null;
  /** Token counts of the answer, as the backend reported them. */
  inputTokens: number | null;
  outputTokens: number | null;
  /** Input tokens the backend served from its prompt cache. */
  cachedInputTokens: number | null;
  /** Every call made to a backend for this request, in order. */
  attempts: AttemptRecord[];
  upstreamErrorKind: UpstreamErrorKind | null;
  /** True when graceful shutdown, not the backend, ended the stream. */
  endedByShutdown: boolean;
}
