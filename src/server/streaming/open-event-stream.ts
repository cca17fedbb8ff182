import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';

export interface EventStreamWriter {
  /** Queues frames; false means the socket buffer is full and the caller should await drained(). */
  write(frames: string | Buffer): boolean;
  /** Resolves true when the socket can take more, false if the client went away first. */
  drained(): Promise<boolean>;
  /** True once the client went away or end() was called. */
  readonly closed: boolean;
  end(): void;
}

/**
 * Takes the response over from Fastify and opens an SSE stream on it. The headers keep
 * reverse proxies (nginx: x-accel-buffering) and caches from holding frames back.
 */
export function openEventStream(reply: FastifyReply): EventStreamWriter {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  const isClosed = () => raw.destroyed || raw.writableEnded;
  // The inspector's record of the exchange, when it is on: it keeps each frame as written.
  const exchange = reply.request.exchange;

  return {
    get closed() {
      return isClosed();
    },
    write(frames) {
      if (isClosed()) return true;
      // Encoded here to an exactly sized Buffer, the socket's writev gets bytes instead of
      // sizing, allocating for the worst case (three bytes a character) and flattening; the
      // inspector keeps the same bytes, and decodes them only if someone opens the exchange.
      const bytes = typeof frames === 'string' ? Buffer.from(frames, 'utf8') : frames;
      exchange?.clientFrame(bytes);
      return raw.write(bytes);
    },
    drained() {
      if (isClosed()) return Promise.resolve(false);
      if (!raw.writableNeedDrain) return Promise.resolve(true);
      return new Promise((resolve) => {
        const settle = (value: boolean) => {
          raw.off('drain', onDrain);
          raw.off('close', onClose);
          resolve(value);
        };
        const onDrain = () => settle(true);
        const onClose = () => settle(false);
        raw.once('drain', onDrain);
        raw.once('close', onClose);
      });
    },
    end() {
      if (!isClosed()) raw.end();
    },
  };
}
