import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { messagesBody } from '../../helpers/post-messages.js';
import { useSharedProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';
import { validateAnthropicStream } from '../../helpers/validate-anthropic-stream.js';

const shared = useSharedProxyAndBackend();

/** Far more than the socket and stream buffers between backend, proxy and client can hold. */
const TOTAL_BYTES = 48 * 1024 * 1024;
const FRAME = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x'.repeat(16 * 1024) } }] })}\n\n`;

/** Waits for 'drain' or 'close', then removes both listeners (a bare race of once() would leave one behind per wait). */
async function drainedOrClosed(response: ServerResponse): Promise<void> {
  const done = new AbortController();
  await Promise.race([
    once(response, 'drain', { signal: done.signal }),
    once(response, 'close', { signal: done.signal }),
  ]);
  done.abort();
}

describe('backpressure on a stream', () => {
  it('stops reading the backend while the client does not read, then delivers everything', async () => {
    let written = 0;
    let blockedSince: number | null = null;
    shared.backend.enqueue(async (_request, response: ServerResponse) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      while (written < TOTAL_BYTES && !response.destroyed) {
        written += FRAME.length;
        if (!response.write(FRAME)) {
          blockedSince = Date.now();
          await drainedOrClosed(response);
          blockedSince = null;
        }
      }
      response.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
      );
    });

    const url = new URL(`${shared.proxy.url}/v1/messages`);
    const client = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
    client.end(JSON.stringify(messagesBody({ stream: true })));
    const [response] = (await once(client, 'response')) as [IncomingMessage];
    response.pause();

    // Wait until the backend has been unable to write for a while (the proxy stopped reading
    // it), or has written everything (the proxy buffered it all, which fails below).
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if ((blockedSince !== null && Date.now() - blockedSince > 300) || written >= TOTAL_BYTES) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    expect(written).toBeLessThan(TOTAL_BYTES);

    response.setEncoding('utf8');
    let text = '';
    response.on('data', (piece: string) => {
      text += piece;
    });
    response.resume();
    await once(response, 'end');
    const events = validateAnthropicStream(text);
    expect(events.at(-1)?.type).toBe('message_stop');
    const received = events.reduce(
      (sum, event) =>
        sum +
        (event.type === 'content_block_delta' && event.delta.type === 'text_delta'
          ? event.delta.text.length
          : 0),
      0,
    );
    expect(received).toBe((written / FRAME.length) * 16 * 1024);
  });
});
