/**
 * CPU time and resident memory of a benchmarked proxy, measured by the proxy's own process
 * (process.cpuUsage) and asked for over IPC, so the load generator's work never counts.
 */
import cluster from 'node:cluster';
import { getHeapSpaceStatistics } from 'node:v8';

export interface Usage {
  /** User + system CPU time, microseconds. */
  cpuMicros: number;
  rssBytes: number;
  /**
   * The largest young generation (V8's new space, as committed) among the processes: start-up
   * grows it, and V8's memory reducer gives it back once a process has been idle a while.
   */
  youngGenerationBytes: number;
  processes: number;
}

interface UsageRequest {
  type: 'bench:usage';
  id: number;
  gc?: boolean;
}

const isUsageRequest = (message: unknown): message is UsageRequest =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'bench:usage';

function ownUsage(gc: boolean): Usage {
  if (gc) (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const youngGeneration = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  return {
    cpuMicros: cpu.user + cpu.system,
    rssBytes: process.memoryUsage().rss,
    youngGenerationBytes: youngGeneration?.space_size ?? 0,
    processes: 1,
  };
}

/**
 * Answers the parent's usage requests. A cluster primary adds its workers' figures to its
 * own; a worker answers its primary.
 */
export function answerUsageRequests(): void {
  if (cluster.isWorker) {
    process.on('message', (message: unknown) => {
      if (isUsageRequest(message))
        process.send?.({ type: 'bench:usage-reply', id: message.id, usage: ownUsage(message.gc === true) });
    });
    return;
  }
  // The channel to the benchmark must not keep a proxy alive that would otherwise exit (after
  // SIGTERM, say). A cluster worker's channel is its primary's, which it needs.
  process.channel?.unref();
  process.on('message', async (message: unknown) => {
    if (!isUsageRequest(message)) return;
    const total = ownUsage(message.gc === true);
    const workers = Object.values(cluster.workers ?? {});
    const replies = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<Usage | undefined>((resolve) => {
            if (!worker) return resolve(undefined);
            const onMessage = (reply: { type?: string; id?: number; usage?: Usage }) => {
              if (reply?.type !== 'bench:usage-reply' || reply.id !== message.id) return;
              worker.off('message', onMessage);
              resolve(reply.usage);
            };
            worker.on('message', onMessage);
            worker.send(message);
          }),
      ),
    );
    for (const usage of replies) {
      if (!usage) continue;
      total.cpuMicros += usage.cpuMicros;
      total.rssBytes += usage.rssBytes;
      total.youngGenerationBytes = Math.max(total.youngGenerationBytes, usage.youngGenerationBytes);
      total.processes += 1;
    }
    process.send?.({ type: 'bench:usage-reply', id: message.id, usage: total });
  });
}
