import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { buildChunkStream } from '../../helpers/build-chunk-stream.js';
import { parseAnthropicSse } from '../../helpers/parse-anthropic-sse.js';
import { messagesBody, postMessages } from '../../helpers/post-messages.js';
import { completion } from '../../helpers/scripted-backend.js';
import { useProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

const harness = useProxyAndBackend();

const firstChunk = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: 'Once' } }] })}\n\n`;

/** The backend sends one chunk, then waits until the test releases it (or forever). */
function startSlowAnswer(): { released: Promise<void>; release: () => void } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  harness.current.backend.enqueue(async (_request, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(firstChunk);
    await released;
    if (!response.destroyed)
      response.end(
        buildChunkStream([{ text: ' upon a time' }])
          .split('\n\n')
          .slice(1)
          .join('\n\n'),
      );
  });
  return { released, release };
}

async function openStream(): Promise<{ rest: Promise<string>; first: string }> {
  const response = await postMessages(harness.current.proxy.url, messagesBody({ stream: true }));
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let first = '';
  while (!first.includes('content_block_delta')) first += decoder.decode((await reader.read()).value);
  const rest = (async () => {
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
    }
  })();
  return { rest, first };
}

describe('graceful shutdown', () => {
  it('lets a stream in flight finish within the grace period and refuses new connections meanwhile', async () => {
    const { proxy } = await harness.start();
    const answer = startSlowAnswer();
    const stream = await openStream();

    const stopped = proxy.server.shutdown(10_000);
    await expect(fetch(`${proxy.url}/health`)).rejects.toThrow();
    answer.release();

    const frames = parseAnthropicSse(stream.first + (await stream.rest));
    expect(frames.at(-1)?.event).toBe('message_stop');
    expect(frames.map((frame) => frame.event)).not.toContain('error');
    await stopped;
  });

  it('ends a stream still open after the grace period with an overloaded_error event saying the proxy is shutting down', async () => {
    const { backend, proxy } = await harness.start();
    startSlowAnswer();
    const stream = await openStream();

    await proxy.server.shutdown(50);
    const frames = parseAnthropicSse(await stream.rest);
    const last = frames.at(-1);
    expect(last?.event).toBe('error');
    expect(last?.data).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: expect.stringContaining('shutting down') },
    });
    expect(frames.map((frame) => frame.event)).not.toContain('message_stop');
    // The backend request is cancelled too, so it stops generating.
    await backend.requests[0]!.closedEarly;
  });

  it('does not wait for idle keep-alive connections', async () => {
    const { backend, proxy } = await harness.start();
    backend.enqueue(completion({ content: 'done' }));
    // fetch keeps the connection open for reuse after this answer.
    expect((await postMessages(proxy.url, messagesBody())).status).toBe(200);
    // A grace period longer than the test's timeout: waiting on the idle socket would fail the test.
    await proxy.server.shutdown(60_000);
    expect(proxy.server.context.activity.requestCount).toBe(0);
  });
});
