/** Medians across comparison runs, the printed table and bench/results.json. */
import type { CompareRun, PathName } from '../compare.bench.js';

const PATHS: PathName[] = ['direct', 'raw pipe', 'bare translator', 'infiniproxy', 'infiniproxy ×2'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median over runs of one figure, skipping runs that lack it. */
function med(runs: CompareRun[], pick: (run: CompareRun) => number | null | undefined): number | null {
  const values = runs.map(pick).filter((value): value is number => typeof value === 'number');
  return values.length === 0 ? null : median(values);
}

export interface SummaryRow {
  case: string;
  path: PathName;
  requestsPerSecond: number | null;
  /** Throughput over the raw pipe's, in the same run (median of the per-run ratios). */
  throughputVsFloor: number | null;
  addedP50Ms: number | null;
  addedP99Ms: number | null;
  cpuMsPerRequest: number | null;
  cpuVsFloor: number | null;
  rssUnderLoadMiB: number | null;
  errors: number | null;
}

export interface Summary {
  rows: SummaryRow[];
  rssAfterStartMiB: Partial<Record<PathName, number | null>>;
  rssAtRestMiB: Partial<Record<PathName, number | null>>;
  /** Median seconds after start-up; null when a run's proxy had not rested by the comparison's limit. */
  restedAfterSeconds: Partial<Record<PathName, number | null>>;
  addedTimeToFirstByteMs: Partial<Record<PathName, { median: number | null; p99: number | null }>>;
  timeToFirstByteMs: Partial<Record<PathName, { median: number | null; p99: number | null }>>;
  slowStreams: Partial<
    Record<
      PathName,
      {
        completed: number | null;
        errors: number | null;
        cpuMsPerStream: number | null;
        rssUnderLoadMiB: number | null;
        seconds: number | null;
      }
    >
  >;
}

export function summarizeRuns(runs: CompareRun[]): Summary {
  const rows: SummaryRow[] = [];
  for (const id of ['S1', 'S2', 'S3'] as const) {
    if (!runs.some((run) => run.load[id])) continue;
    for (const path of PATHS) {
      if (!runs.some((run) => run.load[id]?.[path])) continue;
      const figure = (run: CompareRun) => run.load[id]?.[path];
      const floor = (run: CompareRun) => run.load[id]?.['raw pipe'];
      const direct = (run: CompareRun) => run.load[id]?.direct;
      rows.push({
        case: id,
        path,
        requestsPerSecond: med(runs, (run) => figure(run)?.requestsPerSecond),
        throughputVsFloor:
          path === 'direct'
            ? null
            : med(runs, (run) => {
                const own = figure(run)?.requestsPerSecond;
                const base = floor(run)?.requestsPerSecond;
                return own && base ? own / base : null;
              }),
        addedP50Ms:
          path === 'direct'
            ? null
            : med(
                runs,
                (run) =>
                  (figure(run)?.latencyP50Ms ?? Number.NaN) - (direct(run)?.latencyP50Ms ?? Number.NaN),
              ),
        addedP99Ms:
          path === 'direct'
            ? null
            : med(
                runs,
                (run) =>
                  (figure(run)?.latencyP99Ms ?? Number.NaN) - (direct(run)?.latencyP99Ms ?? Number.NaN),
              ),
        cpuMsPerRequest: med(runs, (run) => figure(run)?.cpuMsPerRequest),
        cpuVsFloor:
          path === 'direct' || path === 'raw pipe'
            ? null
            : med(runs, (run) => {
                const own = figure(run)?.cpuMsPerRequest;
                const base = floor(run)?.cpuMsPerRequest;
                return own && base ? own / base : null;
              }),
        rssUnderLoadMiB: med(runs, (run) => figure(run)?.rssUnderLoadMiB),
        errors: med(runs, (run) => figure(run)?.errors),
      });
    }
  }
  const summary: Summary = {
    rows,
    rssAfterStartMiB: {},
    rssAtRestMiB: {},
    restedAfterSeconds: {},
    addedTimeToFirstByteMs: {},
    timeToFirstByteMs: {},
    slowStreams: {},
  };
  for (const path of PATHS) {
    if (runs.some((run) => run.rssAtRestMiB[path] !== undefined)) {
      summary.rssAfterStartMiB[path] = med(runs, (run) => run.rssAfterStartMiB[path]);
      summary.rssAtRestMiB[path] = med(runs, (run) => run.rssAtRestMiB[path]);
      // A run whose proxy never rested makes the median "not rested" too: no figure is passed off as at rest.
      summary.restedAfterSeconds[path] = runs.some((run) => run.restedAfterSeconds[path] === null)
        ? null
        : med(runs, (run) => run.restedAfterSeconds[path]);
    }
    if (runs.some((run) => run.timeToFirstByteMs[path])) {
      summary.timeToFirstByteMs[path] = {
        median: med(runs, (run) => run.timeToFirstByteMs[path]?.median),
        p99: med(runs, (run) => run.timeToFirstByteMs[path]?.p99),
      };
      if (path !== 'direct')
        summary.addedTimeToFirstByteMs[path] = {
          median: med(
            runs,
            (run) =>
              (run.timeToFirstByteMs[path]?.median ?? Number.NaN) -
              (run.timeToFirstByteMs.direct?.median ?? Number.NaN),
          ),
          p99: med(
            runs,
            (run) =>
              (run.timeToFirstByteMs[path]?.p99 ?? Number.NaN) -
              (run.timeToFirstByteMs.direct?.p99 ?? Number.NaN),
          ),
        };
    }
    if (runs.some((run) => run.slowStreams[path])) {
      const slow = (run: CompareRun) => run.slowStreams[path];
      summary.slowStreams[path] = {
        completed: med(runs, (run) => slow(run)?.completed),
        errors: med(runs, (run) => slow(run)?.errors),
        cpuMsPerStream: med(runs, (run) => slow(run)?.cpuMsPerStream),
        rssUnderLoadMiB: med(runs, (run) => slow(run)?.rssUnderLoadMiB),
        seconds: med(runs, (run) => slow(run)?.seconds),
      };
    }
  }
  return summary;
}

const fixed = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);

