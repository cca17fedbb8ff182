/**
 * The comparison benchmark: the same load, in one run, straight to a scripted instant
 * backend, through the raw pass-through proxy (the floor any Node proxy can reach), through
 * the bare translator (the floor any translating Node proxy can reach) and through
 * infiniproxy with one worker and with two. Each proxy runs in a process of its own
 * and reports its own CPU time (process.cpuUsage), so the load generator's work never counts.
 *
 * S1–S3: autocannon, 10 keep-alive connections, a warm-up (3 s) then a measured run per path.
 * Added time to first byte: sequential streaming requests (S3's), one at a time.
 * S4: 1,000 concurrent slow streams, every one read to its end and checked.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { type Child, startBackend, startFloor, startInfiniproxy } from './compare/children.js';
import { REST_WAIT_MAX_MS, RESTED_YOUNG_GENERATION_BYTES } from './compare/constants.js';
import type { Usage } from './compare/report-usage.js';
import { buildScenarios, type Scenario, type ScenarioId, SLOW_STREAM_DELTAS } from './compare/scenarios.js';
import { summarize } from './measure.js';
import { benchProxySettings } from './proxy-settings.js';

export type PathName = 'direct' | 'raw pipe' | 'bare translator' | 'infiniproxy' | 'infiniproxy ×2';

export interface LoadFigures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  errors: number;
  /** CPU time of the proxy's processes per request, ms; null for the direct path. */
  cpuMsPerRequest: number | null;
  /** The proxy's resident memory, the most sampled during the run. */
  rssUnderLoadMiB: number | null;
}

export interface SlowStreamFigures {
  streams: number;
  completed: number;
  errors: number;
  seconds: number;
  cpuMsPerStream: number;
  rssUnderLoadMiB: number;
}

export interface CompareRun {
  startedAt: string;
  loadAverage: number[];
  /** RSS one second after start-up, after a full GC: what start-up left behind. */
  rssAfterStartMiB: Partial<Record<PathName, number>>;
  /**
   * RSS without a request since start-up, after a full GC, once V8 has given back the young
   * generation start-up grew: what an idle proxy holds.
   */
  rssAtRestMiB: Partial<Record<PathName, number>>;
  /** Seconds after the proxies were up that it was read; null when the young generation was still grown at REST_WAIT_MAX_MS. */
  restedAfterSeconds: Partial<Record<PathName, number | null>>;
  load: Partial<Record<Exclude<ScenarioId, 'S4'>, Partial<Record<PathName, LoadFigures>>>>;
  timeToFirstByteMs: Partial<Record<PathName, { median: number; p99: number }>>;
  slowStreams: Partial<Record<PathName, SlowStreamFigures>>;
}

export interface CompareOptions {
  durationSeconds: number;
  /**
   * Load before each measured run, per path and scenario. One second left infiniproxy cold
   * when a scenario ran first (its optimising compiler and heap still growing into the
   * load): S2 alone read 0.45 ms of CPU a request after 1 s, 0.32 after 3 s, as after S1.
   */
  warmupSeconds: number;
  connections: number;
  /** Also run infiniproxy with --workers 2. */
  twoWorkers: boolean;
  scenarios: ScenarioId[];
  firstByteRequests: number;
}

const MiB = 1024 * 1024;

interface Target {
  path: PathName;
  child?: Child;
  port: number;
}

/** Whether a path takes Anthropic requests (and answers in Anthropic events) rather than Chat Completions. */
const speaksAnthropic = (target: Target) => target.path !== 'direct' && target.path !== 'raw pipe';
const urlFor = (target: Target) =>
  speaksAnthropic(target)
    ? `http://127.0.0.1:${target.port}/v1/messages`
    : `http://127.0.0.1:${target.port}/v1/chat/completions`;
const bodyFor = (target: Target, scenario: Scenario) =>
  speaksAnthropic(target) ? scenario.anthropicBody : scenario.chatBody;

