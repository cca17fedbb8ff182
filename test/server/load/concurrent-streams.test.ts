import type { ServerResponse } from 'node:http';
import { Agent, request } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import { forceGc } from '../../helpers/force-gc.js';
import { parseAnthropicSse } from '../../helpers/parse-anthropic-sse.js';
import { messagesBody } from '../../helpers/post-messages.js';
import { useSharedProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

const STREAMS = 200;
const ABORTED = 50;
/** Each answer is this many text chunks, one every CHUNK_INTERVAL_MS: slow enough to overlap all streams. */
const CHUNKS = 12;
const CHUNK_INTERVAL_MS = 25;
/** Generous: the heap after the run may hold pool sockets, JIT code and caches warmed by it. */
const HEAP_SLACK_BYTES = 16 * 1024 * 1024;

const shared = useSharedProxyAndBackend();

const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;

/**
 * Sends the first piece at once, waits until `go` resolves (so every stream is open at the
 * same time), then streams the other pieces at a slow pace and finishes; stops as soon as the
 * proxy hangs up.
 */
async function slowAnswer(response: ServerResponse, go: Promise<void>): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.write(chunk({ role: 'assistant', content: 'piece 0 ' }));
  await go;
  return new Promise((resolve) => {
    let sent = 1;
    const timer = setInterval(() => {
      if (response.destroyed) {
        clearInterval(timer);
        resolve();
        return;
      }
      if (sent < CHUNKS) {
        response.write(chunk({ content: `piece ${sent++} ` }));
        return;
      }
      clearInterval(timer);
      response.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
      resolve();
    }, CHUNK_INTERVAL_MS);
  });
}

function proxyConnections(): Promise<number> {
  return new Promise((resolve, reject) =>
    shared.proxy.server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

interface ClientStream {
  firstDelta: Promise<void>;
  outcome: Promise<{ aborted: boolean; text: string }>;
  abort(): void;
}

function openClientStream(agent: Agent): ClientStream {
  const controller = new AbortController();
  let markFirst!: () => void;
  const firstDelta = new Promise<void>((resolve) => {
    markFirst = resolve;
  });
  const outcome = (async () => {
    let text = '';
    try {
      const response = await request(`${shared.proxy.url}/v1/messages`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messagesBody({ stream: true })),
        signal: controller.signal,
      });
      for await (const bytes of response.body) {
        text += String(bytes);
        if (text.includes('content_block_delta')) markFirst();
      }
      return { aborted: false, text };
    } catch (error) {
      if (controller.signal.aborted) return { aborted: true, text };
      throw error;
    }
  })();
  return { firstDelta, outcome, abort: () => controller.abort() };
}

describe(`${STREAMS} concurrent streams with ${ABORTED} clients leaving mid-stream`, () => {
  it('closes every abandoned backend request, leaves no proxy socket open and returns the heap near its start', async () => {
    await forceGc();
    const heapBefore = process.memoryUsage().heapUsed;
    const agent = new Agent({ connections: STREAMS * 2 });
    let releaseAll!: () => void;
    const go = new Promise<void>((resolve) => {
      releaseAll = resolve;
    });
    for (let index = 0; index < STREAMS; index++)
      shared.backend.enqueue((_request, response) => slowAnswer(response, go));

    const streams = Array.from({ length: STREAMS }, () => openClientStream(agent));
    await Promise.all(streams.map((stream) => stream.firstDelta));
    expect(shared.backend.requests).toHaveLength(STREAMS);
    expect(shared.proxy.server.context.activity.streamCount).toBe(STREAMS);

    const leaving = streams.slice(0, ABORTED);
    for (const stream of leaving) stream.abort();
    releaseAll();
    const outcomes = await Promise.all(streams.map((stream) => stream.outcome));

    // Every client that left had its backend request closed before the answer was complete.
    const abandoned = shared.backend.requests.filter((recorded) => !recorded.finished);
    expect(abandoned).toHaveLength(ABORTED);
    await Promise.all(abandoned.map((recorded) => recorded.closedEarly));
    expect(outcomes.filter((outcome) => outcome.aborted)).toHaveLength(ABORTED);
    // Everyone else got a complete answer.
    for (const outcome of outcomes.slice(ABORTED)) {
      const frames = parseAnthropicSse(outcome.text);
      expect(frames.at(-1)?.event).toBe('message_stop');
    }

    await agent.close();
    await vi.waitFor(async () => expect(await proxyConnections()).toBe(0));
    expect(shared.proxy.server.context.activity.streamCount).toBe(0);
    expect(shared.proxy.server.context.activity.requestCount).toBe(0);

    outcomes.length = 0;
    streams.length = 0;
    shared.backend.requests.length = 0;
    await forceGc();
    const growth = process.memoryUsage().heapUsed - heapBefore;
    expect(growth).toBeLessThan(HEAP_SLACK_BYTES);
  });
});
