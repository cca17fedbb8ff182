import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { NotFoundError, RequestTooLargeError } from '../errors.js';
import { finishGatewayRequest } from '../gateway/http/finish-gateway-request.js';
import { registerAdminRoutes } from '../gateway/http/register-admin-routes.js';
import { registerGatewayAuth } from '../gateway/http/register-gateway-auth.js';
import { registerInspector } from '../inspector/register-inspector.js';
import type { AppContext } from './app-context.js';
import { registerAuthHook } from './auth/register-auth-hook.js';
import { createId } from './create-id.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import { registerActivityTracking } from './lifecycle/register-activity-tracking.js';
import { registerJsonParser } from './limits/register-json-parser.js';
import { registerUnreadBodyDrain } from './limits/register-unread-body-drain.js';
import { classifyUpstreamError } from './observability/classify-upstream-error.js';
import { createMetrics, type ProxyMetrics } from './observability/create-metrics.js';
import { registerMetricsRoute } from './observability/register-metrics-route.js';
import { registerRequestObserver } from './observability/register-request-observer.js';
import { createConfigSecretRedactor } from './redact-secrets.js';
import { sendError, toProxyError } from './render-error.js';
import { registerCountTokensRoute } from './routes/count-tokens-route.js';
import { registerMessagesRoute } from './routes/messages-route.js';
import { registerModelsRoutes } from './routes/models-routes.js';
import { registerRootRoutes } from './routes/root-routes.js';

/**
 * How long an answer decided before the body was read (413, 401, 404…) waits for the client
 * to finish uploading: long enough for a few tens of megabytes on a local network.
 */
const BODY_DRAIN_MS = 5000;

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ProxyMetrics;
  }
}

export interface BuildAppOptions {
  /** A pino logger (see createLogger); without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
}

/** Builds the Fastify app without listening, so tests and the CLI share one construction path. */
export function buildApp(context: AppContext, options: BuildAppOptions = {}): FastifyInstance {
  const { config } = context.gateway;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => createId('req_'),
    // One access-log line per request comes from the request observer instead.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    // Requests during shutdown get an Anthropic-shaped error from the activity tracker instead.
    return503OnClosing: false,
    // Errors Fastify raises before routing (a malformed URL) get the same envelope as the rest.
    frameworkErrors: (error, request, reply) => sendError(reply, request, toProxyError(error)),
    // No route declares a JSON Schema (zod validates); ajv loads only if one ever does.
    schemaController: { compilersFactory: lazySchemaCompilers() },
  });

  const metrics = createMetrics({
    streamsInFlight: () => context.activity.streamCount,
    providersCoolingDown: () =>
      context.gateway.providers.all.filter((provider) => provider.health.coolingDown()).length,
  });
  app.decorate('metrics', metrics);
  // Order matters: every request gets its facts and is counted before auth can turn it away.
  const { team } = context;
  registerRequestObserver(app, {
    metrics,
    logBodies: config.debug,
    onReport: team
      ? (request, status, latencyMs) =>
          finishGatewayRequest(team, request, status, latencyMs, context.gateway.config.pricing)
      : undefined,
  });
  registerActivityTracking(app, context.activity);
  if (team) {
    registerGatewayAuth(app, config.proxyApiKeys, team);
    team.registerMetrics(metrics.registry);
  } else {
    registerAuthHook(app, config.proxyApiKeys);
  }
  // After auth, so requests turned away for a missing key are not recorded.
  registerInspector(app, context);
  registerJsonParser(app);
  // A client sending more than four times the limit is not going to stop; close on it instead.
  registerUnreadBodyDrain(app, { maxBytes: 4 * config.bodyLimitBytes, maxMs: BODY_DRAIN_MS });

  const bodyLimitMb = Math.round((config.bodyLimitBytes / 1024 / 1024) * 100) / 100;
  app.setErrorHandler((error, request, reply) => {
    const proxyError =
      (error as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? new RequestTooLargeError(
            `Request body is larger than this proxy's limit of ${bodyLimitMb} MB (BODY_LIMIT_MB)`,
          )
        : toProxyError(error);
    if (request.facts) {
      request.facts.upstreamErrorKind = classifyUpstreamError(proxyError);
      request.facts.errorType = proxyError.type;
    }
    if (proxyError.code === 'INTERNAL') request.log.error({ err: error }, 'unexpected error');
    else
      request.log.warn(
        {
          errorType: proxyError.type,
          message: createConfigSecretRedactor(context.gateway.config)(proxyError.message),
        },
        'request failed',
      );
    return sendError(reply, request, proxyError, createConfigSecretRedactor(context.gateway.config));
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      request,
      new NotFoundError(`No route for ${request.method} ${request.url.split('?')[0]}`),
    ),
  );

  registerRootRoutes(app, context);
  registerMessagesRoute(app, context);
  registerCountTokensRoute(app, context);
  registerModelsRoutes(app, context);
  registerMetricsRoute(app, metrics);
  if (team) registerAdminRoutes(app, team);
  return app;
}
