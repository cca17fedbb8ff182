import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { NotFoundError } from '../errors.js';
import type { AppContext, RequestFacts } from './app-context.js';
import { createId } from './create-id.js';
import { createSecretRedactor } from './redact-secrets.js';
import { sendError, toProxyError } from './render-error.js';
import { registerCountTokensRoute } from './routes/count-tokens-route.js';
import { registerMessagesRoute } from './routes/messages-route.js';
import { registerModelsRoutes } from './routes/models-routes.js';
import { registerRootRoutes } from './routes/root-routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    facts: RequestFacts;
  }
}

export interface BuildAppOptions {
  /** Fastify logger options; false silences logs (tests). */
  logger?: FastifyServerOptions['logger'];
  bodyLimit?: number;
}

const DEFAULT_BODY_LIMIT = 32 * 1024 * 1024;

/** Builds the Fastify app without listening, so tests and the CLI share one construction path. */
export function buildApp(context: AppContext, options: BuildAppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    genReqId: () => createId('req_'),
    // One access-log line per request comes from the onResponse hook below instead.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    return503OnClosing: true,
  });

  app.decorateRequest('facts', null as unknown as RequestFacts);
  app.addHook('onRequest', async (request, reply) => {
    request.facts = {
      clientModel: null,
      backendModel: null,
      stream: false,
      timeToFirstTokenMs: null,
      outputTokens: null,
    };
    reply.header('request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const { clientModel, backendModel, stream, timeToFirstTokenMs, outputTokens } = request.facts;
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        latencyMs: Math.round(reply.elapsedTime),
        ...(clientModel ? { clientModel, backendModel, stream } : {}),
        ...(timeToFirstTokenMs !== null ? { timeToFirstTokenMs } : {}),
        ...(outputTokens !== null ? { outputTokens } : {}),
      },
      'request completed',
    );
  });

  const redact = createSecretRedactor([context.config.backend.apiKey]);
  app.setErrorHandler((error, request, reply) => {
    const proxyError = toProxyError(error);
    if (proxyError.code === 'INTERNAL') request.log.error({ err: error }, 'unexpected error');
    else
      request.log.warn({ errorType: proxyError.type, message: redact(proxyError.message) }, 'request failed');
    return sendError(reply, request, proxyError, redact);
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
  return app;
}
