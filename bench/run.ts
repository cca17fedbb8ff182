/**
 * `npm run bench`: runs every benchmark and prints its figures. Benchmarks are not tests;
 * nothing here asserts a timing.
 */
import { cpus } from 'node:os';
import { benchStreamLayers, benchTimeToFirstByte } from './stream.bench.js';
import { benchThroughput } from './throughput.bench.js';

const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

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
