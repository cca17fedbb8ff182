import type { ServerResponse } from 'node:http';
import { APIUserAbortError } from '@anthropic-ai/sdk';
import { describe, expect, it, vi } from 'vitest';
import { useSharedProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

const shared = useSharedProxyAndBackend({}, { streamPingIntervalMs: 20 });

const chunk = (delta: Record<string, unknown>) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

function proxyConnections(): Promise<number> {
  return new Promise((resolve, reject) =>
    shared.proxy.server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

describe('client disconnect during a stream', () => {
  it('closes the backend connection and leaves no sockets or timers behind', async () => {
    // The backend starts answering, then keeps generating forever.
    shared.backend.enqueue((_request, response: ServerResponse) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chunk({ role: 'assistant', content: 'Once upon' }));
    });
    const timeoutsBefore = activeTimeouts();

    const stream = shared.proxy.client.messages.stream({
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
    await shared.backend.requests[0]!.closedEarly;
    expect(shared.backend.requests[0]!.finished).toBe(false);
    await vi.waitFor(() => expect(shared.backend.openSockets()).toBe(0));
    await vi.waitFor(async () => expect(await proxyConnections()).toBe(0));
    await vi.waitFor(() => expect(activeTimeouts()).toBeLessThanOrEqual(timeoutsBefore));
  });
});