const HEADERS = {
  'content-type': 'application/json',
  'x-api-key': 'bench',
  'anthropic-version': '2023-06-01',
};

/** Samples the child's memory while `work` runs; returns the work's result and the peak RSS. */
async function sampled<T>(child: Child | undefined, work: () => Promise<T>): Promise<[T, number | null]> {
  if (!child) return [await work(), null];
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const usage = await child.usage().catch(() => undefined);
      if (usage) peak = Math.max(peak, usage.rssBytes);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })();
  try {
    return [await work(), peak / MiB];
  } finally {
    sampling = false;
    await sampler;
  }
}

async function cannon(url: string, body: string, seconds: number, connections: number) {
  return autocannon({ url, method: 'POST', headers: HEADERS, body, connections, duration: seconds });
}

/**
 * Reads each proxy's memory at rest: as soon as its young generation is back to its starting
 * size (see RESTED_YOUNG_GENERATION_BYTES), or at REST_WAIT_MAX_MS, marked as not rested.
 */
async function readAtRest(targets: Target[], run: CompareRun, startedUp: number): Promise<void> {
  const started = performance.now();
  let waiting = targets.filter((target) => target.child !== undefined);
  for (;;) {
    const timedOut = performance.now() - started >= REST_WAIT_MAX_MS;
    const still: Target[] = [];
    for (const target of waiting) {
      const usage = await target.child!.usage();
      const rested = usage.youngGenerationBytes <= RESTED_YOUNG_GENERATION_BYTES;
      if (!rested && !timedOut) {
        still.push(target);
        continue;
      }
      run.rssAtRestMiB[target.path] = (await target.child!.usage({ gc: true })).rssBytes / MiB;
      run.restedAfterSeconds[target.path] = rested ? (performance.now() - startedUp) / 1000 : null;
    }
    waiting = still;
    if (waiting.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function loadOne(target: Target, scenario: Scenario, options: CompareOptions): Promise<LoadFigures> {
  const url = urlFor(target);
  const body = bodyFor(target, scenario);
  await cannon(url, body, options.warmupSeconds, options.connections);
  const before: Usage | undefined = await target.child?.usage();
  const [result, rss] = await sampled(target.child, () =>
    cannon(url, body, options.durationSeconds, options.connections),
  );
  const after: Usage | undefined = await target.child?.usage();
  const requests = result.requests.total;
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests,
    errors: result.errors + result.non2xx + result.timeouts,
    cpuMsPerRequest: before && after ? (after.cpuMicros - before.cpuMicros) / 1000 / requests : null,
    rssUnderLoadMiB: rss,
  };
}

/** Sequential streaming requests, each path in turn, measuring the first byte of the answer body. */
async function firstBytes(targets: Target[], scenario: Scenario, requests: number) {
  const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 60_000 });
  const samples = new Map<PathName, number[]>(targets.map((target) => [target.path, []]));
  try {
    for (let index = 0; index < requests + 30; index++) {
      for (const target of targets) {
        const start = performance.now();
        const response = await request(urlFor(target), {
          method: 'POST',
          headers: HEADERS,
          body: bodyFor(target, scenario),
          dispatcher,
        });
        let first = 0;
        for await (const _piece of response.body) if (first === 0) first = performance.now() - start;
        if (index >= 30) samples.get(target.path)!.push(first);
      }
    }
  } finally {
    await dispatcher.close();
  }
  return Object.fromEntries([...samples].map(([path, values]) => [path, summarize(values)]));
}

