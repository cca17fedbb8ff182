import type { FastifyInstance } from 'fastify';
import type { ActivityRegistry } from './create-activity-registry.js';

/**
 * Counts requests from their first byte until their response is closed (finished or
 * abandoned by the client), which is what graceful shutdown waits for.
 */
export function registerActivityTracking(app: FastifyInstance, activity: ActivityRegistry): void {
  app.addHook('onRequest', async (_request, reply) => {
    activity.requestStarted();
    reply.raw.once('close', () => activity.requestEnded());
  });
}
