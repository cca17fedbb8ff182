/** Starting, asking and stopping the comparison benchmark's child processes. */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { request } from 'undici';
import type { Usage } from './report-usage.js';

const BENCH = new URL('../', import.meta.url).pathname;
const BUILT = `${BENCH}../node_modules/.cache/infiniproxy-bench/bench/compare/`;

/**
 * The children run compiled JavaScript on plain node: a TypeScript loader in the process
 * would add its own tens of MiB to every memory figure and its hooks to start-up.
 */
export function compileChildren(): void {
  const tsc = `${BENCH}../node_modules/typescript/bin/tsc`;
  // infiniproxy runs as users run it: the built command line (npm run build).
  execFileSync(process.execPath, [tsc, '-p', `${BENCH}../tsconfig.build.json`], { stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', `${BENCH}tsconfig.children.json`], { stdio: 'inherit' });
}

const CLI = `${BENCH}../dist/cli.js`;

export interface Child {
  name: string;
  process: ChildProcess;
  port: number;
  usage(options?: { gc?: boolean }): Promise<Usage>;
  stop(): Promise<void>;
}

let nextUsageId = 1;

function wrap(name: string, child: ChildProcess, port: number): Child {
  return {
    name,
    process: child,
    port,
    usage(options = {}) {
      const id = nextUsageId++;
      return new Promise((resolve, reject) => {
        const onMessage = (message: { type?: string; id?: number; usage?: Usage }) => {
          if (message?.type !== 'bench:usage-reply' || message.id !== id) return;
          settle();
          resolve(message.usage!);
        };
        const onExit = () => {
          settle();
          reject(new Error(`${name} exited`));
        };
        const settle = () => {
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send({ type: 'bench:usage', id, gc: options.gc === true });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await once(child, 'exit');
      clearTimeout(timer);
    },
  };
}

/** gc() for the at-rest memory figures. */
const EXEC_ARGV = ['--expose-gc'];

function forkChild(
  path: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  extraExecArgv: string[] = [],
  showOutput = false,
) {
  return fork(path, args, {
    execArgv: [...EXEC_ARGV, ...extraExecArgv],
    env,
    stdio: ['ignore', showOutput ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
}

/**
 * Node and V8 flags for infiniproxy's own process, space-separated in BENCH_PROXY_NODE_FLAGS:
 * `--trace-gc-nvp` shows what each young-generation collection promotes. V8 writes its traces
 * to standard output, so the proxy's output is shown when they are set.
 */
function proxyNodeFlags(): string[] {
  const flags = process.env.BENCH_PROXY_NODE_FLAGS?.trim();
  return flags ? flags.split(/\s+/) : [];
}

async function waitForListening(child: ChildProcess, name: string): Promise<number> {
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(() => {
      throw new Error(`${name} exited before listening`);
    }),
  ])) as [{ type: string; port: number }];
  return message.port;
}

export async function startBackend(): Promise<Child> {
  const child = forkChild(`${BUILT}backend.js`, [], process.env);
  return wrap('backend', child, await waitForListening(child, 'backend'));
}

/** The floors, each a script in this folder taking the backend's origin. */
const FLOOR_SCRIPTS = { 'raw pipe': 'raw-pipe.js', 'bare translator': 'bare-translator.js' } as const;
export type FloorName = keyof typeof FLOOR_SCRIPTS;

export async function startFloor(
  name: FloorName,
  backendPort: number,
  execArgv: string[] = [],
): Promise<Child> {
  const child = forkChild(
    `${BUILT}${FLOOR_SCRIPTS[name]}`,
    [`http://127.0.0.1:${backendPort}`],
    process.env,
    execArgv,
  );
  return wrap(name, child, await waitForListening(child, name));
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface InfiniproxyOptions {
  workers?: number;
  /** Extra environment (a config file, a profiler's flags…). */
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
  /** Arguments after `serve`. */
  args?: string[];
}

/** infiniproxy through its command line, configured by the environment, pointed at the backend. */
export async function startInfiniproxy(
  name: string,
  backendPort: number,
  options: InfiniproxyOptions = {},
): Promise<Child> {
  const port = await freePort();
  const args = [...(options.args ?? []), ...(options.workers ? ['--workers', String(options.workers)] : [])];
  const child = forkChild(
    CLI,
    ['serve', ...args],
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PROXY_HOST: '127.0.0.1',
      PROXY_PORT: String(port),
      OPENAI_BASE_URL: `http://127.0.0.1:${backendPort}/v1`,
      OPENAI_MODEL: 'backend-model',
      OPENAI_API_KEY: 'sk-bench',
      ...options.env,
    },
    ['--import', `${BUILT}usage-preload.js`, ...proxyNodeFlags(), ...(options.execArgv ?? [])],
    proxyNodeFlags().length > 0,
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      const response = await request(`http://127.0.0.1:${port}/health`);
      await response.body.dump();
      if (response.statusCode === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return wrap(name, child, port);
}
