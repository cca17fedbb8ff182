import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestFacts } from '../app-context.js';

export interface CompletedRequest {
  facts: RequestFacts;
  /** The HTTP status, or 499 when the client left before the answer was complete. */
  status: number;
  /** The matched route template, e.g. /v1/messages; "unmatched" for 404s. */
  route: string;
  latencyMs: number;
}

export interface ProxyMetrics {
  registry: Registry;
  observeRequest(request: CompletedRequest): void;
}

/** Model names come from clients; past this many distinct values they are counted as "other". */
const MAX_MODEL_LABELS = 64;

/**
 * The proxy's Prometheus metrics, in a registry of their own so two apps in one process
 * (tests, `infiniproxy code` next to a server) never share counters.
 */
export interface MetricsSources {
  streamsInFlight: () => number;
  /** Providers sitting out a cooldown right now. */
  providersCoolingDown: () => number;
}

export function createMetrics(sources: MetricsSources): ProxyMetrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: 'infiniproxy_requests_total',
    help: 'Requests by HTTP status (499: client closed), backend model, provider and route ("unmatched" for unknown paths)',
    labelNames: ['status', 'model', 'provider', 'route'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'infiniproxy_request_duration_seconds',
    help: 'Time from request to the end of the response (the whole stream for streaming answers)',
    labelNames: ['route', 'provider', 'stream'] as const,
    buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers,
  });
  const timeToFirstToken = new Histogram({
    name: 'infiniproxy_time_to_first_token_seconds',
    help: 'Time from request to the first content block of a streaming answer',
    labelNames: ['provider'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers,
  });
  const tokens = new Counter({
    name: 'infiniproxy_tokens_total',
    help: 'Tokens as the backend reported them, by direction (input or output)',
    labelNames: ['direction', 'provider'] as const,
    registers,
  });
  const upstreamErrors = new Counter({
    name: 'infiniproxy_upstream_errors_total',
    help: 'Backend failures by kind: status, unreachable, timeout, protocol, reported, stream',
    labelNames: ['kind'] as const,
    registers,
  });
  const providerAttempts = new Counter({
    name: 'infiniproxy_provider_attempts_total',
    help: 'Calls to each provider by outcome: ok, or the failure code (UPSTREAM_STATUS, UPSTREAM_TIMEOUT, …)',
    labelNames: ['provider', 'outcome'] as const,
    registers,
  });
  const providerRetries = new Counter({
    name: 'infiniproxy_provider_retries_total',
    help: 'Calls to a provider that repeated a failed call to the same provider for the same request',
    labelNames: ['provider'] as const,
    registers,
  });
  new Gauge({
    name: 'infiniproxy_streams_in_flight',
    help: 'Streaming answers open right now',
    registers,
    collect() {
      this.set(sources.streamsInFlight());
    },
  });
  new Gauge({
    name: 'infiniproxy_providers_cooling_down',
    help: 'Providers skipped right now after too many failures in a row',
    registers,
    collect() {
      this.set(sources.providersCoolingDown());
    },
  });
  const modelLabel = createBoundedLabel(MAX_MODEL_LABELS);

  return {
    registry,
    observeRequest({ facts, status, route, latencyMs }) {
      const provider = facts.provider ?? 'none';
      let previous: string | undefined;
      for (const attempt of facts.attempts) {
        providerAttempts.inc({ provider: attempt.provider, outcome: attempt.outcome });
        if (attempt.provider === previous) providerRetries.inc({ provider: attempt.provider });
        previous = attempt.provider;
      }
      requests.inc({ status: String(status), model: modelLabel(facts.backendModel ?? ''), provider, route });
      duration.observe({ route, provider, stream: String(facts.stream) }, latencyMs / 1000);
      if (facts.timeToFirstTokenMs !== null) {
        timeToFirstToken.observe({ provider }, facts.timeToFirstTokenMs / 1000);
      }
      if (facts.inputTokens) tokens.inc({ direction: 'input', provider }, facts.inputTokens);
      if (facts.outputTokens) tokens.inc({ direction: 'output', provider }, facts.outputTokens);
      if (facts.upstreamErrorKind !== null) upstreamErrors.inc({ kind: facts.upstreamErrorKind });
    },
  };
}

/** Label values longer than this are cut, so a label never costs more than a short string. */
const MAX_LABEL_LENGTH = 128;

/** Keeps the first `max` distinct values and maps the rest to "other", so label cardinality stays bounded. */
function createBoundedLabel(max: number): (value: string) => string {
  const seen = new Set<string>();
  return (raw) => {
    const value = raw.slice(0, MAX_LABEL_LENGTH);
    if (seen.has(value)) return value;
    if (seen.size >= max) return 'other';
    seen.add(value);
    return value;
  };
}
