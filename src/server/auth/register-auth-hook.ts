import type { FastifyInstance } from 'fastify';
import { AuthenticationError } from '../../errors.js';
import { createKeyMatcher } from './create-key-matcher.js';
import { readPresentedKeys } from './read-presented-keys.js';

/** Discovery and health stay open so probes (Claude Code's HEAD /, load balancers) need no key. */
const OPEN_ROUTES = new Set(['/', '/health']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route needs no proxy key: it serves only static files holding no data (the
     * inspector's page, which asks for the key itself and sends it with every data request).
     */
    withoutProxyKey?: boolean;
  }
}

/**
 * Requires one of PROXY_API_KEY's keys on every route except the open ones: /v1/*, /metrics,
 * and paths that match no route (so an unauthenticated caller cannot map the API by its
 * 404s). The decision uses the matched route, not the raw URL, so percent-encoding or
 * extra slashes cannot route to a handler while skipping the check.
 */
export function registerAuthHook(app: FastifyInstance, keys: readonly string[]): void {
  if (keys.length === 0) return;
  const matches = createKeyMatcher(keys);
  // A callback hook: an async one costs a promise and a microtask turn on every request.
  app.addHook('onRequest', (request, _reply, done) => {
    // One read: routeOptions builds a new object on every access.
    const { url: route, config } = request.routeOptions;
    if (route !== undefined && (OPEN_ROUTES.has(route) || config?.withoutProxyKey)) return done();
    const presented = readPresentedKeys(request.headers);
    if (presented.length === 0) {
      return done(
        new AuthenticationError(
          'This proxy requires an API key: send it as x-api-key or Authorization: Bearer (PROXY_API_KEY on the proxy)',
        ),
      );
    }
    // Evaluate every presented key so a client sending both headers is not told which failed.
    let accepted = false;
    for (const key of presented) accepted = matches(key) || accepted;
    if (!accepted) return done(new AuthenticationError('Invalid API key for this proxy'));
    done();
  });
}
