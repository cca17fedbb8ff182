import type { ProxyError } from '../../errors.js';
import { assertNever } from '../../translate/convert-user-content.js';
import {
  type AnthropicStreamEvent,
  createStreamTranslator,
  type StreamContext,
  type StreamTranslator,
} from '../../translate/create-stream-translator.js';
import { parseChunkData } from '../../upstream/parse-chunk-data.js';
import { createSseParser, type SseEvent, type SseParserOptions } from '../../upstream/parse-sse.js';
import { createDeltaChunkRecognizer } from '../../upstream/recognize-delta-chunk.js';
import {
  appendAll,
  assembleStreamConverter,
  type ConversionState,
  failConversion,
} from '../assemble-stream-converter.js';

export interface StreamConverter {
  /** message_start, sent as soon as the backend has answered. */
  start(): AnthropicStreamEvent[];
  /** Feeds upstream bytes; returns the Anthropic events they complete. */
  push(bytes: Uint8Array): AnthropicStreamEvent[];
  /** The upstream body ended (EOF); returns the closing events. */
  end(): AnthropicStreamEvent[];
  /** Ends the stream with an error event (the upstream connection failed mid-answer). */
  fail(error: ProxyError): AnthropicStreamEvent[];
  /** True once message_stop or an error event was emitted. */
  readonly finished: boolean;
  /** True once the backend sent its first SSE event: the point where a stream's answer is committed. */
  readonly started: boolean;
  /** The error that ended the stream, when one did. */
  readonly failure: ProxyError | undefined;
  /**
   * The bytes the backend sent for an event, for converters that pass a stream on as it
   * came (the Anthropic protocol); undefined renders the event as the proxy writes it.
   */
  rawFrame?(event: AnthropicStreamEvent): string | undefined;
}

export interface StreamConverterOptions extends SseParserOptions {
  /** The provider answering, named in the errors it reports. */
  provider?: string;
  /**
   * Read plain text and reasoning delta chunks off a learned template instead of parsing
   * each (default true); false parses every chunk, the reference the fast path is tested against.
   */
  recognizeDeltas?: boolean;
}

/** Upstream SSE bytes → Anthropic events: the SSE reader, chunk parsing and the translator in one pass. */
export function createStreamConverter(
  context: StreamContext,
  options: StreamConverterOptions = {},
): StreamConverter {
  const state: ConversionState = { started: false, failure: undefined };
  const translator: StreamTranslator = createStreamTranslator(context);
  const deltas = options.recognizeDeltas === false ? undefined : createDeltaChunkRecognizer();

  // The hot path: one pass a network read, and per event a template match or one parse.
  function translate(events: AnthropicStreamEvent[], sseEvents: readonly SseEvent[]): void {
    for (const sseEvent of sseEvents) {
      if (translator.finished) return;
      state.started = true;
      if (deltas !== undefined && sseEvent.event !== 'error') {
        const text = deltas.read(sseEvent.data);
        if (text !== undefined) {
          translator.pushDelta(deltas.kind, text, events);
          continue;
        }
      }
      const item = parseChunkData(sseEvent, options.provider);
      switch (item.kind) {
        case 'chunk':
          translator.push(item.chunk, events);
          deltas?.learn(sseEvent.data, item.chunk);
          break;
        case 'done':
          appendAll(events, translator.end({ kind: 'done' }));
          break;
        case 'error':
          appendAll(events, failConversion(translator, state, item.error));
          break;
        default:
          assertNever(item);
      }
    }
  }

  return assembleStreamConverter({
    parser: createSseParser(options),
    translator,
    state,
    provider: options.provider,
    payloadName: 'stream chunk',
    translate,
  });
}
