/**
 * What the inspector shows of one POST /v1/messages exchange. Every body in a record is text
 * that has been redacted and cut to INSPECTOR_MAX_BODY_KB, so a record can be sent to the
 * page as it is and never holds a secret or an unbounded string. Records are built from what
 * the exchange left behind only when somebody reads one (see StoredExchange).
 */

/** A body as text, cut to the size limit. */
export interface CapturedText {
  text: string;
  /** True when `text` stops short of the original, which was `length` characters long. */
  truncated: boolean;
  length: number;
}

/** One piece of a stream as it arrived, timed from the moment the client's request arrived. */
export interface CapturedFrame {
  atMs: number;
  text: string;
}

/** A stream's pieces, up to the size limit; the rest is only counted. */
export interface CapturedFrames {
  frames: CapturedFrame[];
  truncated: boolean;
  /** Pieces and characters that arrived after the limit was reached. */
  droppedFrames: number;
  droppedChars: number;
}

/** One call to a backend, in the order the dispatcher made them. */
export interface AttemptDetail {
  provider: string;
  model: string;
  /** The backend's endpoint, without credentials. */
  url: string;
  /** `ok`, or the failure's code (UPSTREAM_STATUS, UPSTREAM_UNREACHABLE, …). */
  outcome: string;
  /** The backend's HTTP status, when it answered with one. */
  status: number | null;
  /** Milliseconds from the client's request to this attempt. */
  startedAtMs: number;
  /** The body sent to the backend; null when the attempt failed before it was built. */
  request: CapturedText | null;
  /** The backend's complete answer, or its error body. */
  answer: CapturedText | null;
  /** A streamed answer's raw bytes as they arrived. */
  frames: CapturedFrames | null;
  /** What went wrong, as the proxy described it. */
  error: string | null;
  /** The same request as a curl command, the backend key shown as $OPENAI_API_KEY. */
  curl: string | null;
}

/** One line of the attempt list in the table: which provider and model, and how it went. */
export interface AttemptOutline {
  provider: string;
  model: string;
  outcome: string;
  status?: number;
}

/** The table's row: the facts of an exchange, no bodies. */
export interface ExchangeSummary {
  /** The proxy's request id (also the `request-id` header the client got). */
  id: string;
  /** Epoch milliseconds when the request arrived. */
  time: number;
  /** False while the answer is still being written. */
  done: boolean;
  clientModel: string | null;
  route: string | null;
  provider: string | null;
  backendModel: string | null;
  stream: boolean;
  /** The status the client got; 499 when it went away first; null while in flight. */
  status: number | null;
  latencyMs: number | null;
  timeToFirstTokenMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedTokens: number | null;
  attempts: AttemptOutline[];
  /** The error message the client was given, when it was given one. */
  error: string | null;
  /** The team gateway's virtual key the request was made with (never its secret); null otherwise. */
  key: { id: string; name: string } | null;
  /** What the tokens cost in USD at the configured prices, as the ledger counts it; null when the model has no price. */
  costUsd: number | null;
}

/** Everything kept of an exchange: the facts and the four bodies. */
export interface ExchangeRecord extends ExchangeSummary {
  /** The client's request body exactly as it arrived. */
  clientRequest: CapturedText | null;
  /** The client's headers worth seeing (user agent, versions, betas); keys never. */
  clientHeaders: Record<string, string>;
  attemptDetails: AttemptDetail[];
  /** A complete answer or error body as sent to the client. */
  clientAnswer: CapturedText | null;
  /** A streamed answer's frames as written to the client. */
  clientFrames: CapturedFrames | null;
}

/**
 * One exchange in the ring. The summary is read from the exchange's facts as they stand, so
 * the table is live; the bodies are redacted, decoded and cut each time the record is read
 * (the page opens it, a search looks through it), from what the exchange left in the arena.
 */
export interface StoredExchange {
  /** The summary's id, known without building the summary: the ring files exchanges by it. */
  readonly id: string;
  readonly summary: ExchangeSummary;
  /** The arena's position when the exchange began: its bodies are at or after it, and the arena keeps them while it is in the ring. */
  readonly arenaFrom: number;
  record(): ExchangeRecord;
}
