import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/llama-server.sh', import.meta.url));

export interface LlamaServer {
  /** Base URL including /v1, as OPENAI_BASE_URL would be set. */
  baseUrl: string;
  origin: string;
  /** The model alias it serves. */
  model: string;
  /** The context window of one request, -c divided among the slots, in tokens. */
  contextSize: number;
  /** What it wrote to stderr and stdout, for a failing test's message. */
  log(): string;
  close(): Promise<void>;
}

/** The built server and model, as the project script reports them; throws saying how to build them. */
export function findLlamaServerBuild(): { server: string; model: string } {
  try {
    const [server, model] = execFileSync(SCRIPT, ['paths'], { encoding: 'utf8' }).trim().split('\n');
    if (server && model) return { server, model };
  } catch {
    // Reported below.
  }
  throw new Error('llama-server is not built: run scripts/llama-server.sh build once (about 15 minutes)');
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts llama-server on a free 127.0.0.1 port with the tiny model and waits until it has
 * loaded it. --jinja: tool calls need its chat-template engine. --seed fixes the sampling,
 * so a run repeats. One slot by default, so requests queue instead of splitting the context.
 */
export async function startLlamaServer(contextSize = 32_768, slots = 1): Promise<LlamaServer> {
  const { server, model } = findLlamaServerBuild();
  const port = await freePort();
  const alias = 'tiny';
  const child: ChildProcess = spawn(
    server,
    ['-m', model, '--host', '127.0.0.1', '--port', String(port), '--jinja', '-c', String(contextSize)].concat(
      ['-np', '1', '-a', alias, '--seed', '42'],
    ),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit');
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited at start-up:\n${output}`);
    const health = await fetch(`${origin}/health`).catch(() => undefined);
    if (health?.status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`llama-server did not load the model within a minute:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl: `${origin}/v1`,
    origin,
    model: alias,
    contextSize: contextSize / slots,
    log: () => output,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
