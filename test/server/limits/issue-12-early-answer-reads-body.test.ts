// An answer decided before the body is read (413 from Content-Length, 401, 529 while
// draining) used to be sent and the connection closed at once. With upload bytes still unread
// the kernel resets the connection, so a client still sending (fetch, the official SDK) lost
// the answer, reported "Connection error" and retried the whole 40 MB upload.
import { connect, type Socket } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { AuthenticationError } from '../../../src/errors.js';
import { registerUnreadBodyDrain } from '../../../src/server/limits/register-unread-body-drain.js';
import { startServer } from '../../../src/server/start-server.js';
import { useProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

const harness = useProxyAndBackend();
const MB = 1024 * 1024;
const FORTY_MB_TEXT = 'x'.repeat(40 * MB);
/**
 * More than the loopback socket buffers hold (a few MB each way), so a body the proxy does not
 * read cannot be written in full, and under four times an 8 MB or the default 32 MB limit.
 */
const UNBUFFERABLE = 30 * MB;

interface RawExchange {
  /** The status line and headers and body, as received. */
  response: string;
  /** Body bytes the kernel accepted before the proxy closed the connection or the body was done. */
  bytesWritten: number;
}

/**
 * Sends one POST over a raw socket: the head declaring `declaredLength`, then up to `sendLength`
 * body bytes in 64 KiB writes, each waiting until the kernel took it. Resolves when the proxy
 * closes the connection (the request asks for that unless `keepAlive`), with what it answered.
 */
function rawPost(
  url: string,
  options: {
    path: string;
    declaredLength: number;
    sendLength: number;
    /** Leaves out `connection: close`, so only the proxy can decide to close. */
    keepAlive?: boolean;
  },
): Promise<RawExchange> {
  const { port } = new URL(url);
  const socket: Socket = connect(Number(port), '127.0.0.1');
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  // A reset while writing is one of the outcomes under test; it is read from bytesWritten.
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const head = [
    `POST ${options.path} HTTP/1.1`,
    'host: 127.0.0.1',
    'content-type: application/json',
    `content-length: ${options.declaredLength}`,
    ...(options.keepAlive ? [] : ['connection: close']),
    '',
    '',
  ].join('\r\n');
  const piece = Buffer.alloc(64 * 1024, 0x78);
  const writeAll = async (): Promise<number> => {
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(head);
    let written = 0;
    while (written < options.sendLength && !socket.destroyed) {
      const next = piece.subarray(0, Math.min(piece.length, options.sendLength - written));
      const accepted = await new Promise<boolean>((resolve) =>
        socket.write(next, (error) => resolve(!error)),
      );
      if (!accepted) break;
      written += next.length;
    }
    return written;
  };
  return writeAll().then(async (bytesWritten) => {
    await closed;
    return { response: Buffer.concat(received).toString('utf8'), bytesWritten };
  });
}

function statusOf(exchange: RawExchange): number {
  return Number(exchange.response.slice(9, 12));
}

function errorTypeOf(exchange: RawExchange): unknown {
  const body = exchange.response.slice(exchange.response.indexOf('\r\n\r\n') + 4);
  return (JSON.parse(body) as { error: { type: unknown } }).error.type;
}

describe('a body over BODY_LIMIT_MB', () => {
  it('reaches the official SDK as APIError 413 request_too_large for a 40 MB message', async () => {
    const { proxy, backend } = await harness.start({ BODY_LIMIT_MB: '1' });
    const answer = proxy.client.messages.create({
      model: 'claude-fixture',
      max_tokens: 10,
      messages: [{ role: 'user', content: FORTY_MB_TEXT }],
    });
    await expect(answer).rejects.toBeInstanceOf(Anthropic.APIError);
    await expect(answer).rejects.toMatchObject({ status: 413, type: 'request_too_large' });
    expect(backend.requests).toHaveLength(0);
  });

  it('is read to its end before the 413 is sent, so the client finishes its upload', async () => {
    const { proxy } = await harness.start({ BODY_LIMIT_MB: '8' });
    const length = UNBUFFERABLE;
    const exchange = await rawPost(proxy.url, {
      path: '/v1/messages',
      declaredLength: length,
      sendLength: length,
    });
    expect(exchange.bytesWritten).toBe(length);
    expect(statusOf(exchange)).toBe(413);
    expect(errorTypeOf(exchange)).toBe('request_too_large');
  });

  it('stops being read at four times the limit and the connection is closed', async () => {
    // 0.05 MB: the 4x bound is about 200 KiB, far below what the client offers.
    const { proxy } = await harness.start({ BODY_LIMIT_MB: '0.05' });
    const offered = 256 * MB;
    const exchange = await rawPost(proxy.url, {
      path: '/v1/messages',
      declaredLength: offered,
      sendLength: offered,
    });
    // What the kernel buffers on loopback (a few MB) is all that goes beyond the bound.
    expect(exchange.bytesWritten).toBeLessThan(32 * MB);
  });
});

describe('an answer decided before the body is read', () => {
  it('reaches the official SDK as APIError 401 for a wrong key with a 40 MB message', async () => {
    const { proxy, backend } = await harness.start({ PROXY_API_KEY: 'right-key', BODY_LIMIT_MB: '64' });
    const client = new Anthropic({ baseURL: proxy.url, apiKey: 'wrong-key', maxRetries: 0 });
    const answer = client.messages.create({
      model: 'claude-fixture',
      max_tokens: 10,
      messages: [{ role: 'user', content: FORTY_MB_TEXT }],
    });
    await expect(answer).rejects.toMatchObject({ status: 401, type: 'authentication_error' });
    expect(backend.requests).toHaveLength(0);
  });

  it('reads a large body to its end before answering 529 while shutting down', async () => {
    const config = loadConfig({ PROXY_HOST: '127.0.0.1', PROXY_PORT: '0', OPENAI_MODEL: 'm' }, null);
    const server = await startServer(config, { logger: false });
    try {
      server.context.activity.startDraining();
      const length = UNBUFFERABLE;
      const exchange = await rawPost(server.url, {
        path: '/v1/messages',
        declaredLength: length,
        sendLength: length,
      });
      expect(exchange.bytesWritten).toBe(length);
      expect(statusOf(exchange)).toBe(529);
      expect(errorTypeOf(exchange)).toBe('overloaded_error');
    } finally {
      await server.close();
    }
  });

  it('is sent with connection: close once the client has stalled past the wait', async () => {
    const app = Fastify();
    registerUnreadBodyDrain(app, { maxBytes: MB, maxMs: 20 });
    app.addHook('onRequest', async () => {
      throw new AuthenticationError('no key');
    });
    app.post('/', async () => 'unreachable');
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      // Ten kilobytes of a declared megabyte, then silence: only the wait can end it.
      const exchange = await rawPost(`http://127.0.0.1:${port}`, {
        path: '/',
        declaredLength: MB,
        sendLength: 10 * 1024,
        keepAlive: true,
      });
      expect(statusOf(exchange)).toBe(401);
      expect(exchange.response.toLowerCase()).toContain('connection: close');
    } finally {
      await app.close();
    }
  });
});
