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
  return new AssembledStreamConverter(parts);
}

/** A class, not an object literal with getters: see Mutable. */
class AssembledStreamConverter implements StreamConverter {
  constructor(private readonly parts: StreamConverterParts) {}

  get finished(): boolean {
    return this.parts.translator.finished;
  }

  get started(): boolean {
    return this.parts.state.started;
  }

  get failure(): ProxyError | undefined {
    return this.parts.state.failure;
  }

  start(): AnthropicStreamEvent[] {
    return this.parts.translator.start();
  }

  push(bytes: Uint8Array): AnthropicStreamEvent[] {
    return this.guarded(bytes);
  }

  end(): AnthropicStreamEvent[] {
    const { parts } = this;
    const events = this.guarded(undefined);
    if (!parts.translator.finished) {
      if (parts.cutOffError) parts.state.failure ??= parts.cutOffError();
      appendAll(events, parts.translator.end({ kind: 'eof' }));
    }
    return events;
  }

  fail(error: ProxyError): AnthropicStreamEvent[] {
    return failConversion(this.parts.translator, this.parts.state, error);
  }

  /** Reads the bytes (`undefined`: the end of the body) and translates what they complete. */
  private guarded(bytes: Uint8Array | undefined): AnthropicStreamEvent[] {
    const { parts } = this;
    const events: AnthropicStreamEvent[] = [];
    if (parts.translator.finished) return events;
    try {
      parts.translate(events, bytes === undefined ? parts.parser.end() : parts.parser.push(bytes));
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
      appendAll(events, failConversion(parts.translator, parts.state, translationError));
    }
    return events;
  }
}
