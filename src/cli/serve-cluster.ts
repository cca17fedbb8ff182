import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { serveClusterMetrics } from '../server/cluster/cluster-metrics.js';
import { NAME } from '../version.js';
import { loadConfigOrExplain } from './load-config-or-explain.js';

/** `--workers N` or `auto` (one per core). */
export function parseWorkers(value: string): number {
  if (value === 'auto') return availableParallelism();
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1) {
    throw new InvalidArgumentError('expected a whole number of processes (1 or more) or "auto"');
  }
  return workers;
}

/** A worker that dies this soon after it started is failing to start; it is not restarted. */
const CRASH_LOOP_MS = 5000;

/**
 * The cluster primary of `serve --workers N`: it serves no request itself. It forks N
 * workers running the same command line (each one `runServe` in a process of its own,
 * sharing the listening socket), aggregates their metrics for /metrics, restarts a worker
 * that dies, forwards SIGHUP for config reloads, and on SIGINT or SIGTERM asks every worker
 * (SIGTERM) to drain as a single process would; a second signal stops them at once.
 */
export async function runClusterPrimary(options: { workers: number; configPath?: string }): Promise<number> {
  // The configuration is checked here once, so a mistake is explained once, not N times.
  if (!loadConfigOrExplain(options.configPath)) return 1;
  serveClusterMetrics();
  let stopping = false;
  let failed = false;
  const startedAt = new Map<Worker, number>();
  const fork = () => startedAt.set(cluster.fork(), Date.now());

  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === options.workers) {
      process.stdout.write(`  workers: ${options.workers} processes (primary pid ${process.pid})\n`);
    }
  });

  const exited = new Promise<void>((resolve) => {
    cluster.on('exit', (worker, code, signal) => {
      const started = startedAt.get(worker) ?? 0;
      startedAt.delete(worker);
      if (!stopping) {
        const crashLoop = Date.now() - started < CRASH_LOOP_MS;
        process.stderr.write(
          `${NAME}: worker ${worker.process.pid} exited (${signal ?? `code ${code}`})${crashLoop ? '; not restarted, it failed at start-up' : '; restarting it'}\n`,
        );
        if (!crashLoop) fork();
        else failed = true;
      } else if (code !== 0) {
        failed = true;
      }
      if (startedAt.size === 0) resolve();
    });
  });
  for (let index = 0; index < options.workers; index++) fork();

  const workers = () => Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
  const stop = () => {
    if (stopping) {
      // A second signal: no more waiting.
      for (const worker of workers()) worker.process.kill('SIGKILL');
      return;
    }
    stopping = true;
    // Ctrl-C may already have signalled every worker too; a worker ignores signals after
    // its first, so this one cannot cut its drain short.
    for (const worker of workers()) worker.process.kill('SIGTERM');
  };
  const reload = () => {
    for (const worker of workers()) worker.process.kill('SIGHUP');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', reload);
  await exited;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  process.off('SIGHUP', reload);
  return failed ? 1 : 0;
}
