import type { IncomingHttpHeaders } from 'node:http';
import { protocolEndpointPath } from '../providers/endpoint-path.js';
import type { Provider } from '../providers/provider.js';
import { authHeaderOf } from '../providers/provider.js';
import type { SharedPart } from '../translate/known-json.js';
import type { ArenaSlice, BodyArena } from './body-arena.js';
import type {
  AttemptDetail,
  CapturedFrame,
  CapturedFrames,
  CapturedText,
  ExchangeRecord,
  ExchangeSummary,
} from './exchange.js';
import { createFrameCollector, limitText } from './limit-text.js';
import { type PieceLog, readLoggedPieces } from './piece-log.js';
import { renderCurl } from './render-curl.js';

/**
 * A body waiting to be read: a short text as the proxy held it, or bytes (as received, or a
 * long text encoded once) kept in the arena, outside the JS heap, whole or around a stretch
 * other bodies share (`SplicedBody`). A body over the limit is redacted and cut when the
 * exchange ends, and its cut text goes into the arena too (`CutBody`), so no body of the
 * ring is held in the heap at more than ARENA_FROM_CHARS; a CapturedText is left only when
 * the arena is too small to take it.
 */
export type KeptBody = string | CapturedText | ArenaSlice | CutBody | SplicedBody;

/**
 * A body kept as the bytes before and after a stretch that is the very Buffer other bodies
 * hold too: a Claude Code session's tool list, ~60 KB of every turn's request and of the body
 * sent on, kept once, by reference, rather than copied into the arena twice per exchange
 * (a turn's bodies take ~50 KB of the arena instead of ~160 KB). Only bodies within the limit
 * are kept so, so what the shared Buffers hold is bounded as the arena is.
 */
interface SplicedBody {
  head: ArenaSlice;
  shared: Buffer;
  tail: ArenaSlice;
}

/** A body over the limit, redacted and cut when its exchange ended; `length` is the whole body's. */
interface CutBody {
  cut: ArenaSlice;
  length: number;
}

/**
 * Texts from this length on are copied into the arena as UTF-8 (~12 µs for 80 KB); shorter
 * ones stay the strings the proxy built, which cost the collector little.
 */
const ARENA_FROM_CHARS = 4096;

/** Shown in place of a body the arena had to give to newer ones before its exchange left the ring. */
export const OVERWRITTEN_NOTE =
  '[no longer kept: newer exchanges took the memory the inspector keeps bodies in]';

/** One call to a backend as recorded while it ran: references only. */
export interface PendingAttempt {
  provider: Provider;
  model: string;
  startedAtMs: number;
  /** The bytes (or text) sent; kept in the arena, or cut, when the exchange ends. */
  request: KeptBody | Uint8Array | null;
  /** The sent body's `tools` as built, until the body is kept. */
  requestToolList: unknown;
  answer: KeptBody | null;
  /** The backend's stream as read; null when nothing was streamed. */
  chunks: PieceLog | null;
  streamEnded: boolean;
  outcome: string;
  status: number | null;
  error: string | null;
}

/** What a finished exchange left behind for its record: the proxy's own strings and bytes, untouched. */
export interface ExchangeLeftovers {
  /** The client's headers worth seeing, picked when the exchange ended (see pickHeaders). */
  shownHeaders: Record<string, string>;
  request: KeptBody | null;
  attempts: PendingAttempt[];
  answer: KeptBody | null;
  /** The frames written to the client, as written. */
  clientFrames: PieceLog | null;
}

export interface RecordLimits {
  maxChars: number;
  redact: (text: string) => string;
  /** Where long bodies are kept until they are read. */
  arena: BodyArena;
}

/** Client headers worth seeing beside the request; the keys are shown only as present. */
const SHOWN_HEADERS = ['user-agent', 'anthropic-version', 'anthropic-beta', 'x-app', 'content-type'];
const KEY_HEADERS = ['authorization', 'x-api-key', 'proxy-authorization', 'cookie'];

/**
 * The record a reader is shown: every body redacted, decoded and cut to the limit. Runs each
 * time somebody reads the exchange (the page opens it, a body search looks through it), never
 * on the request's path; the record is not kept, so reading the whole ring (a search) leaves
 * the heap as it was.
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
    clientHeaders: { ...leftovers.shownHeaders },
    attemptDetails: leftovers.attempts.map((attempt) => describeAttempt(attempt, limits)),
    clientAnswer: reveal(leftovers.answer),
    clientFrames: leftovers.clientFrames && readPieces(leftovers.clientFrames, limits),
  };
}

/**
 * A body as kept when the exchange ends: itself while it fits the limit (around `shared`
 * when it holds a stretch other bodies share), else its redacted cut.
 */
export function keepBody(body: string | Uint8Array, limits: RecordLimits, shared?: SharedPart): KeptBody {
  const { maxChars, redact, arena } = limits;
  if (typeof body !== 'string') {
    // Never more characters than bytes: within the limit in bytes is within it in characters.
    if (body.byteLength <= maxChars) {
      const slice = keepAround(body, shared, arena) ?? arena.keepBytes(body);
      if (slice) return slice;
    }
    return keepCut(limitText(redact(decode(body)), maxChars), arena);
  }
  if (body.length > maxChars) return keepCut(limitText(redact(body), maxChars), arena);
  return (body.length >= ARENA_FROM_CHARS && arena.keepText(body)) || body;
}

