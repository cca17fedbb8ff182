import { type AnthropicErrorType, ProxyError, UpstreamProtocolError } from '../errors.js';
import type { AnthropicStreamEvent } from '../translate/create-stream-translator.js';
import type { SseEvent, SseParser } from '../upstream/parse-sse.js';
import type { StreamConverter } from './chat-completions/create-stream-converter.js';

/** What a converter needs of its protocol's translator to start, end and fail a stream. */
export interface EndableStreamTranslator {
  readonly finished: boolean;
  start(): AnthropicStreamEvent[];
  end(
    reason: { kind: 'eof' } | { kind: 'error'; errorType: AnthropicErrorType; message: string },
  ): AnthropicStreamEvent[];
}

/** What the protocol's event loop learns and the converter reports; one object a stream. */
export interface ConversionState {
  /** The backend sent its first event that commits the answer. */
  started: boolean;
  /** The error that ended the stream, when one did. */
  failure: ProxyError | undefined;
}

export interface StreamConverterParts {
  parser: SseParser;
  translator: EndableStreamTranslator;
  state: ConversionState;
  provider: string | undefined;
  /** What the protocol calls one of its SSE payloads ("stream chunk", "stream event"), for errors. */
  payloadName: string;
  /** The protocol's own loop over parsed SSE events: wire format in, Anthropic events out. */
  translate(events: AnthropicStreamEvent[], sseEvents: readonly SseEvent[]): void;
  /**
   * The error a body that ends before the translator finished stands for, when the protocol
   * has a terminal event that makes such an end a failure; undefined leaves it to the translator.
   */
  cutOffError?(): ProxyError;
}

/** Ends the stream with the error's event; the first error that ends it is the one reported. */
export function failConversion(
  translator: EndableStreamTranslator,
  state: ConversionState,
  error: ProxyError,
): AnthropicStreamEvent[] {
  if (!translator.finished) state.failure = error;
  return translator.end({ kind: 'error', errorType: error.type, message: error.message });
}

export function appendAll(target: AnthropicStreamEvent[], source: readonly AnthropicStreamEvent[]): void {
  for (const event of source) target.push(event);
}

/**
 * The part of every converter that is not its wire format: feeding bytes to the SSE reader,
 * turning anything thrown on the way into one error event, and ending at EOF. Called once a
 * stream; the per-event work stays in `translate`.
 */
export function assembleStreamConverter(parts: StreamConverterParts): StreamConverter {
  const { parser, translator, state } = parts;

  function guarded(sseEvents: () => readonly SseEvent[]): AnthropicStreamEvent[] {
    const events: AnthropicStreamEvent[] = [];
    if (translator.finished) return events;
    try {
      parts.translate(events, sseEvents());
    } catch (error) {
      // The SSE reader's size cap, or a payload malformed beyond what the loose wire types
      // allow (content that is a number…): end the stream with an error event either way.
      const translationError =
        error instanceof ProxyError
          ? error
          : new UpstreamProtocolError(
              `The backend sent a ${parts.payloadName} that could not be translated`,
              error,
              parts.provider,
            );
      appendAll(events, failConversion(translator, state, translationError));
    }
    return events;
  }

  return {
    get finished() {
      return translator.finished;
    },
    get started() {
      return state.started;
    },
    get failure() {
      return state.failure;
    },
    start: () => translator.start(),
    push: (bytes) => guarded(() => parser.push(bytes)),
    end() {
      const events = guarded(() => parser.end());
      if (!translator.finished) {
        if (parts.cutOffError) state.failure ??= parts.cutOffError();
        appendAll(events, translator.end({ kind: 'eof' }));
      }
      return events;
    },
    fail: (error) => failConversion(translator, state, error),
  };
}
