import type { IncomingHttpHeaders } from 'node:http';
import type { ModelPrice } from '../config/config.js';
import { ProxyError, UpstreamStatusError } from '../errors.js';
import { costNano, findPrice, NANO_USD_PER_USD } from '../gateway/ledger/price-usage.js';
import type { AttemptInspector } from '../providers/attempt-inspector.js';
import type { Provider } from '../providers/provider.js';
import type { RequestFacts } from '../server/app-context.js';
import { knownToolListIn } from '../translate/known-json.js';
import {
  buildExchangeRecord,
  type ExchangeLeftovers,
  type KeptBody,
  type KeptRequestBytes,
  keepBody,
  keepRequestBytes,
  type PendingAttempt,
  pickHeaders,
  type RecordLimits,
  settleRequestBytes,
} from './build-exchange-record.js';
import type { ExchangeRecord, ExchangeSummary, StoredExchange } from './exchange.js';
import { createPieceLog, logPiece, type PieceLog, pieceCount, readLoggedPieces } from './piece-log.js';

/**
 * What every capture of one configuration shares: made once per configuration, not once per
 * request, so a request adds no object of its own for them.
 */
export interface CaptureSettings extends RecordLimits {
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
  /** The exchange as the ring keeps it: while it runs, its facts so far and no bodies. */
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

export function createExchangeCapture(
  settings: CaptureSettings,
  id: string,
  headers: IncomingHttpHeaders,
  facts: RequestFacts,
): ExchangeCapture {
  return new CapturedExchange(settings, id, headers, facts);
}

/**
 * One exchange, from its request to the ring and through its time there: the capture while
 * it runs and the StoredExchange after, one object either way. The ring takes it when the
 * request is in and keeps it when it ends; its summary is built when somebody reads it, and
 * kept from then on once the exchange is over. Under load every exchange the ring keeps
 * outlives a young-generation collection and is copied, often into the old generation, so
 * the fewer objects one leaves behind, the less each request costs the collector: state in
 * the fields of one instance, methods on its prototype, where a closure per method and a
 * summary built at the start and again at the end each cost objects of their own
 * (bench/NOTES.md, the ninth round).
 *
 * What the request alone holds (its parsed body, its bytes, the client's headers) is let go
 * when the exchange ends, so a record in the ring never leads back to the request.
 */
class CapturedExchange implements ExchangeCapture, StoredExchange, ExchangeLeftovers {
  readonly arenaFrom: number;
  private readonly time = Date.now();
  private validated: unknown;
  private requestBytes: KeptRequestBytes | undefined;
  private answerText: string | undefined;
  private headersSeen: IncomingHttpHeaders | undefined;
  private waiting: (() => void) | undefined;
  private safety: NodeJS.Timeout | undefined;
  private status: number | null = null;
  private latencyMs: number | null = null;
  private clientError: string | null = null;
  private finalSummary: ExchangeSummary | undefined;

  // What the record is built from (ExchangeLeftovers): the client's request and answer are
  // kept as such when the exchange ends.
  shownHeaders: Record<string, string> = {};
  request: KeptBody | null = null;
  answer: KeptBody | null = null;
  readonly attempts: RecordedAttempt[] = [];
  clientFrames: PieceLog | null = null;

  constructor(
    readonly settings: CaptureSettings,
    readonly id: string,
    headers: IncomingHttpHeaders,
    readonly facts: RequestFacts,
  ) {
    this.arenaFrom = settings.arena.position;
    this.headersSeen = headers;
  }

  /** Milliseconds since the request arrived, to a tenth. */
  since(): number {
    return Math.round((performance.now() - this.facts.startedAt) * 10) / 10;
  }

  get summary(): ExchangeSummary {
    if (this.status === null) return this.summarize();
    this.finalSummary ??= this.summarize();
    return this.finalSummary;
  }

  record(): ExchangeRecord {
    if (this.status === null) return withoutBodies(this.summarize());
    return buildExchangeRecord(this.summary, this, this.settings);
  }

  clientRequest(body: unknown, bytes?: Uint8Array, toolList?: unknown): void {
    if (bytes)
      this.requestBytes = keepRequestBytes(bytes, this.settings.arena, knownToolListIn(bytes, toolList));
    else this.validated = body;
    this.settings.onStart?.(this);
  }

  startAttempt(provider: Provider, model: string): AttemptCapture {
    const attempt = new RecordedAttempt(this, provider, model);
    this.attempts.push(attempt);
    return attempt;
  }

  clientFrame(frames: string | Uint8Array): void {
    this.clientFrames ??= createPieceLog();
    // Kept as the bytes written, in the arena: decoding waits until someone reads the record.
    logPiece(this.clientFrames, frames, this.since(), this.settings.maxChars, this.settings.arena);
  }

  clientAnswer(payload: string): void {
    this.answerText = payload;
  }

  snapshot(): StoredExchange {
    return this;
  }

  afterStreams(then: () => void): void {
    if (!this.streamsOpen()) {
      then();
      return;
    }
    this.waiting = then;
    // A body nobody reads to its end any more must not keep the exchange open for ever.
    this.safety = setTimeout(() => this.settle(), STREAM_END_WAIT_MS);
    this.safety.unref();
  }

