import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export interface BodyDrainLimits {
  /** The most unread body bytes read and thrown away before giving up and closing instead. */
  maxBytes: number;
  /** The longest wait, in milliseconds, for the rest of the body. */
  maxMs: number;
}

/**
 * Reads and discards what is left of a request body before an answer decided early is sent:
 * a 413 for a body over BODY_LIMIT_MB (Fastify answers it from Content-Length alone), a 401,
 * a 404, a 529 while draining. Closing a socket with unread bytes makes the kernel reset the
 * connection, and a client still uploading (fetch, hence the official SDKs) then loses the
 * answer: it reports a connection error and retries the whole upload. Once the body is read
 * the answer reaches every client. A client that keeps sending past `maxBytes`, or for longer
 * than `maxMs`, gets the answer with `connection: close` and nothing more is read from it.
 */
export function registerUnreadBodyDrain(app: FastifyInstance, limits: BodyDrainLimits): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const incoming = request.raw;
    // Bodies already read, and requests without one, are the hot path: one property check,
    // and a callback hook so that it costs no promise.
    if (incoming.complete || incoming.readableEnded || incoming.destroyed) return done(null, payload);
    void drainBody(incoming, limits).then((readToEnd) => {
      if (!readToEnd) reply.header('connection', 'close');
      done(null, payload);
    });
  });
}

/** Resolves true once the body has been read to its end, false when a limit or the client stopped it first. */
function drainBody(incoming: IncomingMessage, limits: BodyDrainLimits): Promise<boolean> {
  return new Promise((resolve) => {
    let received = 0;
    let settled = false;
    const settle = (readToEnd: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onStopped);
      incoming.off('close', onStopped);
      // Paused, the rest stays in the kernel; the close that follows the answer discards it.
      if (!readToEnd) incoming.pause();
      resolve(readToEnd);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBytes) settle(false);
    };
    const onEnd = () => settle(true);
    const onStopped = () => settle(incoming.complete);
    const timer = setTimeout(() => settle(false), limits.maxMs);
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onStopped);
    incoming.once('close', onStopped);
    incoming.resume();
  });
}
