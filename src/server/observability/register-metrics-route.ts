import type { FastifyInstance } from 'fastify';
import type { ProxyMetrics } from './create-metrics.js';

/** Prometheus text format; the auth hook gives it the same key as /v1. */
export function registerMetricsRoute(app: FastifyInstance, metrics: ProxyMetrics): void {
  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });
}