  /** Told by an attempt whose stream ended: the exchange waiting for it is recorded once none is open. */
  streamEnded(): void {
    if (this.waiting && !this.streamsOpen()) this.settle();
  }

  finish(status: number, latencyMs: number, received: ReceivedRequest): StoredExchange {
    const limits = this.settings;
    this.status = status;
    this.latencyMs = latencyMs;
    if (status >= 400 || this.facts.errorType !== null)
      this.clientError = readClientError(this.answerText, this.clientFrames, limits);
    // Kept since validation; else the bytes as received (a request validation turned away).
    this.request = this.requestBytes
      ? settleRequestBytes(this.requestBytes, limits)
      : keepReceivedRequest(received, this.validated, limits);
    // Long bodies are copied into the arena and let go; bodies over the limit are cut now, so
    // the ring never holds more than the limit of any of them. Stream pieces are there already.
    for (const attempt of this.attempts) attempt.keepBodies(limits);
    this.answer = this.answerText === undefined ? null : keepBody(this.answerText, limits);
    if (this.headersSeen) this.shownHeaders = pickHeaders(this.headersSeen);
    this.validated = undefined;
    this.requestBytes = undefined;
    this.answerText = undefined;
    this.headersSeen = undefined;
    return this;
  }

  private streamsOpen(): boolean {
    return this.attempts.some((attempt) => attempt.streamOpen());
  }

  private settle(): void {
    const then = this.waiting;
    this.waiting = undefined;
    clearTimeout(this.safety);
    this.safety = undefined;
    then?.();
  }

  private summarize(): ExchangeSummary {
    const { facts } = this;
    const done = this.status !== null;
    return {
      id: this.id,
      time: this.time,
      done,
      clientModel: facts.clientModel,
      route: facts.route,
      provider: facts.provider,
      backendModel: facts.backendModel,
      stream: facts.stream,
      status: this.status,
      latencyMs: this.latencyMs,
      timeToFirstTokenMs: facts.timeToFirstTokenMs,
      inputTokens: facts.inputTokens,
      outputTokens: facts.outputTokens,
      cachedTokens: facts.cacheReadTokens,
      attempts: facts.attempts.map((attempt) => ({ ...attempt })),
      error: this.clientError,
      key: facts.key && { id: facts.key.id, name: facts.key.name },
      costUsd: done ? priceOf(facts, this.settings.pricing) : null,
    };
  }
}

/** One call to a backend: the protocol's hooks write into it, and the record reads it. */
class RecordedAttempt implements AttemptCapture, PendingAttempt {
  readonly startedAtMs: number;
  request: KeptBody | Uint8Array | null = null;
  requestToolList: unknown;
  answer: KeptBody | null = null;
  /** Made when the first piece arrives: a complete answer never needs one. */
  chunks: PieceLog | null = null;
  streamEnded = false;
  outcome = 'pending';
  status: number | null = null;
  error: string | null = null;

  constructor(
    private readonly exchange: CapturedExchange,
    readonly provider: Provider,
    readonly model: string,
  ) {
    this.startedAtMs = exchange.since();
  }

  sent(body: string | Uint8Array, toolList?: unknown): void {
    this.request = body;
    this.requestToolList = toolList;
  }

  answered(text: string): void {
    this.answer = text;
  }

  received(chunk: Uint8Array): void {
    this.chunks ??= createPieceLog();
    // Copied into the arena as it comes; past the limit only counted: nothing the stream
    // sends can grow the record.
    const { maxChars, arena } = this.exchange.settings;
    logPiece(this.chunks, chunk, this.exchange.since(), maxChars, arena);
  }

  ended(): void {
    if (this.streamEnded) return;
    this.streamEnded = true;
    this.exchange.streamEnded();
  }

  track<T>(answer: Promise<T>): Promise<T> {
    return answer.then(
      (value) => {
        this.outcome = 'ok';
        return value;
      },
      (error: unknown) => {
        this.noteFailure(error);
        throw error;
      },
    );
  }

  streamOpen(): boolean {
    return this.chunks !== null && pieceCount(this.chunks) > 0 && !this.streamEnded;
  }

  /** The bodies as the ring keeps them, when the exchange ends (see keepBody). */
  keepBodies(limits: RecordLimits): void {
    const { request } = this;
    if (typeof request === 'string') this.request = keepBody(request, limits);
    else if (request instanceof Uint8Array)
      this.request = keepBody(request, limits, knownToolListIn(request, this.requestToolList));
    this.requestToolList = undefined;
    if (typeof this.answer === 'string') this.answer = keepBody(this.answer, limits);
  }

  private noteFailure(error: unknown): void {
    if (error instanceof ProxyError) {
      this.outcome = error.code;
      this.error = error.message;
      if (error instanceof UpstreamStatusError) {
        this.status = error.upstreamStatus;
        if (error.bodyText !== undefined) this.answer = error.bodyText;
      }
      return;
    }
    this.outcome = error instanceof Error && error.name === 'AbortError' ? 'ABORTED' : 'INTERNAL';
    this.error = error instanceof Error ? error.message : String(error);
  }
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
