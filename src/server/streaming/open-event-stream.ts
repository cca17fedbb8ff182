import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { ExchangeCapture } from '../../inspector/create-exchange-capture.js';

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
  // Set on the object getHeaders() makes for this call: spread into a literal with keys of
  // its own, it would get a hidden class of its own on every stream (see bench/NOTES.md).
  const headers = reply.getHeaders() as OutgoingHttpHeaders;
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache';
  headers['x-accel-buffering'] = 'no';
  reply.raw.writeHead(200, headers);
  // The inspector's record of the exchange, when it is on: it keeps each frame as written.
  return new ResponseStreamWriter(reply.raw, reply.request.exchange);
}

/** A class, not an object literal with a getter: see Mutable. */
class ResponseStreamWriter implements EventStreamWriter {
  constructor(
    private readonly raw: ServerResponse,
    private readonly exchange: ExchangeCapture | null,
  ) {}

  get closed(): boolean {
    return this.raw.destroyed || this.raw.writableEnded;
  }

  write(frames: string | Buffer): boolean {
    if (this.closed) return true;
    // Encoded here to an exactly sized Buffer, the socket's writev gets bytes instead of
    // sizing, allocating for the worst case (three bytes a character) and flattening; the
    // inspector keeps the same bytes, and decodes them only if someone opens the exchange.
    const bytes = typeof frames === 'string' ? Buffer.from(frames, 'utf8') : frames;
    this.exchange?.clientFrame(bytes);
    return this.raw.write(bytes);
  }

  drained(): Promise<boolean> {
    const raw = this.raw;
    if (this.closed) return Promise.resolve(false);
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
  }

  end(): void {
    if (!this.closed) this.raw.end();
  }
}
