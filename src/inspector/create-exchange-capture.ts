import type { IncomingHttpHeaders } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { ProxyError, UpstreamStatusError } from '../errors.js';
import type { AttemptInspector } from '../providers/attempt-inspector.js';
import { protocolEndpointPath } from '../providers/endpoint-path.js';
import type { Provider } from '../providers/provider.js';
import { authHeaderOf } from '../providers/provider.js';
import type { RequestFacts } from '../server/app-context.js';
import type { AttemptDetail, CapturedFrames, CapturedText, ExchangeRecord } from './exchange.js';
import { createFrameCollector, limitText } from './limit-text.js';
import { renderCurl } from './render-curl.js';

export interface CaptureOptions {
  id: string;
  headers: IncomingHttpHeaders;
  /** The request's facts, filled in by the route and the stream writer as the exchange goes on. */
  facts: RequestFacts;
  /** INSPECTOR_MAX_BODY_KB in characters. */
  maxChars: number;
  /** Removes the configuration's secrets (backend and proxy keys) from every body kept. */
  redact: (text: string) => string;
  /** Told when the client's request is in, so the page can show the exchange while it runs. */
  onStart?: (record: ExchangeRecord) => void;
}

/** One attempt being watched: the protocol's hooks, and `track` for its outcome. */
export interface AttemptCapture extends AttemptInspector {
  /** Passes the attempt's promise through, noting whether it answered or how it failed. */
  track<T>(answer: Promise<T>): Promise<T>;
}

/**
 * Collects one exchange while it happens. Hooks only keep references (the parsed request,
 * the body string already built, received chunks, frames already rendered); serializing,
 * decoding, redacting and cutting to size wait for `finish`, once the client has its answer.
 */
export interface ExchangeCapture {
  /** The client's request, as validated; the exchange now shows in the table. */
  clientRequest(body: unknown): void;
  startAttempt(provider: Provider, model: string): AttemptCapture;
  /** Text written to the client's event stream. */
  clientFrame(text: string): void;
  /** A complete answer or error body sent to the client. */
  clientAnswer(payload: string): void;
  /** The exchange as known so far, bodies not yet included. */
  snapshot(): ExchangeRecord;
  /**
   * Calls `then` once every backend stream being recorded has ended. The client's answer
   * ends at message_stop, but the proxy reads the backend's last bytes (`data: [DONE]`)
   * after it, and they belong in the record.
   */
  afterStreams(then: () => void): void;
  /**
   * The exchange is over: the client got `status` (499 when it left first). `body` is the
   * request as parsed JSON, kept when validation turned it away before the route saw it.
   */
  finish(status: number, latencyMs: number, body: unknown): ExchangeRecord;
}

/** Client headers worth seeing beside the request; the keys are shown only as present. */
const SHOWN_HEADERS = ['user-agent', 'anthropic-version', 'anthropic-beta', 'x-app', 'content-type'];
const KEY_HEADERS = ['authorization', 'x-api-key', 'proxy-authorization', 'cookie'];

/** The longest a finished exchange waits for the end of a backend stream before it is recorded anyway. */
const STREAM_END_WAIT_MS = 10_000;

interface PendingAttempt {
  provider: Provider;
  model: string;
  startedAtMs: number;
  request: string | null;
  answer: string | null;
  chunks: { atMs: number; bytes: Uint8Array }[];
  chunkBytes: number;
  streamEnded: boolean;
  droppedChunks: number;
  droppedBytes: number;
  outcome: string;
  status: number | null;
  error: string | null;
}

