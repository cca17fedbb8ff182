import type { FastifyInstance } from 'fastify';
import { readMetricsText, shareMetricsWithPrimary } from '../cluster/cluster-metrics.js';
import type { ProxyMetrics } from './create-metrics.js';

/** Prometheus text format; the auth hook gives it the same key as /v1. Under --workers, the sum over every worker. */
export function registerMetricsRoute(app: FastifyInstance, metrics: ProxyMetrics): void {
  shareMetricsWithPrimary(metrics.registry);
  app.get('/metrics', async (_request, reply) => {
    const text = await readMetricsText(metrics.registry);
    return reply.type(metrics.registry.contentType).send(text);
  });
}
