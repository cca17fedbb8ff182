import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRequestFacts, type RequestFacts } from '../app-context.js';
import type { ProxyMetrics } from './create-metrics.js';
import { recordMessageFacts } from './record-answer-facts.js';

declare module 'fastify' {
  interface FastifyRequest {
    facts: RequestFacts;
  }
}

/** nginx's status for a client that closed the connection before the answer was complete. */
const CLIENT_CLOSED_STATUS = 499;

/** Probes and scrapes are not API traffic; counting them would drown the request metrics. */
const UNCOUNTED_ROUTES = new Set(['/', '/health', '/metrics', '/ui']);
/** The inspector's page and its data are not API traffic either. */
const UNCOUNTED_PREFIX = '/ui/';

export interface RequestObserverOptions {
  metrics: ProxyMetrics;
  /** DEBUG: log each client request body (base64 payloads shortened, secrets removed). */
  logBodies: boolean;
  /** Told about every request as it ends, after the log line and metrics (the team gateway's ledger). */
  onReport?: ((request: FastifyRequest, status: number, latencyMs: number) => void) | undefined;
}

/**
 * One access-log line and one metrics update per request, written when the response is
 * closed: after the last byte for a complete answer, or when the client went away mid-stream
 * (Fastify's onResponse never fires then). Routes fill in `request.facts` as they learn things.
 */
export function registerRequestObserver(app: FastifyInstance, options: RequestObserverOptions): void {
  app.decorateRequest('facts', null as unknown as RequestFacts);
  // Callback hooks, not async ones: each async hook costs a promise and a microtask turn on
  // every request.
  app.addHook('onRequest', (request, reply, done) => {
    request.facts = createRequestFacts();
    reply.header('request-id', request.id);
    reply.raw.once('close', () => reportRequest(request, reply, options));
    done();
  });
  app.addHook('preSerialization', (request, _reply, payload, done) => {
    recordMessageFacts(request.facts, payload);
    done(null, payload);
  });
  if (options.logBodies) {
    app.addHook('preHandler', async (request) => {
      if (request.body !== undefined) request.log.debug({ requestBody: request.body }, 'client request');
    });
  }
}

function reportRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  { metrics, onReport }: RequestObserverOptions,
): void {
  const facts = request.facts;
  const complete = reply.raw.writableFinished;
  const status = complete ? reply.raw.statusCode : CLIENT_CLOSED_STATUS;
  const latencyMs = Math.round(performance.now() - facts.startedAt);
  const route = request.routeOptions.url ?? 'unmatched';
  request.log.info(describeRequest(request, facts, status, latencyMs, complete), 'request completed');
  if (!UNCOUNTED_ROUTES.has(route) && !route.startsWith(UNCOUNTED_PREFIX)) {
    metrics.observeRequest({ facts, status, route, latencyMs });
  }
  onReport?.(request, status, latencyMs);
}

/**
 * The access log line's fields: what every request has, and each optional fact only when
 * known. Set on one object rather than spread from several: this runs on every request.
 */
function describeRequest(
  request: FastifyRequest,
  facts: RequestFacts,
  status: number,
  latencyMs: number,
  complete: boolean,
): Record<string, unknown> {
  const line: Record<string, unknown> = { method: request.method, url: request.url, status, latencyMs };
  if (facts.clientModel !== null) {
    line.clientModel = facts.clientModel;
    line.route = facts.route;
    line.provider = facts.provider;
    line.backendModel = facts.backendModel;
    line.stream = facts.stream;
    line.attempts = facts.attempts.length;
    if (facts.attempts.length > 1) line.tried = describeAttempts(facts.attempts);
  }
  if (facts.timeToFirstTokenMs !== null) line.timeToFirstTokenMs = facts.timeToFirstTokenMs;
  if (facts.inputTokens !== null) line.inputTokens = facts.inputTokens;
  if (facts.outputTokens !== null) line.outputTokens = facts.outputTokens;
  if (facts.upstreamErrorKind !== null) line.upstreamError = facts.upstreamErrorKind;
  if (facts.endedByShutdown) line.endedByShutdown = true;
  if (!complete) line.clientClosed = true;
  return line;
}

/** `deepseek/deepseek-v4-pro:UPSTREAM_STATUS 503, local/qwen3:ok`: every attempt in one short field. */
function describeAttempts(attempts: RequestFacts['attempts']): string {
  return attempts
    .map(
      (attempt) =>
        `${attempt.provider}/${attempt.model}:${attempt.outcome}${attempt.status ? ` ${attempt.status}` : ''}`,
    )
    .join(', ');
}