export function createExchangeCapture(options: CaptureOptions): ExchangeCapture {
  const { facts, maxChars, redact } = options;
  const time = Date.now();
  const since = () => Math.round((performance.now() - facts.startedAt) * 10) / 10;
  let request: unknown;
  let answer: string | undefined;
  const clientFrames = createFrameCollector(maxChars);
  let clientFrameCount = 0;
  const attempts: PendingAttempt[] = [];

  const keep = (text: string): CapturedText => limitText(redact(text), maxChars);
  const streamsOpen = () => attempts.some((attempt) => attempt.chunks.length > 0 && !attempt.streamEnded);
  let waiting: (() => void) | undefined;
  let safety: NodeJS.Timeout | undefined;
  const settle = () => {
    const then = waiting;
    waiting = undefined;
    clearTimeout(safety);
    then?.();
  };

  function base(done: boolean, status: number | null, latencyMs: number | null): ExchangeRecord {
    return {
      id: options.id,
      time,
      done,
      clientModel: facts.clientModel,
      route: facts.route,
      provider: facts.provider,
      backendModel: facts.backendModel,
      stream: facts.stream,
      status,
      latencyMs,
      timeToFirstTokenMs: facts.timeToFirstTokenMs,
      inputTokens: facts.inputTokens,
      outputTokens: facts.outputTokens,
      cachedTokens: facts.cacheReadTokens,
      attempts: facts.attempts.map((attempt) => ({ ...attempt })),
      error: null,
      clientRequest: null,
      clientHeaders: {},
      attemptDetails: [],
      clientAnswer: null,
      clientFrames: null,
    };
  }

  return {
    clientRequest(body) {
      request = body;
      options.onStart?.(base(false, null, null));
    },
    startAttempt(provider, model) {
      const pending: PendingAttempt = {
        provider,
        model,
        startedAtMs: since(),
        request: null,
        answer: null,
        chunks: [],
        chunkBytes: 0,
        streamEnded: false,
        droppedChunks: 0,
        droppedBytes: 0,
        outcome: 'pending',
        status: null,
        error: null,
      };
      attempts.push(pending);
      return {
        sent(body) {
          pending.request = body;
        },
        answered(text) {
          pending.answer = text;
        },
        received(chunk) {
          // Past the limit the bytes are only counted: nothing the stream sends can grow the record.
          if (pending.chunkBytes >= maxChars) {
            pending.droppedChunks++;
            pending.droppedBytes += chunk.byteLength;
            return;
          }
          pending.chunks.push({ atMs: since(), bytes: chunk });
          pending.chunkBytes += chunk.byteLength;
        },
        ended() {
          if (pending.streamEnded) return;
          pending.streamEnded = true;
          if (waiting && !streamsOpen()) settle();
        },
        track(promise) {
          return promise.then(
            (value) => {
              pending.outcome = 'ok';
              return value;
            },
            (error: unknown) => {
              noteFailure(pending, error);
              throw error;
            },
          );
        },
      };
    },
    clientFrame(text) {
      clientFrameCount++;
      clientFrames.add(since(), text);
    },
    clientAnswer(payload) {
      answer = payload;
    },
    snapshot: () => base(false, null, null),
    afterStreams(then) {
      if (!streamsOpen()) {
        then();
        return;
      }
      waiting = then;
      // A body nobody reads to its end any more must not keep the exchange open for ever.
      safety = setTimeout(settle, STREAM_END_WAIT_MS);
      safety.unref();
    },
    finish(status, latencyMs, body) {
      const record = base(true, status, latencyMs);
      record.clientHeaders = pickHeaders(options.headers);
      const shown = request ?? body;
      if (shown !== undefined) record.clientRequest = keep(JSON.stringify(shown));
      record.attemptDetails = attempts.map((attempt) => describeAttempt(attempt, keep, redact, maxChars));
      if (answer !== undefined) record.clientAnswer = keep(answer);
      if (clientFrameCount > 0) record.clientFrames = redactFrames(clientFrames.result(), redact);
      if (status >= 400 || record.clientFrames) record.error = readClientError(record);
      return record;
    },
  };
}

function noteFailure(attempt: PendingAttempt, error: unknown): void {
  if (error instanceof ProxyError) {
    attempt.outcome = error.code;
    attempt.error = error.message;
    if (error instanceof UpstreamStatusError) {
      attempt.status = error.upstreamStatus;
      if (error.bodyText !== undefined) attempt.answer = error.bodyText;
    }
    return;
  }
  attempt.outcome = error instanceof Error && error.name === 'AbortError' ? 'ABORTED' : 'INTERNAL';
  attempt.error = error instanceof Error ? error.message : String(error);
}

