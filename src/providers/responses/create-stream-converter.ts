import { UpstreamProtocolError, UpstreamReportedError } from '../../errors.js';
import {
  createResponsesStreamTranslator,
  type ResponsesStreamTranslator,
} from '../../translate/create-responses-stream-translator.js';
import type { AnthropicStreamEvent, StreamContext } from '../../translate/create-stream-translator.js';
import { createSseParser, type SseEvent } from '../../upstream/parse-sse.js';
import type { ResponsesStreamEvent } from '../../wire/openai-responses.js';
import { appendAll, assembleStreamConverter, type ConversionState } from '../assemble-stream-converter.js';
import type { StreamConverter, StreamConverterOptions } from '../chat-completions/create-stream-converter.js';

/**
 * Events every answer opens with, which say nothing yet: the commit point is the first event
 * after them, so a response that fails right after response.created can still be retried.
 */
const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set([
  'response.created',
  'response.in_progress',
  'response.queued',
]);

/**
 * Responses API SSE bytes → Anthropic events: the proxy's SSE reader, one JSON parse per
 * event and the Responses translator. `started` turns true at the backend's first event
 * past the lifecycle ones, the commit point; an error reported before it is thrown by the
 * sender, so the request can still go elsewhere.
 */
export function createResponsesStreamConverter(
  context: StreamContext,
  options: StreamConverterOptions = {},
): StreamConverter {
  const state: ConversionState = { started: false, failure: undefined };
  const translator: ResponsesStreamTranslator = createResponsesStreamTranslator(context);

  function translate(events: AnthropicStreamEvent[], sseEvents: readonly SseEvent[]): void {
    for (const sseEvent of sseEvents) {
      if (translator.finished) return;
      // Some compatible servers end with the Chat Completions sentinel; the terminal event already came.
      if (sseEvent.data === '[DONE]') continue;
      const event = parseEvent(sseEvent, options.provider);
      if (!LIFECYCLE_EVENTS.has(event.type ?? '')) state.started = true;
      appendAll(events, translator.push(event));
      const reported = translator.reportedError;
      if (reported && !state.failure) {
        state.failure = new UpstreamReportedError(
          reported.type,
          `Backend error${options.provider ? ` (provider ${options.provider})` : ''}: ${reported.message}`,
          reported.status,
          options.provider,
        );
      }
    }
  }

  return assembleStreamConverter({
    parser: createSseParser(options),
    translator,
    state,
    provider: options.provider,
    payloadName: 'stream event',
    translate,
    // response.completed is the answer's end: a body that stops before it is a cut-off answer.
    cutOffError: () =>
      new UpstreamProtocolError(
        'The backend closed the stream before response.completed',
        undefined,
        options.provider,
      ),
  });
}

/** One event's JSON; a malformed one is a protocol error, thrown for guarded() to report. */
function parseEvent(sseEvent: SseEvent, provider: string | undefined): ResponsesStreamEvent {
  let value: unknown;
  try {
    value = JSON.parse(sseEvent.data);
  } catch (cause) {
    const preview = sseEvent.data.length > 200 ? `${sseEvent.data.slice(0, 200)}…` : sseEvent.data;
    throw new UpstreamProtocolError(
      `The backend sent a stream event that is not JSON: ${preview}`,
      cause,
      provider,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UpstreamProtocolError(
      'The backend sent a stream event that is not a JSON object',
      undefined,
      provider,
    );
  const event = value as ResponsesStreamEvent;
  // The `event:` line and `type` agree on the API; a server that sends only one is still read.
  return typeof event.type === 'string' ? event : { ...event, type: sseEvent.event };
}
