import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProxyError } from '../../errors.js';
import type { AnthropicStreamEvent } from '../../translate/create-stream-translator.js';
import { mapTransportError, type UpstreamResponse } from '../../upstream/create-upstream-client.js';
import type { StreamConverter } from './create-stream-converter.js';
import { openEventStream } from './open-event-stream.js';
import { renderSseFrame, renderStreamEvents } from './render-sse-frame.js';

export interface PipeEventStreamOptions {
  request: FastifyRequest;
  reply: FastifyReply;
  upstream: UpstreamResponse;
  converter: StreamConverter;
  /** Aborts the upstream request; also fired by the route when the client goes away. */
  upstreamAbort: AbortController;
  /** A ping is sent after this much backend silence. */
  pingIntervalMs: number;
  /** The backend as the user knows it, for error messages. */
  backendUrl: string;
  /** Scrubs secrets from error messages that may quote the backend. */
  redact: (text: string) => string;
}

const PING_FRAME = renderSseFrame({ type: 'ping' });

/**
 * Streams a backend's SSE answer to the client as Anthropic events, once the backend has
 * answered 200. Frames are written per upstream chunk and the upstream is read no faster
 * than the client takes them. One timer per stream, refreshed on every upstream chunk,
 * sends `ping` while the backend is silent (reasoning models can think for minutes). The
 * client's response ends as soon as message_stop is out; the rest of the upstream body
 * (`[DONE]`) is still read so the backend connection can be reused.
 */
export async function pipeEventStream(options: PipeEventStreamOptions): Promise<void> {
  const { request, reply, upstream, converter } = options;
  const writer = openEventStream(reply);
  const timer = setTimeout(() => {
    if (writer.closed) return;
    // A client that is not reading already has frames queued; a ping would only add to them.
    if (!reply.raw.writableNeedDrain) writer.write(PING_FRAME);
    timer.refresh();
  }, options.pingIntervalMs);

  const emit = async (events: readonly AnthropicStreamEvent[]): Promise<boolean> => {
    if (events.length === 0) return !writer.closed;
    recordFacts(request, reply, events);
    const flowing = writer.write(renderStreamEvents(events, request.id, options.redact));
    if (converter.finished) {
      writer.end();
      // After an error event the rest of the body is of no use; stop the backend.
      if (events.at(-1)?.type === 'error') options.upstreamAbort.abort();
      return true;
    }
    return flowing || writer.drained();
  };

  try {
    // message_start goes out at once, before the first upstream chunk.
    await emit(converter.start());
    for await (const bytes of upstream.body) {
      timer.refresh();
      if (converter.finished) continue;
      if (!(await emit(converter.push(bytes)))) break;
    }
    if (!converter.finished) await emit(converter.end());
  } catch (error) {
    // The client left (the route aborted the upstream) or we stopped the backend ourselves.
    if (writer.closed || options.upstreamAbort.signal.aborted) return;
    const failure = mapTransportError(error, options.backendUrl);
    await emit(
      converter.fail(
        new ProxyError(failure.code, failure.type, `The answer stream was interrupted. ${failure.message}`),
      ),
    );
  } finally {
    clearTimeout(timer);
    writer.end();
    // No access-log line follows a response that never finished, so say what happened here.
    if (!reply.raw.writableFinished && reply.raw.destroyed) {
      request.log.info(
        { stream: true, latencyMs: Math.round(reply.elapsedTime) },
        'client closed the stream early',
      );
    }
  }
}

/** Time to the first content and the output token count, for the access log. */
function recordFacts(
  request: FastifyRequest,
  reply: FastifyReply,
  events: readonly AnthropicStreamEvent[],
): void {
  for (const event of events) {
    if (event.type === 'content_block_start' && request.facts.timeToFirstTokenMs === null) {
      request.facts.timeToFirstTokenMs = Math.round(reply.elapsedTime);
    } else if (event.type === 'message_delta') {
      request.facts.outputTokens = event.usage.output_tokens;
    }
  }
}
