/**
 * Groups a CPU profile's self time by area of the proxy (Fastify, undici, Node's own
 * streams, the kernel's socket writes, the collector, the proxy's own folders…), so a
 * profile answers "where does a request's time go" in microseconds a request, not as a list
 * of functions. A sample is filed by the function it was taken in: a library's call into
 * Node's streams counts as Node's, a `JSON.parse` as the proxy function that called it.
 */

export interface ProfileCallFrame {
  functionName: string;
  url: string;
}

/** The first rule whose pattern a frame's script matches names its area. */
const SCRIPT_AREAS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /node_modules\/(fastify|avvio|find-my-way|light-my-request|fastq|fast-querystring|toad-cache|secure-json-parse|rfdc|process-warning|abstract-logging)\//,
    'Fastify',
  ],
  [/node_modules\/undici\//, 'undici'],
  [
    /node_modules\/(pino|sonic-boom|pino-std-serializers|quick-format-unescaped|@pinojs\/[^/]+)\//,
    'pino (log)',
  ],
  [/node_modules\/(prom-client|tdigest|bintrees)\//, 'prom-client (metrics)'],
  [/node_modules\/zod\//, 'zod (validation)'],
  // The floors' own code (the bench's children are compiled under node_modules/.cache).
  [/\/bench\/compare\//, "the floor's own code"],
  [/node_modules\//, 'other libraries'],
  [/\/dist\/inspector\//, 'inspector'],
  [/\/dist\/server\/observability\//, 'access log and metrics (own code)'],
  [/\/dist\/(translate|wire)\//, 'translation'],
  [/\/dist\/(upstream|providers)\//, 'backend call and reading the answer'],
  [/\/dist\/(dispatch|routing|models)\//, 'routing and dispatch'],
  [/\/dist\/server\/limits\//, "the request's body: reading, JSON.parse, limits"],
  [/\/dist\/server\/streaming\//, "writing the client's stream"],
  [/\/dist\/server\//, 'server: routes, keys, headers'],
  [/\/dist\//, 'other own code'],
  [/^node:/, "Node's http, net, streams and events"],
];

/** Frames without a script: V8's and Node's native functions, and the profiler's own labels. */
const NATIVE_AREAS: Readonly<Record<string, string>> = {
  '(garbage collector)': 'garbage collector',
  '(program)': 'V8 and native, unattributed',
  '(idle)': 'idle',
  '(root)': 'idle',
  writev: 'socket writes (kernel)',
  writeUtf8String: 'socket writes (kernel)',
  writeBuffer: 'socket writes (kernel)',
  writeString: 'socket writes (kernel)',
};

export function areaOf({ functionName, url }: ProfileCallFrame): string {
  if (url === '') return NATIVE_AREAS[functionName] ?? 'other native calls (microtasks, buffers…)';
  for (const [pattern, area] of SCRIPT_AREAS) if (pattern.test(url)) return area;
  return 'other';
}
