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
  app.addHook('onRequest', async (_request, reply) => {
    activity.requestStarted();
    reply.raw.once('close', () => activity.requestEnded());
    if (activity.draining) {
      reply.header('connection', 'close');
      throw new ProxyError(
        'SHUTTING_DOWN',
        'overloaded_error',
        'The proxy is shutting down; retry the request',
      );
    }
  });
}
