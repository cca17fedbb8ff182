import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** Messages between a worker serving /metrics and the primary that aggregates every worker's. */
const REQUEST = 'infiniproxy:metrics-request';
const REPLY = 'infiniproxy:metrics-reply';

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}
interface MetricsReply {
  type: typeof REPLY;
  id: number;
  text?: string;
  error?: string;
}

const isMessage = <T extends { type: string }>(message: unknown, type: T['type']): message is T =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;

/** How long a worker waits for the primary's aggregate before answering /metrics with an error. */
const AGGREGATE_TIMEOUT_MS = 5000;

/**
 * In a cluster worker: lets prom-client's aggregator read this worker's registry (it reads
 * the global registry otherwise, which the proxy does not use). One app per worker process.
 * Constructing an aggregator is what installs prom-client's reply to the primary's requests.
 */
export function shareMetricsWithPrimary(registry: Registry): void {
  if (!cluster.isWorker) return;
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

let nextRequestId = 1;

/**
 * The metrics text a scrape of /metrics answers with: this process's own, or in a cluster
 * worker the sum over every worker, which only the primary can collect. A scrape reaches one
 * worker at random, so each one asks the primary rather than answering for itself alone.
 */
export function readMetricsText(registry: Registry): Promise<string> {
  const send = process.send?.bind(process);
  if (!cluster.isWorker || !send) return registry.metrics();
  const id = nextRequestId++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isMessage<MetricsReply>(message, REPLY) || message.id !== id) return;
      settle();
      if (message.text !== undefined) resolve(message.text);
      else reject(new Error(`metrics aggregation failed: ${message.error ?? 'unknown error'}`));
    };
    const timer = setTimeout(() => {
      settle();
      reject(new Error('metrics aggregation timed out'));
    }, AGGREGATE_TIMEOUT_MS);
    const settle = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    process.on('message', onMessage);
    send({ type: REQUEST, id } satisfies MetricsRequest);
  });
}

/** In the primary: answers workers' requests with prom-client's aggregate of every worker's registry. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, REQUEST)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: REPLY, id: message.id, text } satisfies MetricsReply),
      (error: unknown) =>
        worker.send({ type: REPLY, id: message.id, error: String(error) } satisfies MetricsReply),
    );
  });
}