/** One Markdown table: the same text goes to the terminal and into the README. */
export function renderSummary(summary: Summary): string {
  const lines = [
    '| case | path | req/s | × raw pipe | added p50 ms | added p99 ms | CPU ms/req | CPU × raw pipe | RSS under load MiB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of summary.rows) {
    lines.push(
      `| ${row.case} | ${row.path} | ${fixed(row.requestsPerSecond, 0)} | ${fixed(row.throughputVsFloor, 2)} | ${fixed(row.addedP50Ms, 2)} | ${fixed(row.addedP99Ms, 2)} | ${fixed(row.cpuMsPerRequest, 3)} | ${fixed(row.cpuVsFloor, 1)} | ${fixed(row.rssUnderLoadMiB, 0)} |`,
    );
  }
  for (const [path, ttfb] of Object.entries(summary.addedTimeToFirstByteMs)) {
    lines.push(
      `| S3 first byte | ${path} | | | ${fixed(ttfb?.median ?? null, 3)} | ${fixed(ttfb?.p99 ?? null, 3)} | | | |`,
    );
  }
  for (const [path, slow] of Object.entries(summary.slowStreams)) {
    lines.push(
      `| S4 | ${path} | ${fixed(slow?.completed ?? null, 0)}/1000 complete, ${fixed(slow?.errors ?? null, 0)} errors, ${fixed(slow?.seconds ?? null, 1)} s | | | | ${fixed(slow?.cpuMsPerStream ?? null, 3)} /stream | | ${fixed(slow?.rssUnderLoadMiB ?? null, 0)} |`,
    );
  }
  const memory = (figures: Partial<Record<PathName, number | null>>, note?: (path: PathName) => string) =>
    Object.entries(figures)
      .map(
        ([path, value]) =>
          `${path} ${fixed(value ?? null, 0)} MiB${note ? ` (${note(path as PathName)})` : ''}`,
      )
      .join(', ');
  const restedWhen = (path: PathName) => {
    const after = summary.restedAfterSeconds[path];
    return after == null ? 'not rested' : `${fixed(after, 0)} s`;
  };
  lines.push(
    '',
    `RSS at rest (once V8 gave back start-up's young generation; when): ${memory(summary.rssAtRestMiB, restedWhen)}`,
  );
  lines.push(`RSS 1 s after start-up: ${memory(summary.rssAfterStartMiB)}`);
  return lines.join('\n');
}
