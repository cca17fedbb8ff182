import type { FastifyInstance } from 'fastify';
import { ProxyError } from '../../errors.js';
import type { ActivityRegistry } from './create-activity-registry.js';

/**
 * Counts requests from their first byte until their response is closed (finished or
 * abandoned by the client), which is what graceful shutdown waits for. Once shutdown has
 * begun, a request arriving on a connection that was already open is answered with an
 * Anthropic-shaped overloaded_error (which clients retry) instead of being served.
 */
export function registerActivityTracking(app: FastifyInstance, activity: ActivityRegistry): void {
  // A callback hook: an async one costs a promise and a microtask turn on every request.
  app.addHook('onRequest', (_request, reply, done) => {
    activity.requestStarted();
    reply.raw.once('close', () => activity.requestEnded());
    if (activity.draining) {
      reply.header('connection', 'close');
      done(
        new ProxyError('SHUTTING_DOWN', 'overloaded_error', 'The proxy is shutting down; retry the request'),
      );
      return;
    }
    done();
  });
}
