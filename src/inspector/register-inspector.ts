import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  onSendHookHandler,
} from 'fastify';
import type { Config } from '../config/config.js';
import type { AppContext } from '../server/app-context.js';
import { createConfigSecretRedactor } from '../server/redact-secrets.js';
import { createBodyArena } from './body-arena.js';
import {
  type CaptureSettings,
  createExchangeCapture,
  type ExchangeCapture,
} from './create-exchange-capture.js';
import { createInspector } from './create-inspector.js';
import { createRingStore, oldestArenaPosition } from './exchange-store.js';
import { registerInspectorRoutes } from './register-inspector-routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The inspector's record of this exchange; null for other routes and when INSPECTOR=false. */
    exchange: ExchangeCapture | null;
  }
}

/** nginx's status for a client that closed the connection before the answer was complete. */
const CLIENT_CLOSED_STATUS = 499;

/**
 * The inspector: records each POST /v1/messages exchange into a ring and serves the page
 * at /ui. With INSPECTOR=false only the `exchange` decoration is added (always null), so the
 * hooks in the hot path are a null check and nothing else.
 */
export function registerInspector(app: FastifyInstance, context: AppContext): void {
  // Declared with its final type's null so every request object keeps one shape.
  app.decorateRequest('exchange', null);
  const inspectorConfig = context.gateway.config.inspector;
  if (!inspectorConfig.enabled) return;
  const store = createRingStore(inspectorConfig.maxExchanges);
  const inspector = createInspector(store);
  const maxChars = inspectorConfig.maxBodyKb * 1024;
  // Segments are added only as far as the exchanges in the ring need, and given back after: light traffic keeps it small.
  const arena = createBodyArena(arenaCapacity(inspectorConfig.maxExchanges, maxChars), {
    oldestInUse: () => oldestArenaPosition(store),
  });

  // Made once per configuration (a reload brings new keys to redact and new prices), never per
  // request: a function made in the hook would keep the hook's request alive with every record.
  let settingsOf: Config | undefined;
  let settings: CaptureSettings | undefined;
  const captureSettings = (): CaptureSettings => {
    const { config } = context.gateway;
    if (settings === undefined || settingsOf !== config) {
      settingsOf = config;
      settings = {
        maxChars,
        arena,
        redact: createConfigSecretRedactor(config),
        pricing: config.pricing,
        onStart: (exchange) => inspector.put(exchange),
      };
    }
    return settings;
  };
  const startCapture: onRequestHookHandler = (request, reply, done) => {
    const capture = createExchangeCapture(captureSettings(), request.id, request.headers, request.facts);
    request.exchange = capture;
    reply.raw.once('close', () => finish(request, reply, capture));
    done();
  };
  const keepAnswer: onSendHookHandler = (request, _reply, payload, done) => {
    if (request.exchange && typeof payload === 'string') request.exchange.clientAnswer(payload);
    done(null, payload);
  };
  // Attached to POST /v1/messages alone (after the global hooks: the request's facts exist and
  // its key was checked), so no other route pays for the inspector at all.
  app.addHook('onRoute', (route) => {
    if (route.url !== '/v1/messages' || route.method !== 'POST') return;
    route.onRequest = [...asList(route.onRequest), startCapture];
    route.onSend = [...asList(route.onSend), keepAnswer];
  });

  function finish(request: FastifyRequest, reply: FastifyReply, capture: ExchangeCapture): void {
    // What the client saw, taken now: the record itself may wait for the backend's last bytes.
    const status = reply.raw.writableFinished ? reply.raw.statusCode : CLIENT_CLOSED_STATUS;
    const latencyMs = Math.round(performance.now() - request.facts.startedAt);
    capture.afterStreams(() =>
      inspector.put(capture.finish(status, latencyMs, { bytes: request.rawBody, body: request.body })),
    );
  }

  // With the team gateway, ADMIN_API_KEY opens the inspector's data too (its auth hook asks for a key).
  const keysConfigured =
    context.gateway.config.proxyApiKeys.length > 0 || context.team?.adminApiKey !== undefined;
  registerInspectorRoutes(app, inspector, { keysConfigured });
}

/** The most memory the bodies of the ring take: enough for every exchange's limit, within 64 MiB. */
const MAX_ARENA_BYTES = 64 * 1024 * 1024;

/**
 * One limit's worth per exchange kept, at most MAX_ARENA_BYTES, and never less than four
 * limits, so any one body within the limit fits (up to three UTF-8 bytes a character).
 */
function arenaCapacity(maxExchanges: number, maxChars: number): number {
  return Math.max(4 * maxChars, Math.min(maxExchanges * maxChars, MAX_ARENA_BYTES));
}

function asList<T>(hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}
