/**
 * Profiles infiniproxy under one scenario's load: the built proxy runs with --cpu-prof (and
 * --heap-prof with --heap), autocannon drives it for a few seconds, and the hottest
 * functions by self time and by inclusive time are printed, then the time a request spends
 * in each area (Fastify, undici, Node's streams, the kernel's writes, the proxy's
 * folders…); the .cpuprofile stays in the output folder for Chrome DevTools.
 * Run: npx tsx bench/profile.ts S2 [--seconds 8] [--heap] [--raw | --bare]
 * (INSPECTOR=false and the other benchProxySettings() pass through to the proxy)
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { compileChildren, startBackend, startFloor, startInfiniproxy } from './compare/children.js';
import { buildScenarios, type ScenarioId } from './compare/scenarios.js';
import { areaOf } from './profile-areas.js';
import { benchProxySettings } from './proxy-settings.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock process.hrtime reads. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '8' },
    heap: { type: 'boolean', default: false },
    out: { type: 'string', default: join(tmpdir(), 'infiniproxy-profile') },
    top: { type: 'string', default: '30' },
    /** Also list what the functions whose label contains this text spend their time in. */
    focus: { type: 'string' },
    /** Profile the raw pipe (the floor) instead of infiniproxy. */
    raw: { type: 'boolean', default: false },
    /** Profile the bare translator (the translating floor) instead of infiniproxy. */
    bare: { type: 'boolean', default: false },
  },
});
const id = (positionals[0] ?? 'S2') as ScenarioId;
const scenario = buildScenarios()[id];
mkdirSync(values.out, { recursive: true });
compileChildren();

const backend = await startBackend();
const profilerFlags = [
  '--cpu-prof',
  `--cpu-prof-dir=${values.out}`,
  ...(values.heap ? ['--heap-prof', `--heap-prof-dir=${values.out}`] : []),
];
const proxy = values.raw
  ? await startFloor('raw pipe', backend.port, profilerFlags)
  : values.bare
    ? await startFloor('bare translator', backend.port, profilerFlags)
    : await startInfiniproxy('infiniproxy', backend.port, {
        execArgv: profilerFlags,
        env: benchProxySettings(),
      });
const loadStartMicros = Number(process.hrtime.bigint() / 1000n);
const result = await autocannon({
  url: `http://127.0.0.1:${proxy.port}/v1/${values.raw ? 'chat/completions' : 'messages'}`,
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': 'bench' },
  body: values.raw ? scenario.chatBody : scenario.anthropicBody,
  connections: 10,
  duration: Number(values.seconds),
});
const loadEndMicros = Number(process.hrtime.bigint() / 1000n);
console.log(`${id}: ${Math.round(result.requests.average)} req/s, ${result.errors + result.non2xx} errors`);
await proxy.stop();
await backend.stop();

const newest = readdirSync(values.out)
  .filter((name) => name.endsWith('.cpuprofile'))
  .map((name) => `${values.out}/${name}`)
  .sort()
  .filter((path) => Number(path.match(/CPU\.(\d+)/)?.[1] ?? 0) >= 0)
  .at(-1);
if (!newest) throw new Error('no profile written');
const profile = JSON.parse(readFileSync(newest, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const selfMicros = new Map<number, number>();
profile.samples.forEach((sample, index) => {
  selfMicros.set(sample, (selfMicros.get(sample) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/(node_modules\/|dist\/)/, '$1');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [nodeId, micros] of selfMicros) {
  const node = byId.get(nodeId)!;
  self.set(label(node), (self.get(label(node)) ?? 0) + micros);
  const seen = new Set<string>();
  for (let current: number | undefined = nodeId; current !== undefined; current = parent.get(current)) {
    const name = label(byId.get(current)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
  }
}
const top = Number(values.top);
const print = (title: string, table: Map<string, number>) => {
  console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [name, micros] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
};
print('self time', self);
print('inclusive time', inclusive);
if (values.focus) {
  // Time under the focused function, grouped by the callee directly below it.
  const focus = values.focus;
  const callees = new Map<string, number>();
  for (const [nodeId, micros] of selfMicros) {
    let below: number | undefined;
    for (let current: number | undefined = nodeId; current !== undefined; current = parent.get(current)) {
      if (label(byId.get(current)!).includes(focus)) {
        const name = below === undefined ? '(self)' : label(byId.get(below)!);
        callees.set(name, (callees.get(name) ?? 0) + micros);
        break;
      }
      below = current;
    }
  }
  print(`under ${focus}`, callees);
}
printAreas();
console.log(`\nprofile: ${newest}`);

/**
 * Self time by area, in microseconds a request, over the samples taken while the load ran
 * (start-up and shutdown left out). With --raw or --bare, the same for a floor, to set
 * beside infiniproxy's.
 */
function printAreas(): void {
  const byArea = new Map<string, number>();
  let time = profile.startTime;
  profile.samples.forEach((sample, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time < loadStartMicros || time > loadEndMicros) return;
    const area = areaOf(byId.get(sample)!.callFrame);
    byArea.set(area, (byArea.get(area) ?? 0) + delta);
  });
  const requests = result.requests.total;
  const idle = byArea.get('idle') ?? 0;
  byArea.delete('idle');
  const busy = [...byArea.values()].reduce((sum, value) => sum + value, 0);
  console.log(
    `\nby area, µs a request while the load ran (${requests} requests; under the profiler, which adds its own share)`,
  );
  for (const [area, micros] of [...byArea].sort((a, b) => b[1] - a[1]))
    console.log(`${(micros / requests).toFixed(1).padStart(7)}  ${area}`);
  console.log(
    `${(busy / requests).toFixed(1).padStart(7)}  busy in all (idle: ${((idle / (busy + idle)) * 100).toFixed(0)}% of the window)`,
  );
}