function describeAttempt(
  attempt: PendingAttempt,
  keep: (text: string) => CapturedText,
  redact: (text: string) => string,
  maxChars: number,
): AttemptDetail {
  const { backend } = attempt.provider.config;
  const url = `${backend.origin}${protocolEndpointPath(backend, attempt.provider.protocol)}`;
  const request = attempt.request === null ? null : keep(attempt.request);
  return {
    provider: attempt.provider.name,
    model: attempt.model,
    url,
    outcome: attempt.outcome,
    status: attempt.status ?? (attempt.outcome === 'ok' ? 200 : null),
    startedAtMs: attempt.startedAtMs,
    request,
    answer: attempt.answer === null ? null : keep(attempt.answer),
    frames: attempt.chunks.length > 0 ? decodeChunks(attempt, redact, maxChars) : null,
    error: attempt.error === null ? null : redact(attempt.error),
    curl:
      request && !request.truncated
        ? renderCurl({
            url,
            auth: authHeaderOf(attempt.provider.config, attempt.provider.protocol),
            headers: attempt.provider.config.headers,
            body: request.text,
            redact,
          })
        : null,
  };
}

/**
 * Chunks decoded in order, so a character split between two chunks is not garbled. A
 * secret split between two chunks escapes a per-chunk redaction; then the chunks are
 * shown joined as one, redacted whole, and their separate times are lost.
 */
function decodeChunks(
  attempt: PendingAttempt,
  redact: (text: string) => string,
  maxChars: number,
): CapturedFrames {
  // StringDecoder, not TextDecoder: building a TextDecoder costs more than the decoding here.
  const decoder = new StringDecoder('utf8');
  const texts = attempt.chunks.map((chunk) =>
    decoder.write(Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength)),
  );
  const joined = texts.join('');
  const redacted = redact(joined);
  let frames = texts.map((text, index) => ({ atMs: attempt.chunks[index]!.atMs, text }));
  if (redacted !== joined) {
    frames = frames.map((frame) => ({ atMs: frame.atMs, text: redact(frame.text) }));
    if (frames.map((frame) => frame.text).join('') !== redacted) {
      frames = [{ atMs: attempt.chunks[0]!.atMs, text: redacted }];
    }
  }
  const collector = createFrameCollector(maxChars);
  for (const frame of frames) collector.add(frame.atMs, frame.text);
  const result = collector.result();
  if (attempt.droppedChunks === 0) return result;
  return {
    frames: result.frames,
    truncated: true,
    droppedFrames: result.droppedFrames + attempt.droppedChunks,
    droppedChars: result.droppedChars + attempt.droppedBytes,
  };
}

function redactFrames(frames: CapturedFrames, redact: (text: string) => string): CapturedFrames {
  return {
    ...frames,
    frames: frames.frames.map((frame) => ({ atMs: frame.atMs, text: redact(frame.text) })),
  };
}

function pickHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const name of SHOWN_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') shown[name] = value;
  }
  for (const name of KEY_HEADERS) if (headers[name] !== undefined) shown[name] = '[redacted]';
  return shown;
}

/** The message of the error the client was given: the JSON body's, or a stream's error event's. */
function readClientError(record: ExchangeRecord): string | null {
  if (record.clientAnswer) return readErrorMessage(record.clientAnswer.text);
  const frames = record.clientFrames?.frames ?? [];
  for (let index = frames.length - 1; index >= 0; index--) {
    const text = frames[index]!.text;
    const start = text.indexOf('event: error\ndata: ');
    if (start === -1) continue;
    const line = text.slice(start + 'event: error\ndata: '.length).split('\n', 1)[0] ?? '';
    return readErrorMessage(line);
  }
  return null;
}

function readErrorMessage(json: string): string | null {
  try {
    const body = JSON.parse(json) as { type?: unknown; error?: { message?: unknown } };
    if (body.type !== 'error') return null;
    return typeof body.error?.message === 'string' ? body.error.message : null;
  } catch {
    return null;
  }
}
