/**
 * `npm run bench`: runs every benchmark and prints its figures. Benchmarks are not tests;
 * nothing here asserts a timing.
 *
 *   npm run bench                         micro-benchmarks, then the comparison
 *   npm run bench -- --only micro         the translator and stream micro-benchmarks
 *   npm run bench -- --only compare       the comparison with the raw pipe and the bare translator (S1–S4)
 *   options of the comparison: --runs N (3), --duration S (5), --warmup S (3), --connections N (10),
 *   --scenarios S1,S3 (all), --no-workers (skip infiniproxy ×2), --out FILE (bench/results.json)
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { compileChildren } from './compare/children.js';
import { renderSummary, summarizeRuns } from './compare/report.js';
import type { ScenarioId } from './compare/scenarios.js';
import { describeMachine, runComparison } from './compare.bench.js';
import { benchImageSize, benchSseReaders } from './libraries.bench.js';
import { benchRoutingAndDispatch } from './routing.bench.js';
import { benchStreamLayers, benchTimeToFirstByte } from './stream.bench.js';
import { benchThroughput } from './throughput.bench.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    scenarios: { type: 'string', default: 'S1,S2,S3,S4' },
    'no-workers': { type: 'boolean', default: false },
    'first-byte': { type: 'string', default: '300' },
    out: { type: 'string', default: new URL('./results.json', import.meta.url).pathname },
  },
});
const runMicro = args.only === undefined || args.only === 'micro';
const runCompare = args.only === undefined || args.only === 'compare';

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

if (runMicro) await micro();
if (runCompare) await compare();

async function micro(): Promise<void> {
  console.log(`Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, one thread`);
  console.log(`Inspector: ${process.env.INSPECTOR ?? 'default (on)'}\n`);

  console.log('Stream conversion (one op = one whole stream)');
  console.table(
    benchStreamLayers().map((result) => ({
      layer: result.name,
      'ns/event': format(result.nsPerEvent),
      'events/op': format(result.eventsPerOp, 1),
      'µs/op': format(result.nsPerOp / 1000, 1),
      'events/s': format(result.eventsPerSecond),
      'retained B/op': format(result.retainedBytesPerOp, 1),
    })),
  );

  const firstByte = await benchTimeToFirstByte();
  console.log(`\nTime to first byte over loopback, ${firstByte.requests} streaming requests each (ms)`);
  console.table({
    'straight to the backend': {
      median: format(firstByte.direct.median, 3),
      p99: format(firstByte.direct.p99, 3),
    },
    'through the proxy, first byte': {
      median: format(firstByte.proxyFirstByte.median, 3),
      p99: format(firstByte.proxyFirstByte.p99, 3),
    },
    'through the proxy, first text': {
      median: format(firstByte.proxyFirstText.median, 3),
      p99: format(firstByte.proxyFirstText.p99, 3),
    },
    'added by the proxy (first text)': {
      median: format(firstByte.proxyFirstText.median - firstByte.direct.median, 3),
      p99: format(firstByte.proxyFirstText.p99 - firstByte.direct.p99, 3),
    },
  });

  console.log('\nThroughput under load: 32 keep-alive connections, 4 s per row (autocannon)');
  console.table(
    Object.fromEntries(
      (await benchThroughput()).map((row) => [
        row.name,
        {
          'requests/s': format(row.requestsPerSecond),
          'median ms': format(row.latencyMedianMs, 2),
          'p99 ms': format(row.latencyP99Ms, 2),
          errors: row.errors,
        },
      ]),
    ),
  );

  console.log('\nHand-written against library: SSE readers (one op = one whole stream, 1400-byte segments)');
  console.table(
    benchSseReaders().map((result) => ({
      reader: result.name,
      'ns/event': format(result.nsPerEvent),
      'µs/op': format(result.nsPerOp / 1000, 1),
      'events/s': format(result.eventsPerSecond),
    })),
  );
  console.log(
    '\nHand-written against library: image dimensions (PNG, GIF, WebP, JPEG with 30 KB of EXIF, cycled)',
  );
  console.table(
    benchImageSize().map((row) => ({ reader: row.name, 'µs/image': format(row.nsPerImage / 1000, 2) })),
  );

  console.log(
    '\nRouting and dispatch on the hot path (one op = select a route and dispatch to an instant provider)',
  );
  console.table(
    Object.fromEntries(
      (await benchRoutingAndDispatch()).map((row) => [
        row.name,
        { 'ns/op': format(row.nsPerOp), 'ops/s': format(1e9 / row.nsPerOp) },
      ]),
    ),
  );
}

async function compare(): Promise<void> {
  const runs = Number(args.runs);
  const options = {
    durationSeconds: Number(args.duration),
    warmupSeconds: Number(args.warmup),
    connections: Number(args.connections),
    twoWorkers: !args['no-workers'],
    scenarios: args.scenarios.split(',').map((id) => id.trim()) as ScenarioId[],
    firstByteRequests: Number(args['first-byte']),
  };
  compileChildren();
  console.log(`\nComparison: ${describeMachine()}`);
  console.log(
    `${runs} run(s); autocannon, ${options.connections} connections, ${options.durationSeconds} s per path after a ${options.warmupSeconds} s warm-up; medians over runs`,
  );
  const results = [];
  for (let index = 0; index < runs; index++) {
    console.log(
      `run ${index + 1}/${runs}, load average ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    );
    results.push(await runComparison(options));
  }
  const summary = summarizeRuns(results);
  console.log(`\n${renderSummary(summary)}`);
  writeFileSync(
    args.out,
    `${JSON.stringify({ machine: describeMachine(), date: new Date().toISOString(), options, summary, runs: results }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${args.out}`);
}
