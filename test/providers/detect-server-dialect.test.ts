import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { captureLogLines } from '../helpers/capture-log-lines.js';
import { json, type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';

// llama-server listens on any port the user gives it, and on a port other than 8080 the
// proxy took it for an unknown server: generic requests, named tool choices it ignores.
// At start-up the proxy asks a backend whose URL is not conclusive what it runs.

let backend: ScriptedBackend | undefined;
let other: ScriptedBackend | undefined;
let proxy: TestProxy | undefined;
let silent: Server | undefined;
afterEach(async () => {
  await proxy?.close();
  await backend?.close();
  await other?.close();
  silent?.closeAllConnections();
  silent?.close();
  proxy = backend = other = silent = undefined;
});

interface RootInfo {
  providers: { dialect: string; dialect_reason: string }[];
}

async function dialectOf(running: TestProxy): Promise<RootInfo['providers'][number]> {
  const info = (await (await fetch(`${running.url}/`)).json()) as RootInfo;
  const { dialect, dialect_reason } = info.providers[0]!;
  return { dialect, dialect_reason };
}

/** Answers GET /v1/models and GET /props as the test says, anything else 404. */
async function serverAnswering(answers: { models?: unknown; props?: unknown }) {
  backend = await scriptedServer(answers);
  return backend;
}

async function scriptedServer(answers: { models?: unknown; props?: unknown }) {
  const backend = await startScriptedBackend();
  for (let index = 0; index < 2; index++) {
    backend.enqueue((request, response) => {
      const answer = request.url.endsWith('/models')
        ? answers.models
        : request.url === '/props'
          ? answers.props
          : undefined;
      if (answer === undefined) return json(404, { error: { message: 'Not Found' } })(request, response);
      return json(200, answer)(request, response);
    });
  }
  return backend;
}

describe('start-up detection of the server behind an unknown URL', () => {
  it('switches to llamacpp when GET /v1/models entries are owned_by llamacpp, and logs it once', async () => {
    const server = await serverAnswering({
      models: { object: 'list', data: [{ id: 'tiny', object: 'model', owned_by: 'llamacpp' }] },
    });
    const logs = captureLogLines();
    proxy = await startProxy(
      { OPENAI_BASE_URL: server.baseUrl },
      { serverProbeMs: 2_000, logDestination: logs.destination },
    );
    expect(await dialectOf(proxy)).toEqual({ dialect: 'llamacpp', dialect_reason: 'detected from server' });
    const lines = logs.entries().filter((entry) => String(entry.msg).startsWith('backend identified'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ provider: 'default', dialect: 'llamacpp' });
    expect(String(lines[0]!.msg)).toContain('owned_by "llamacpp"');
  });

  it('switches to llamacpp on GET /props alone, when the model list says nothing', async () => {
    const server = await serverAnswering({
      models: { object: 'list', data: [{ id: 'tiny', object: 'model' }] },
      props: { default_generation_settings: { n_ctx: 4096 }, total_slots: 1 },
    });
    proxy = await startProxy({ OPENAI_BASE_URL: server.baseUrl }, { serverProbeMs: 2_000 });
    expect(await dialectOf(proxy)).toEqual({ dialect: 'llamacpp', dialect_reason: 'detected from server' });
  });

  it('keeps generic when the server names no software it knows', async () => {
    const server = await serverAnswering({
      models: { object: 'list', data: [{ id: 'gpt-x', object: 'model', owned_by: 'openai' }] },
    });
    const logs = captureLogLines();
    proxy = await startProxy(
      { OPENAI_BASE_URL: server.baseUrl },
      { serverProbeMs: 2_000, logDestination: logs.destination },
    );
    expect(await dialectOf(proxy)).toEqual({ dialect: 'generic', dialect_reason: 'no known host or port' });
    expect(logs.entries().filter((entry) => String(entry.msg).includes('did not say'))).toHaveLength(1);
  });

  it('asks a backend at a new URL after a reload, and only that one', async () => {
    const first = await serverAnswering({
      models: { object: 'list', data: [{ id: 'gpt-x', object: 'model', owned_by: 'openai' }] },
    });
    other = await scriptedServer({
      models: { object: 'list', data: [{ id: 'tiny', object: 'model', owned_by: 'llamacpp' }] },
    });
    const logs = captureLogLines();
    proxy = await startProxy(
      { OPENAI_BASE_URL: first.baseUrl },
      { serverProbeMs: 2_000, logDestination: logs.destination },
    );
    const askedAtStart = first.requests.length;
    expect(await dialectOf(proxy)).toMatchObject({ dialect: 'generic' });

    const next = loadConfig({ OPENAI_BASE_URL: other.baseUrl, OPENAI_MODEL: 'backend-model' }, null);
    expect(await proxy.server.reload(next)).toBe(true);
    expect(await dialectOf(proxy)).toEqual({ dialect: 'llamacpp', dialect_reason: 'detected from server' });
    expect(other.requests.length).toBeGreaterThan(0);
    const identified = logs.entries().filter((entry) => String(entry.msg).startsWith('backend identified'));
    expect(identified).toHaveLength(1);
    expect(identified[0]).toMatchObject({ url: other.baseUrl, dialect: 'llamacpp' });

    // Back to the first URL: it was asked at start-up, so it is not asked again.
    const back = loadConfig({ OPENAI_BASE_URL: first.baseUrl, OPENAI_MODEL: 'backend-model' }, null);
    expect(await proxy.server.reload(back)).toBe(true);
    expect(await dialectOf(proxy)).toMatchObject({ dialect: 'generic' });
    expect(first.requests.length).toBe(askedAtStart);
  });

  it('drops a reload overtaken by a later one while its backend was being asked', async () => {
    proxy = await startProxy({ OPENAI_PROVIDER: 'vllm' }, { serverProbeMs: 500 });
    const silentServer = createServer(() => undefined);
    silent = silentServer;
    silentServer.listen(0, '127.0.0.1');
    await once(silentServer, 'listening');
    const { port } = silentServer.address() as AddressInfo;
    const slow = proxy.server.reload(
      loadConfig({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, OPENAI_MODEL: 'slow' }, null),
    );
    const fast = proxy.server.reload(loadConfig({ OPENAI_PROVIDER: 'ollama', OPENAI_MODEL: 'fast' }, null));
    expect(await fast).toBe(true);
    expect(await slow).toBe(false);
    expect(await dialectOf(proxy)).toMatchObject({ dialect: 'ollama' });
  });

  it('asks nothing when OPENAI_PROVIDER chooses the dialect', async () => {
    const server = await serverAnswering({
      models: { object: 'list', data: [{ id: 'tiny', object: 'model', owned_by: 'llamacpp' }] },
    });
    proxy = await startProxy(
      { OPENAI_BASE_URL: server.baseUrl, OPENAI_PROVIDER: 'vllm' },
      { serverProbeMs: 2_000 },
    );
    expect(await dialectOf(proxy)).toEqual({ dialect: 'vllm', dialect_reason: 'set by OPENAI_PROVIDER' });
    expect(server.requests).toEqual([]);
  });

  it('starts anyway, on generic, when the backend accepts the connection and never answers', async () => {
    const sockets = new Set<Socket>();
    silent = createServer(() => undefined);
    silent.on('connection', (socket) => sockets.add(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as AddressInfo;
    proxy = await startProxy({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }, { serverProbeMs: 200 });
    expect(await dialectOf(proxy)).toEqual({ dialect: 'generic', dialect_reason: 'no known host or port' });
    expect(sockets.size).toBeGreaterThan(0);
  });

  it('starts anyway, on generic, when nothing listens at the backend URL', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    proxy = await startProxy({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }, { serverProbeMs: 2_000 });
    expect(await dialectOf(proxy)).toEqual({ dialect: 'generic', dialect_reason: 'no known host or port' });
  });
});
