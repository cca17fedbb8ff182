import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/** A full garbage collection, so heap figures show what a stream retains rather than garbage. */
export const collectGarbage = runInNewContext('gc') as () => void;

export interface ThroughputResult {
  name: string;
  ops: number;
  nsPerOp: number;
  eventsPerOp: number;
  nsPerEvent: number;
  eventsPerSecond: number;
  /** Heap still in use after a full GC, per op: what each stream leaves behind. */
  retainedBytesPerOp: number;
}

/**
 * Runs `op` (one op = one whole stream) repeatedly for about `durationMs` after a warm-up,
 * on this one thread. `op` returns how many events it produced.
 */
export function measureThroughput(name: string, op: () => number, durationMs = 1500): ThroughputResult {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) op();

  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  let ops = 0;
  let events = 0;
  const start = performance.now();
  const stopAt = start + durationMs;
  while (performance.now() < stopAt) {
    // Batches keep the clock out of the measured loop.
    for (let index = 0; index < 50; index++) events += op();
    ops += 50;
  }
  const elapsedNs = (performance.now() - start) * 1e6;
  collectGarbage();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  return {
    name,
    ops,
    nsPerOp: elapsedNs / ops,
    eventsPerOp: events / ops,
    nsPerEvent: elapsedNs / events,
    eventsPerSecond: events / (elapsedNs / 1e9),
    retainedBytesPerOp: Math.max(0, retained) / ops,
  };
}

export interface LatencySummary {
  median: number;
  p99: number;
}

export function summarize(samplesMs: number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!;
  return { median: at(0.5), p99: at(0.99) };
}