/** 1,000 slow streams at once; each must arrive whole (every delta, then the end of the stream). */
async function slowStreams(target: Target, scenario: Scenario, streams = 1000): Promise<SlowStreamFigures> {
  const dispatcher = new Agent({ connections: streams, keepAliveTimeout: 60_000 });
  const anthropic = speaksAnthropic(target);
  const before = await target.child!.usage();
  const started = performance.now();
  let completed = 0;
  let errors = 0;
  const one = async () => {
    try {
      const response = await request(urlFor(target), {
        method: 'POST',
        headers: HEADERS,
        body: bodyFor(target, scenario),
        dispatcher,
        bodyTimeout: 60_000,
        headersTimeout: 60_000,
      });
      const text = await response.body.text();
      const deltas = text.split(anthropic ? '"text_delta"' : '"content":" tick"').length - 1;
      const ended = anthropic ? text.includes('event: message_stop') : text.includes('data: [DONE]');
      if (response.statusCode === 200 && deltas === SLOW_STREAM_DELTAS && ended) completed++;
      else errors++;
    } catch {
      errors++;
    }
  };
  const [, rss] = await sampled(target.child, () => Promise.all(Array.from({ length: streams }, one)));
  const seconds = (performance.now() - started) / 1000;
  const after = await target.child!.usage();
  await dispatcher.close();
  return {
    streams,
    completed,
    errors,
    seconds,
    cpuMsPerStream: (after.cpuMicros - before.cpuMicros) / 1000 / streams,
    rssUnderLoadMiB: rss ?? 0,
  };
}

export async function runComparison(options: CompareOptions): Promise<CompareRun> {
  const scenarios = buildScenarios();
  const backend = await startBackend();
  const children: Child[] = [backend];
  try {
    const raw = await startFloor('raw pipe', backend.port);
    children.push(raw);
    const bare = await startFloor('bare translator', backend.port);
    children.push(bare);
    const proxy = await startInfiniproxy('infiniproxy', backend.port, { env: benchProxySettings() });
    children.push(proxy);
    const targets: Target[] = [
      { path: 'direct', port: backend.port },
      { path: 'raw pipe', child: raw, port: raw.port },
      { path: 'bare translator', child: bare, port: bare.port },
      { path: 'infiniproxy', child: proxy, port: proxy.port },
    ];
    if (options.twoWorkers) {
      const two = await startInfiniproxy('infiniproxy ×2', backend.port, {
        workers: 2,
        env: benchProxySettings(),
      });
      children.push(two);
      targets.push({ path: 'infiniproxy ×2', child: two, port: two.port });
    }
    const startedUp = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const run: CompareRun = {
      startedAt: new Date().toISOString(),
      loadAverage: loadavg(),
      rssAfterStartMiB: {},
      rssAtRestMiB: {},
      restedAfterSeconds: {},
      load: {},
      timeToFirstByteMs: {},
      slowStreams: {},
    };
    for (const target of targets) {
      if (target.child)
        run.rssAfterStartMiB[target.path] = (await target.child.usage({ gc: true })).rssBytes / MiB;
    }
    await readAtRest(targets, run, startedUp);
    for (const id of options.scenarios) {
      if (id === 'S4') continue;
      const figures: Partial<Record<PathName, LoadFigures>> = {};
      for (const target of targets) {
        figures[target.path] = await loadOne(target, scenarios[id], options);
        process.stderr.write(
          `  ${id} ${target.path}: ${Math.round(figures[target.path]!.requestsPerSecond)} req/s\n`,
        );
      }
      run.load[id as Exclude<ScenarioId, 'S4'>] = figures;
    }
    if (options.firstByteRequests > 0) {
      run.timeToFirstByteMs = await firstBytes(targets, scenarios.S3, options.firstByteRequests);
    }
    if (options.scenarios.includes('S4')) {
      for (const target of targets) {
        if (!target.child) continue;
        run.slowStreams[target.path] = await slowStreams(target, scenarios.S4);
        process.stderr.write(`  S4 ${target.path}: ${JSON.stringify(run.slowStreams[target.path])}\n`);
      }
    }
    return run;
  } finally {
    for (const child of children.reverse()) await child.stop();
  }
}

export function describeMachine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${process.platform}`;
}
