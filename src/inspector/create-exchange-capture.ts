import type { IncomingHttpHeaders } from 'node:http';
import type { ModelPrice } from '../config/config.js';
import { ProxyError, UpstreamStatusError } from '../errors.js';
import { costNano, findPrice, NANO_USD_PER_USD } from '../gateway/ledger/price-usage.js';
import type { AttemptInspector } from '../providers/attempt-inspector.js';
import type { Provider } from '../providers/provider.js';
import type { RequestFacts } from '../server/app-context.js';
import { knownToolListIn } from '../translate/known-json.js';
import type { BodyArena } from './body-arena.js';
import {
  buildExchangeRecord,
  type ExchangeLeftovers,
  type KeptBody,
  type KeptRequestBytes,
  keepBody,
  keepRequestBytes,
  type PendingAttempt,
  type RecordLimits,
  settleRequestBytes,
} from './build-exchange-record.js';
import type { ExchangeRecord, ExchangeSummary, StoredExchange } from './exchange.js';
import { createPieceLog, logPiece, type PieceLog, pieceCount, readLoggedPieces } from './piece-log.js';

export interface CaptureOptions {
  id: string;
  headers: IncomingHttpHeaders;
  /** The request's facts, filled in by the route and the stream writer as the exchange goes on. */
  facts: RequestFacts;
  /** INSPECTOR_MAX_BODY_KB in characters. */
  maxChars: number;
  /** Removes the configuration's secrets (backend and proxy keys) from every body shown. */
  redact: (text: string) => string;
  /** Where the exchange's long bodies are copied when it ends, shared by the whole ring. */
  arena: BodyArena;
  /** Prices of backend models (the config's `pricing` over the built-in table), for the cost column. */
  pricing: Readonly<Record<string, ModelPrice>>;
  /** Told when the client's request is in, so the page can show the exchange while it runs. */
  onStart?: (exchange: StoredExchange) => void;
}

/** One attempt being watched: the protocol's hooks, and `track` for its outcome. */
export interface AttemptCapture extends AttemptInspector {
  /** Passes the attempt's promise through, noting whether it answered or how it failed. */
  track<T>(answer: Promise<T>): Promise<T>;
}

/** The client's request as it reached the proxy. */
export interface ReceivedRequest {
  /** The body's bytes exactly as received (the JSON parser keeps them); undefined when none were read. */
  bytes: Uint8Array | undefined;
  /** The parsed body, shown when there are no bytes. */
  body: unknown;
}

/**
 * Collects one exchange while it happens. Hooks and `finish` keep references (the request's
 * bytes as received, the body string already built) or copy bytes into the arena (received
 * chunks, frames as written); decoding and redacting wait until somebody reads the record.
 */
export interface ExchangeCapture {
  /**
   * The client's request, as validated, and its bytes as received (copied now: the caller
   * may let them go); the exchange now shows in the table. `toolList` is the body's `tools`
   * as parsed, before validation: a tool list the parser kept is shared with the other
   * requests that sent it, not copied.
   */
  clientRequest(body: unknown, bytes?: Uint8Array, toolList?: unknown): void;
  startAttempt(provider: Provider, model: string): AttemptCapture;
  /** Frames written to the client's event stream: the bytes written (or their text). */
  clientFrame(frames: string | Uint8Array): void;
  /** A complete answer or error body sent to the client. */
  clientAnswer(payload: string): void;
  /** The exchange as known so far, bodies not yet included. */
  snapshot(): StoredExchange;
  /**
   * Calls `then` once every backend stream being recorded has ended. The client's answer
   * ends at message_stop, but the proxy reads the backend's last bytes (`data: [DONE]`)
   * after it, and they belong in the record.
   */
  afterStreams(then: () => void): void;
  /** The exchange is over: the client got `status` (499 when it left first). */
  finish(status: number, latencyMs: number, received: ReceivedRequest): StoredExchange;
}

/** The longest a finished exchange waits for the end of a backend stream before it is recorded anyway. */
const STREAM_END_WAIT_MS = 10_000;

