import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProxyError } from '../../errors.js';
import type { AnthropicStreamEvent } from '../../translate/create-stream-translator.js';
import { mapTransportError, type UpstreamResponse } from '../../upstream/create-upstream-client.js';
import type { ActivityRegistry } from '../lifecycle/create-activity-registry.js';
import { classifyUpstreamError } from '../observability/classify-upstream-error.js';
import { recordStreamFacts } from '../observability/record-answer-facts.js';
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
  /** Where the stream registers itself so shutdown can end it with an error event. */
  activity?: ActivityRegistry;
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
    recordStreamFacts(request.facts, events);
    const flowing = writer.write(renderStreamEvents(events, request.id, options.redact));
    if (converter.finished) {
      writer.end();
      // After an error event the rest of the body is of no use; stop the backend.
      if (events.at(-1)?.type === 'error') options.upstreamAbort.abort();
      return true;
    }
    return flowing || writer.drained();
  };

  const unregister = options.activity?.addStream({
    endWithError(error) {
      if (converter.finished || writer.closed) return;
      request.facts.endedByShutdown = true;
      void emit(converter.fail(error));
    },
  });

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
    request.facts.upstreamErrorKind = classifyUpstreamError(failure);
    await emit(
      converter.fail(
        new ProxyError(failure.code, failure.type, `The answer stream was interrupted. ${failure.message}`),
      ),
    );
  } finally {
    clearTimeout(timer);
    unregister?.();
    writer.end();
  }
}
