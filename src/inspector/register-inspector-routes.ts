import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, ProxyError } from '../errors.js';
import { mayInspect } from './check-inspector-access.js';
import type { Inspector } from './create-inspector.js';
import { loadUiAssets } from './load-ui-assets.js';
import { createFeedRegistry, streamExchanges } from './stream-exchanges.js';

export interface InspectorRouteOptions {
  /** PROXY_API_KEY is set: the auth hook checks a key on every data route. */
  keysConfigured: boolean;
}

/**
 * The page keeps everything it runs in its own files and reaches only this proxy: no inline
 * script, nothing from elsewhere. Bodies are shown as text, and this stops anything in them
 * that slips through from running or phoning home.
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * GET /ui (the page), /ui/assets/* (its files), and the data the page reads with the proxy
 * key: /ui/api/exchanges (summaries; ?q= searches the bodies, ?key= keeps one virtual key's
 * exchanges, ?key=none those made without one), /ui/api/exchanges/:id (one exchange whole),
 * /ui/api/usage (requests, tokens and cost by virtual key) and /ui/api/events (the live
 * feed, as server-sent events).
 */
export function registerInspectorRoutes(
  app: FastifyInstance,
  inspector: Inspector,
  options: InspectorRouteOptions,
): void {
  const assets = loadUiAssets();
  const guard = async (request: FastifyRequest) => {
    if (!mayInspect(options.keysConfigured, request.socket.remoteAddress)) {
      throw new ProxyError(
        'INSPECTOR_LOOPBACK_ONLY',
        'permission_error',
        'The inspector answers only clients on this machine; set PROXY_API_KEY to open it to others',
      );
    }
  };

  const sendAsset = (reply: FastifyReply, name: string) => {
    const asset = assets.get(name);
    if (!asset) throw new NotFoundError(`No inspector file named ${name}`);
    return reply
      .headers(PAGE_HEADERS)
      .header('cache-control', 'no-cache')
      .type(asset.contentType)
      .send(asset.body);
  };

  const page = { config: { withoutProxyKey: true }, onRequest: guard };
  app.get('/ui', page, (_request, reply) => sendAsset(reply, 'index.html'));
  app.get('/ui/', page, (_request, reply) => sendAsset(reply, 'index.html'));
  app.get<{ Params: { name: string } }>('/ui/assets/:name', page, (request, reply) =>
    sendAsset(reply, request.params.name),
  );

  const data = { onRequest: guard };
  app.get<{ Querystring: { q?: unknown; key?: unknown } }>('/ui/api/exchanges', data, (request, reply) => {
    const { q, key } = request.query;
    reply.header('cache-control', 'no-store');
    const exchanges = inspector.search({
      text: typeof q === 'string' ? q : '',
      keyId: typeof key === 'string' && key !== '' ? key : undefined,
    });
    return { capacity: inspector.store.capacity, exchanges };
  });
  app.get<{ Params: { id: string } }>('/ui/api/exchanges/:id', data, (request, reply) => {
    const exchange = inspector.store.get(request.params.id);
    if (!exchange) throw new NotFoundError(`No exchange ${request.params.id} is kept (any more)`);
    reply.header('cache-control', 'no-store');
    return exchange.record();
  });
  app.get('/ui/api/usage', data, (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { exchanges: inspector.store.size, keys: inspector.usageByKey() };
  });
  const feeds = createFeedRegistry(app);
  app.get('/ui/api/events', data, (request, reply) => streamExchanges(inspector, feeds, request, reply));
}
