import type { ServerResponse } from 'node:http';
import { APIUserAbortError } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ScriptedBackend, startScriptedBackend } from '../../helpers/scripted-backend.js';
import { startProxy, type TestProxy } from '../../helpers/start-proxy.js';

let backend: ScriptedBackend;
let proxy: TestProxy;

beforeAll(async () => {
  backend = await startScriptedBackend();
  proxy = await startProxy({ OPENAI_BASE_URL: backend.baseUrl }, { streamPingIntervalMs: 20 });
});
afterAll(async () => {
  await proxy.close();
  await backend.close();
});

const chunk = (delta: Record<string, unknown>) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

function proxyConnections(): Promise<number> {
  return new Promise((resolve, reject) =>
    proxy.server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

describe('client disconnect during a stream', () => {
  it('closes the backend connection and leaves no sockets or timers behind', async () => {
    // The backend starts answering, then keeps generating forever.
    backend.enqueue((_request, response: ServerResponse) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chunk({ role: 'assistant', content: 'Once upon' }));
    });
    const timeoutsBefore = activeTimeouts();

    const stream = proxy.client.messages.stream({
      model: 'claude-fixture',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Tell me a long story' }],
    });
    const outcome = stream.finalMessage().catch((error: unknown) => error);
    const firstText = new Promise<string>((resolve) => stream.on('text', resolve));
    expect(await firstText).toBe('Once upon');
    stream.abort();
    expect(await outcome).toBeInstanceOf(APIUserAbortError);

    // Without the abort the backend would hold this request open until the 300 s timeout.
    await backend.requests[0]!.closedEarly;
    expect(backend.requests[0]!.finished).toBe(false);
    await vi.waitFor(() => expect(backend.openSockets()).toBe(0));
    await vi.waitFor(async () => expect(await proxyConnections()).toBe(0));
    await vi.waitFor(() => expect(activeTimeouts()).toBeLessThanOrEqual(timeoutsBefore));
  });
});