export function createExchangeCapture(options: CaptureOptions): ExchangeCapture {
  const { facts, maxChars } = options;
  const limits: RecordLimits = { maxChars, redact: options.redact, arena: options.arena };
  const time = Date.now();
  const arenaFrom = options.arena.position;
  const since = () => Math.round((performance.now() - facts.startedAt) * 10) / 10;
  let validated: unknown;
  let requestBytes: KeptRequestBytes | undefined;
  let answer: string | undefined;
  let clientFrames: PieceLog | null = null;
  const attempts: PendingAttempt[] = [];

  const streamsOpen = () =>
    attempts.some((attempt) => pieceCount(attempt.chunks) > 0 && !attempt.streamEnded);
  let waiting: (() => void) | undefined;
  let safety: NodeJS.Timeout | undefined;
  const settle = () => {
    const then = waiting;
    waiting = undefined;
    clearTimeout(safety);
    then?.();
  };

  function summarizeFacts(done: boolean, status: number | null, latencyMs: number | null): ExchangeSummary {
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
      key: facts.key && { id: facts.key.id, name: facts.key.name },
      costUsd: done ? priceOf(facts, options.pricing) : null,
    };
  }

  /** An exchange still running: its facts so far, no bodies. */
  function inFlight(): StoredExchange {
    const summary = summarizeFacts(false, null, null);
    return { summary, arenaFrom, record: () => withoutBodies(summary) };
  }

  return {
    clientRequest(body, bytes, toolList) {
      if (bytes) requestBytes = keepRequestBytes(bytes, options.arena, knownToolListIn(bytes, toolList));
      else validated = body;
      options.onStart?.(inFlight());
    },
    startAttempt(provider, model) {
      const pending: PendingAttempt = {
        provider,
        model,
        startedAtMs: since(),
        request: null,
        requestToolList: undefined,
        answer: null,
        chunks: createPieceLog(),
        streamEnded: false,
        outcome: 'pending',
        status: null,
        error: null,
      };
      attempts.push(pending);
      return {
        sent(body, toolList) {
          pending.request = body;
          pending.requestToolList = toolList;
        },
        answered(text) {
          pending.answer = text;
        },
        received(chunk) {
          // Copied into the arena as it comes; past the limit only counted: nothing the stream
          // sends can grow the record.
          logPiece(pending.chunks, chunk, since(), maxChars, options.arena);
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
    clientFrame(frames) {
      clientFrames ??= createPieceLog();
      // Kept as the bytes written, in the arena: decoding waits until someone reads the record.
      logPiece(clientFrames, frames, since(), maxChars, options.arena);
    },
    clientAnswer(payload) {
      answer = payload;
    },
    snapshot: inFlight,
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
    finish(status, latencyMs, received) {
      const summary = summarizeFacts(true, status, latencyMs);
      if (status >= 400 || facts.errorType !== null)
        summary.error = readClientError(answer, clientFrames, limits);
      // Kept since validation; else the bytes as received (a request validation turned away).
      const request = requestBytes
        ? settleRequestBytes(requestBytes, limits)
        : keepReceivedRequest(received, validated, limits);
      // Long bodies are copied into the arena and let go; bodies over the limit are cut now, so
      // the ring never holds more than the limit of any of them. Stream pieces are there already.
      for (const attempt of attempts) {
        if (typeof attempt.request === 'string') attempt.request = keepBody(attempt.request, limits);
        else if (attempt.request instanceof Uint8Array) {
          const shared = knownToolListIn(attempt.request, attempt.requestToolList);
          attempt.request = keepBody(attempt.request, limits, shared);
        }
        attempt.requestToolList = undefined;
        if (typeof attempt.answer === 'string') attempt.answer = keepBody(attempt.answer, limits);
      }
      validated = undefined;
      return storedExchange(
        summary,
        arenaFrom,
        {
          headers: options.headers,
          request,
          attempts,
          answer: answer === undefined ? null : keepBody(answer, limits),
          clientFrames,
        },
        limits,
      );
    },
  };
}

/**
 * A finished exchange for the ring. Built outside the capture on purpose: a closure keeps its
 * whole enclosing scope alive, and the capture's scope leads back to the request itself (its
 * parsed body and raw bytes); this one holds only the summary, the leftovers and the limits.
 * The record is built on each read and not kept: kept, a search through the ring would hold
 * every body of it in the heap as text for as long as the exchanges stay.
 */
function storedExchange(
  summary: ExchangeSummary,
  arenaFrom: number,
  leftovers: ExchangeLeftovers,
  limits: RecordLimits,
): StoredExchange {
  return { summary, arenaFrom, record: () => buildExchangeRecord(summary, leftovers, limits) };
}

/** The request of an exchange that kept none at validation: its bytes, or a parsed body (no bytes were read) serialised here, a rare path. */
function keepReceivedRequest(
  received: ReceivedRequest,
  validated: unknown,
  limits: RecordLimits,
): KeptBody | null {
  const parsed = validated ?? received.body;
  const text = received.bytes ?? (parsed === undefined ? undefined : JSON.stringify(parsed));
  return text === undefined ? null : keepBody(text, limits);
}

function withoutBodies(summary: ExchangeSummary): ExchangeRecord {
  return {
    ...summary,
    clientRequest: null,
    clientHeaders: {},
    attemptDetails: [],
    clientAnswer: null,
    clientFrames: null,
  };
}

/** The exchange's cost as the ledger prices it; null when the backend model has no price. */
function priceOf(facts: RequestFacts, pricing: Readonly<Record<string, ModelPrice>>): number | null {
  const price = findPrice(pricing, facts.provider, facts.backendModel);
  if (!price) return null;
  const nano = costNano(price, {
    inputTokens: facts.inputTokens ?? 0,
    outputTokens: facts.outputTokens ?? 0,
    cacheReadTokens: facts.cacheReadTokens ?? 0,
    cacheWriteTokens: facts.cacheWriteTokens ?? 0,
  });
  return nano / NANO_USD_PER_USD;
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

/**
 * The message of the error the client was given: the JSON body's, or a stream's error
 * event's, redacted. Read only for exchanges that failed, so it costs a normal one nothing.
 */
function readClientError(
  answer: string | undefined,
  frames: PieceLog | null,
  limits: RecordLimits,
): string | null {
  const written = frames ? readLoggedPieces(frames, limits.arena).frames.map((frame) => frame.text) : [];
  const message = answer !== undefined ? readErrorMessage(answer) : readErrorEvent(written);
  return message === null ? null : limits.redact(message);
}

function readErrorEvent(frames: string[]): string | null {
  for (let index = frames.length - 1; index >= 0; index--) {
    const text = frames[index]!;
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