/** The client's request bytes as keepRequestBytes kept them, until the exchange ends. */
export type KeptRequestBytes = ArenaSlice | SplicedBody | Uint8Array;

/**
 * The client's request bytes as kept when the request is validated: copied into the arena
 * at once, so the request need not hold them while its answer streams (minutes, for a long
 * answer), around `shared` when they hold a stretch other requests share; held as they are
 * when they would take more than a quarter of the arena.
 */
export function keepRequestBytes(bytes: Uint8Array, arena: BodyArena, shared?: SharedPart): KeptRequestBytes {
  if (bytes.byteLength > arena.capacity / 4) return bytes;
  return keepAround(bytes, shared, arena) ?? arena.keepBytes(bytes) ?? bytes;
}

/** What keepRequestBytes kept, as the record keeps it once the exchange ends: cut when over the limit. */
export function settleRequestBytes(kept: KeptRequestBytes, limits: RecordLimits): KeptBody {
  if (kept instanceof Uint8Array) return keepBody(kept, limits);
  const length = keptLength(kept);
  if (length <= limits.maxChars) return kept;
  const bytes = viewKept(kept, limits.arena);
  // keepBody decodes the view before it writes the cut into the arena, so the write cannot spoil it.
  return bytes ? keepBody(bytes, limits) : { text: OVERWRITTEN_NOTE, truncated: true, length };
}

/** Copies the bytes either side of `shared` into the arena; undefined when there is no such stretch or the arena refuses. */
function keepAround(
  bytes: Uint8Array,
  shared: SharedPart | undefined,
  arena: BodyArena,
): SplicedBody | undefined {
  if (!shared) return undefined;
  const end = shared.at + shared.bytes.byteLength;
  if (end > bytes.byteLength) return undefined;
  const head = arena.keepBytes(bytes.subarray(0, shared.at));
  const tail = head && arena.keepBytes(bytes.subarray(end));
  return tail && { head, shared: shared.bytes, tail };
}

function keptLength(kept: ArenaSlice | SplicedBody): number {
  return 'shared' in kept ? kept.head.length + kept.shared.byteLength + kept.tail.length : kept.length;
}

/** The bytes of a body in the arena, put together again around its shared stretch; undefined once overwritten. */
function viewKept(kept: ArenaSlice | SplicedBody, arena: BodyArena): Uint8Array | undefined {
  if (!('shared' in kept)) return arena.view(kept);
  // Both views hold: nothing is written into the arena between them.
  const head = arena.view(kept.head);
  const tail = arena.view(kept.tail);
  return head && tail && Buffer.concat([head, kept.shared, tail]);
}

function keepCut(shown: CapturedText, arena: BodyArena): KeptBody {
  const slice = arena.keepText(shown.text);
  return slice ? { cut: slice, length: shown.length } : shown;
}

function revealBody(body: KeptBody | Uint8Array, limits: RecordLimits): CapturedText {
  if (typeof body === 'string') return limitText(limits.redact(body), limits.maxChars);
  if (body instanceof Uint8Array) return limitText(limits.redact(decode(body)), limits.maxChars);
  if ('text' in body) return body;
  if ('cut' in body) {
    // Redacted and cut already, when the exchange ended.
    const cut = limits.arena.view(body.cut);
    return { text: cut ? decode(cut) : OVERWRITTEN_NOTE, truncated: true, length: body.length };
  }
  const bytes = viewKept(body, limits.arena);
  if (!bytes) return { text: OVERWRITTEN_NOTE, truncated: true, length: keptLength(body) };
  return limitText(limits.redact(decode(bytes)), limits.maxChars);
}

function decode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
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
    frames: attempt.chunks && readPieces(attempt.chunks, limits),
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

/** A stream's pieces as shown (decoded, redacted, cut), or null when there were none. */
function readPieces(log: PieceLog, limits: RecordLimits): CapturedFrames | null {
  if (log.entries.length === 0) return null;
  const { frames, lost, lostSize } = readLoggedPieces(log, limits.arena);
  const collector = createFrameCollector(limits.maxChars);
  // The pieces newer exchanges took are named once, where they were.
  if (lost > 0) collector.add(log.entries[0]!, OVERWRITTEN_NOTE);
  for (const frame of redactPieces(frames, limits.redact)) collector.add(frame.atMs, frame.text);
  const result = collector.result();
  if (log.droppedPieces === 0 && lost === 0) return result;
  return {
    frames: result.frames,
    truncated: true,
    droppedFrames: result.droppedFrames + log.droppedPieces + lost,
    droppedChars: result.droppedChars + log.droppedSize + lostSize,
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

/** The client headers shown beside the request: a few by value, the keys only as present. */
export function pickHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const name of SHOWN_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') shown[name] = value;
  }
  for (const name of KEY_HEADERS) if (headers[name] !== undefined) shown[name] = '[redacted]';
  return shown;
}
