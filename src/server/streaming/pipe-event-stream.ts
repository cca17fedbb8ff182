import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestAbort } from '../../dispatch/request-abort.js';
import { ProxyError } from '../../errors.js';
import type { StreamConverter } from '../../providers/chat-completions/create-stream-converter.js';
import type { Provider } from '../../providers/provider.js';
import type { AnthropicStreamEvent } from '../../translate/create-stream-translator.js';
import { mapTransportError } from '../../upstream/create-upstream-client.js';
import type { ActivityRegistry } from '../lifecycle/create-activity-registry.js';
import { classifyUpstreamError } from '../observability/classify-upstream-error.js';
import { recordStreamFacts } from '../observability/record-answer-facts.js';
import { encodeStreamEvents } from './encode-stream-events.js';
import { openEventStream } from './open-event-stream.js';
import { renderSseFrame } from './render-sse-frame.js';

export interface PipeEventStreamOptions {
  request: FastifyRequest;
  reply: FastifyReply;
  /** message_start and the events of the backend's first SSE event, read before the answer was committed. */
  firstEvents: AnthropicStreamEvent[];
  /** The rest of the backend's body. */
  rest: AsyncIterator<Buffer>;
  converter: StreamConverter;
  /** Aborts the upstream request; also fired by the route when the client goes away. */
  upstreamAbort: RequestAbort;
  /** A ping is sent after this much backend silence. */
  pingIntervalMs: number;
  /** The provider answering, named in error messages. */
  provider: Provider;
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
  const { request, reply, converter } = options;
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
    const flowing = writer.write(
      encodeStreamEvents(events, request.id, options.redact, converter.rawFrame?.bind(converter)),
    );
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
    // The answer is committed: message_start and the first event go out together.
    let flowing = await emit(options.firstEvents);
    // Written: let them go. The first read may have held the whole answer, which would
    // otherwise stay reachable (and be copied by every young-generation GC) until the end.
    options.firstEvents.length = 0;
    while (flowing) {
      const next = await options.rest.next();
      if (next.done) break;
      timer.refresh();
      // After message_stop the rest (`[DONE]`) is still read so the connection can be reused.
      if (converter.finished) continue;
      flowing = await emit(converter.push(next.value));
    }
    if (!flowing) await options.rest.return?.();
    else if (!converter.finished) await emit(converter.end());
  } catch (error) {
    // The client left (the route aborted the upstream) or we stopped the backend ourselves.
    if (writer.closed || options.upstreamAbort.aborted) return;
    const { provider } = options;
    const failure = mapTransportError(error, {
      provider: provider.name,
      url: provider.config.backend.displayUrl,
      timeouts: provider.config.timeouts,
    });
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
