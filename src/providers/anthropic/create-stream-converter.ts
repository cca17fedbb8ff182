import { ProxyError, UpstreamProtocolError } from '../../errors.js';
import type { Mutable } from '../../mutable.js';
import { renderSseFrame } from '../../server/streaming/render-sse-frame.js';
import type { AnthropicStreamEvent } from '../../translate/create-stream-translator.js';
import { rewriteStringField } from '../../translate/rewrite-string-field.js';
import type { StreamConverter, StreamConverterOptions } from '../chat-completions/create-stream-converter.js';
import { signedTokenOf } from './build-anthropic-request.js';
import { mapAnthropicStreamError } from './map-anthropic-error.js';
import { createSseFrameSplitter } from './split-sse-frames.js';

export interface PassthroughContext {
  /** The client's model name, which message_start reports instead of the backend's. */
  model: string;
  /** Told each thinking signature (or redacted thinking data) once its block is complete. */
  onSigned?: ((token: string) => void) | undefined;
}

/**
 * An Anthropic-compatible backend's event stream, passed on as it came: every frame leaves
 * byte for byte (through `rawFrame`), except message_start, whose `model` is rewritten to
 * the client's. Frames are still parsed, once, so the proxy knows what it forwards: usage
 * for logs and metrics, where the answer ends (message_stop) and whether the backend
 * reported an error, which becomes the proxy's own error event naming the provider.
 *
 * The commit point is the first event after message_start (and pings): an error the backend
 * reports right after message_start, as overloaded backends do, can still be retried.
 */
export function createAnthropicStreamConverter(
  context: PassthroughContext,
  options: StreamConverterOptions = {},
): StreamConverter {
  const splitter = createSseFrameSplitter(options.maxEventBytes);
  const rawFrames = new WeakMap<object, string>();
  /** Frames without data (comments, stray blank lines): passed on with the next event. */
  let prefix = '';
  /** Signatures of the thinking blocks still open, by block index, as their deltas arrive. */
  const signing = new Map<number, string>();

  function collectSignature(event: SignedBlockEvent, onSigned: (token: string) => void): void {
    if (event.type === 'content_block_start' && event.content_block) {
      const token = signedTokenOf(event.content_block);
      if (token !== undefined) signing.set(event.index, token);
    } else if (event.type === 'content_block_delta' && event.delta?.type === 'signature_delta') {
      signing.set(event.index, (signing.get(event.index) ?? '') + (event.delta.signature ?? ''));
    } else if (event.type === 'content_block_stop') {
      const token = signing.get(event.index);
      signing.delete(event.index);
      if (token) onSigned(token);
    }
  }

  function readFrame(frame: Buffer, events: AnthropicStreamEvent[]): void {
    const text = frame.toString('utf8');
    const { event: name, data } = parseFrame(text);
    if (data === undefined) {
      prefix += text;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch (cause) {
      throw new UpstreamProtocolError(
        'The backend sent a stream event that is not JSON',
        cause,
        options.provider,
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new UpstreamProtocolError(
        'The backend sent a stream event that is not a JSON object',
        undefined,
        options.provider,
      );
    const record = value as { type?: unknown; message?: { model?: unknown } };
    const type = typeof record.type === 'string' ? record.type : name;
    if (type === 'error') {
      converter.started = true;
      events.push(...fail(mapAnthropicStreamError(value, options.provider)));
      return;
    }
    let raw = prefix + text;
    prefix = '';
    if (type === 'message_start') {
      const rewritten = rewriteStringField(data, ['message', 'model'], context.model);
      if (rewritten !== undefined) {
        // Only this frame is rewritten; its layout stays the backend's when the data is one line.
        raw = raw.includes(data)
          ? raw.replace(data, () => rewritten)
          : renderSseFrame(JSON.parse(rewritten) as { type: string });
        if (record.message) record.message.model = context.model;
      }
    } else if (type !== 'ping') {
      converter.started = true;
    }
    const event = value as AnthropicStreamEvent;
    rawFrames.set(event, raw);
    events.push(event);
    if (context.onSigned) collectSignature(value as SignedBlockEvent, context.onSigned);
    if (type === 'message_stop') converter.finished = true;
  }

  function fail(error: ProxyError): AnthropicStreamEvent[] {
    if (converter.finished) return [];
    converter.failure = error;
    converter.finished = true;
    return [{ type: 'error', error: { type: error.type, message: error.message } }];
  }

  function guarded(read: () => Buffer[]): AnthropicStreamEvent[] {
    const events: AnthropicStreamEvent[] = [];
    if (converter.finished) return events;
    try {
      for (const frame of read()) {
        if (converter.finished) break;
        readFrame(frame, events);
      }
    } catch (error) {
      const readError =
        error instanceof ProxyError
          ? error
          : new UpstreamProtocolError(
              'The backend sent a stream event that could not be read',
              error,
              options.provider,
            );
      events.push(...fail(readError));
    }
    return events;
  }

  // The state is kept on the converter as data properties, not getters (see Mutable).
  const converter: Mutable<StreamConverter> = {
    started: false,
    finished: false,
    failure: undefined,
    // The backend writes its own message_start.
    start: () => [],
    push: (bytes) => guarded(() => splitter.push(bytes)),
    end() {
      const events = guarded(() => {
        const rest = splitter.end();
        return rest ? [rest] : [];
      });
      if (!converter.finished) {
        events.push(
          ...fail(
            new UpstreamProtocolError(
              'The backend closed the stream before message_stop',
              undefined,
              options.provider,
            ),
          ),
        );
      }
      return events;
    },
    fail,
    rawFrame: (event) => rawFrames.get(event),
  };
  return converter;
}

/** The parts of a content block event that carry a signature, as the backend may send them. */
interface SignedBlockEvent {
  type: string;
  index: number;
  content_block?: object;
  delta?: { type?: string; signature?: string };
}

/** The `event:` name and the joined `data:` lines of one frame; data undefined when it has none. */
function parseFrame(text: string): { event: string | undefined; data: string | undefined } {
  let event: string | undefined;
  let data: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.startsWith('data:')) {
      const value = line.charCodeAt(5) === 0x20 ? line.slice(6) : line.slice(5);
      data = data === undefined ? value : `${data}\n${value}`;
    } else if (line.startsWith('event:')) {
      event = (line.charCodeAt(6) === 0x20 ? line.slice(7) : line.slice(6)).trim();
    }
  }
  return { event, data };
}
