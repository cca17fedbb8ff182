import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Inspector } from './create-inspector.js';
import type { ExchangeSummary } from './exchange.js';

/** A comment line now and then shows a dead connection and keeps idle proxies from closing it. */
const KEEP_ALIVE_MS = 15_000;
/** A page that stops reading is cut off rather than queued for without end. */
const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * The live feed: one `exchange` event per exchange that starts or ends, as a summary. The
 * page reads it with fetch (EventSource cannot send the proxy key in a header). Feeds are
 * closed before the server stops, so an open page never holds up a graceful shutdown.
 */
export function streamExchanges(
  inspector: Inspector,
  feeds: Set<() => void>,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  raw.write(': inspector feed\n\n');

  const write = (text: string) => {
    if (raw.destroyed || raw.writableEnded) return;
    if (raw.writableLength > MAX_QUEUED_BYTES) {
      raw.destroy();
      return;
    }
    raw.write(text);
  };
  const unsubscribe = inspector.subscribe((summary: ExchangeSummary) =>
    write(`event: exchange\ndata: ${JSON.stringify(summary)}\n\n`),
  );
  const timer = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  timer.unref();
  const close = () => {
    clearInterval(timer);
    unsubscribe();
    feeds.delete(close);
    if (!raw.destroyed && !raw.writableEnded) raw.end();
  };
  feeds.add(close);
  raw.once('close', close);
  request.raw.once('aborted', close);
}

/** The open feeds of one app, each closed by the function kept; all closed before the server stops. */
export function createFeedRegistry(app: FastifyInstance): Set<() => void> {
  const feeds = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const close of [...feeds]) close();
    done();
  });
  return feeds;
}
