import type { IncomingHttpHeaders } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { protocolEndpointPath } from '../providers/endpoint-path.js';
import type { Provider } from '../providers/provider.js';
import { authHeaderOf } from '../providers/provider.js';
import type {
  AttemptDetail,
  CapturedFrame,
  CapturedFrames,
  CapturedText,
  ExchangeRecord,
  ExchangeSummary,
} from './exchange.js';
import { createFrameCollector, limitText } from './limit-text.js';
import { renderCurl } from './render-curl.js';

/**
 * A body waiting to be read: the text itself, as the proxy held it, while it is within the
 * size limit; a longer one is redacted and cut when the exchange ends, so a record never
 * holds more than the limit of any body.
 */
export type KeptBody = string | CapturedText;

/**
 * The pieces of a stream as they came, each with its time (milliseconds from the client's
 * request). Pieces are kept whole until `size` reaches the limit, later ones only counted;
 * redaction runs before the cut, when the record is read, so no secret is cut in two.
 */
export interface PieceLog<Piece> {
  pieces: Piece[];
  times: number[];
  size: number;
  droppedPieces: number;
  droppedSize: number;
}

export function createPieceLog<Piece>(): PieceLog<Piece> {
  return { pieces: [], times: [], size: 0, droppedPieces: 0, droppedSize: 0 };
}

/** Adds a piece of `size` (bytes or characters), or only counts it once the log is full. */
export function logPiece<Piece>(
  log: PieceLog<Piece>,
  piece: Piece,
  size: number,
  atMs: number,
  maxSize: number,
): void {
  if (log.size >= maxSize) {
    log.droppedPieces++;
    log.droppedSize += size;
    return;
  }
  log.pieces.push(piece);
  log.times.push(atMs);
  log.size += size;
}

/** One call to a backend as recorded while it ran: references only. */
export interface PendingAttempt {
  provider: Provider;
  model: string;
  startedAtMs: number;
  request: KeptBody | null;
  answer: KeptBody | null;
  /** The backend's stream as read. */
  chunks: PieceLog<Uint8Array>;
  streamEnded: boolean;
  outcome: string;
  status: number | null;
  error: string | null;
}

/** What a finished exchange left behind for its record: the proxy's own strings and bytes, untouched. */
export interface ExchangeLeftovers {
  headers: IncomingHttpHeaders;
  request: KeptBody | null;
  attempts: PendingAttempt[];
  answer: KeptBody | null;
  /** The frames written to the client, as written. */
  clientFrames: PieceLog<string> | null;
}

export interface RecordLimits {
  maxChars: number;
  redact: (text: string) => string;
}

/** Client headers worth seeing beside the request; the keys are shown only as present. */
const SHOWN_HEADERS = ['user-agent', 'anthropic-version', 'anthropic-beta', 'x-app', 'content-type'];
const KEY_HEADERS = ['authorization', 'x-api-key', 'proxy-authorization', 'cookie'];

/**
 * The record a reader is shown: every body redacted, decoded and cut to the limit. Runs
 * once per exchange, the first time anybody reads it, never on the request's path.
 */
export function buildExchangeRecord(
  summary: ExchangeSummary,
  leftovers: ExchangeLeftovers,
  limits: RecordLimits,
): ExchangeRecord {
  const reveal = (body: KeptBody | null) => (body === null ? null : revealBody(body, limits));
  return {
    ...summary,
    clientRequest: reveal(leftovers.request),
    clientHeaders: pickHeaders(leftovers.headers),
    attemptDetails: leftovers.attempts.map((attempt) => describeAttempt(attempt, limits)),
    clientAnswer: reveal(leftovers.answer),
    clientFrames:
      leftovers.clientFrames && cutPieces(leftovers.clientFrames, leftovers.clientFrames.pieces, limits),
  };
}

/** A body as kept when the exchange ends: a reference while it fits the limit, else its redacted cut. */
export function keepBody(text: string, limits: RecordLimits): KeptBody {
  return text.length <= limits.maxChars ? text : limitText(limits.redact(text), limits.maxChars);
}

function revealBody(body: KeptBody, limits: RecordLimits): CapturedText {
  return typeof body === 'string' ? limitText(limits.redact(body), limits.maxChars) : body;
}

function describeAttempt(attempt: PendingAttempt, limits: RecordLimits): AttemptDetail {
  const { redact } = limits;
  const { backend } = attempt.provider.config;
  const url = `${backend.origin}${protocolEndpointPath(backend, attempt.provider.protocol)}`;
  const request = attempt.request === null ? null : revealBody(attempt.request, limits);
  return {
    provider: attempt.provider.name,
    model: attempt.model,
    url,
    outcome: attempt.outcome,
    status: attempt.status ?? (attempt.outcome === 'ok' ? 200 : null),
    startedAtMs: attempt.startedAtMs,
    request,
    answer: attempt.answer === null ? null : revealBody(attempt.answer, limits),
    frames:
      attempt.chunks.pieces.length > 0
        ? cutPieces(attempt.chunks, decodeChunks(attempt.chunks), limits)
        : null,
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

/** Chunks decoded in order, so a character split between two chunks is not garbled. */
function decodeChunks(chunks: PieceLog<Uint8Array>): string[] {
  // StringDecoder, not TextDecoder: building a TextDecoder costs more than the decoding here.
  const decoder = new StringDecoder('utf8');
  return chunks.pieces.map((bytes) =>
    decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
  );
}

/** A stream's pieces as shown: redacted, then cut to the limit, with what was only counted added in. */
function cutPieces<Piece>(log: PieceLog<Piece>, texts: string[], limits: RecordLimits): CapturedFrames {
  const timed = texts.map((text, index) => ({ atMs: log.times[index]!, text }));
  const collector = createFrameCollector(limits.maxChars);
  for (const frame of redactPieces(timed, limits.redact)) collector.add(frame.atMs, frame.text);
  const result = collector.result();
  if (log.droppedPieces === 0) return result;
  return {
    frames: result.frames,
    truncated: true,
    droppedFrames: result.droppedFrames + log.droppedPieces,
    droppedChars: result.droppedChars + log.droppedSize,
  };
}

/**
 * Pieces of one stream, redacted. A secret split between two pieces escapes a per-piece
 * redaction; then the pieces are shown joined as one, redacted whole, and their separate
 * times are lost.
 */
function redactPieces(pieces: CapturedFrame[], redact: (text: string) => string): CapturedFrame[] {
  if (pieces.length === 0) return pieces;
  const joined = pieces.map((piece) => piece.text).join('');
  const redacted = redact(joined);
  if (redacted === joined) return pieces;
  const each = pieces.map((piece) => ({ atMs: piece.atMs, text: redact(piece.text) }));
  if (each.map((piece) => piece.text).join('') === redacted) return each;
  return [{ atMs: pieces[0]!.atMs, text: redacted }];
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
