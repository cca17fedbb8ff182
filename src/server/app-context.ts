import type { Config } from '../config/config.js';
import type { AttemptRecord } from '../dispatch/dispatch.js';
import type { TeamGateway } from '../gateway/create-team-gateway.js';
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
  /** Virtual keys, limits and the ledger; undefined unless the team gateway is on. */
  team?: TeamGateway;
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
  /** The cache and thinking parts of the usage, for the ledger's cost (null: the answer said nothing). */
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  /** The Anthropic error type the client was given (as JSON or an `event: error` frame), if any. */
  errorType: string | null;
  /** The virtual key the request was made with; null for static PROXY_API_KEY keys and open proxies. */
  key: { id: string; name: string } | null;
  /** Every call made to a backend for this request, in order. */
  attempts: AttemptRecord[];
  upstreamErrorKind: UpstreamErrorKind | null;
  /** True when graceful shutdown, not the backend, ended the stream. */
  endedByShutdown: boolean;
}

/** The facts of a request just arrived, nothing learned yet; `known` fills in what is (benchmarks, tests). */
export function createRequestFacts(known?: Partial<RequestFacts>): RequestFacts {
  // What is known is assigned after, only when given: a `= {}` default and a spread cost an
  // empty object and a copy on every request.
  const facts: RequestFacts = {
    startedAt: performance.now(),
    route: null,
    provider: null,
    clientModel: null,
    backendModel: null,
    stream: false,
    timeToFirstTokenMs: null,
    inputTokens: null,
    outputTokens: null,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    errorType: null,
    key: null,
    attempts: [],
    upstreamErrorKind: null,
    endedByShutdown: false,
  };
  return known ? Object.assign(facts, known) : facts;
}
