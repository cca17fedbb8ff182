/**
 * Every failure the proxy can report, as one small class hierarchy.
 *
 * All layers throw these; one renderer (server/render-error.ts) turns them into
 * Anthropic-shaped JSON or an `event: error` frame. Callers branch on `code`, never
 * on message text.
 */

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

/** The HTTP status each error type is rendered with unless an error says otherwise. */
export const statusByErrorType: Readonly<Record<AnthropicErrorType, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export interface ProxyErrorOptions {
  status?: number;
  /** Seconds the client should wait before retrying (429s from the backend). */
  retryAfter?: string;
  /** The provider whose failure this is; every backend error names one. */
  provider?: string;
  cause?: unknown;
}

export class ProxyError extends Error {
  readonly code: string;
  readonly type: AnthropicErrorType;
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly provider: string | undefined;

  constructor(code: string, type: AnthropicErrorType, message: string, options: ProxyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProxyError';
    this.code = code;
    this.type = type;
    this.status = options.status ?? statusByErrorType[type];
    this.retryAfter = options.retryAfter;
    this.provider = options.provider;
  }
}

/** The client sent something the Messages API would reject too. */
export class InvalidRequestError extends ProxyError {
  constructor(message: string, options?: ProxyErrorOptions) {
    super('INVALID_REQUEST', 'invalid_request_error', message, options);
  }
}

/** Valid Anthropic input that no OpenAI-compatible request can express (a PDF by URL, a file id). */
export class UnsupportedInputError extends ProxyError {
  constructor(feature: string) {
    super('UNSUPPORTED_INPUT', 'invalid_request_error', `${feature} is not supported by infiniproxy`);
  }
}

export class NotFoundError extends ProxyError {
  constructor(message: string) {
    super('NOT_FOUND', 'not_found_error', message);
  }
}

export class AuthenticationError extends ProxyError {
  constructor(message: string) {
    super('AUTHENTICATION', 'authentication_error', message);
  }
}

export class RequestTooLargeError extends ProxyError {
  constructor(message: string) {
    super('REQUEST_TOO_LARGE', 'request_too_large', message);
  }
}

/** The backend answered with an error status; type and status come from map-upstream-error. */
export class UpstreamStatusError extends ProxyError {
  readonly upstreamStatus: number;
  /** The backend said the prompt does not fit its context window. */
  readonly contextOverflow: boolean;
  /** The backend's error body as it came, for the inspector; never rendered to a client. */
  readonly bodyText: string | undefined;
  constructor(
    upstreamStatus: number,
    type: AnthropicErrorType,
    message: string,
    options: ProxyErrorOptions & { contextOverflow?: boolean; bodyText?: string } = {},
  ) {
    super('UPSTREAM_STATUS', type, message, options);
    this.upstreamStatus = upstreamStatus;
    this.contextOverflow = options.contextOverflow ?? false;
    this.bodyText = options.bodyText;
  }
}

/** The backend could not be reached at all (DNS, refused, TLS, reset before a response). */
export class UpstreamUnreachableError extends ProxyError {
  constructor(message: string, options: Pick<ProxyErrorOptions, 'provider' | 'cause'> = {}) {
    super('UPSTREAM_UNREACHABLE', 'api_error', message, { ...options, status: 502 });
  }
}

/** Which wait on the backend ran out: see Timeouts in config/config.ts. */
export type TimeoutKind = 'connect' | 'first_byte' | 'idle';

export class UpstreamTimeoutError extends ProxyError {
  readonly timeout: TimeoutKind;
  constructor(
    timeout: TimeoutKind,
    message: string,
    options: Pick<ProxyErrorOptions, 'provider' | 'cause'> = {},
  ) {
    super('UPSTREAM_TIMEOUT', 'timeout_error', message, options);
    this.timeout = timeout;
  }
}

/** The backend answered 200 with something that is not a usable completion. */
export class UpstreamProtocolError extends ProxyError {
  constructor(message: string, cause?: unknown, provider?: string) {
    super('UPSTREAM_PROTOCOL', 'api_error', message, {
      status: 502,
      cause,
      ...(provider ? { provider } : {}),
    });
  }
}

/** The backend reported an error inside a 200 response or stream (`{"error":…}` chunk, finish_reason "error"). */
export class UpstreamReportedError extends ProxyError {
  /** The HTTP status the backend put in the error (OpenRouter does), when it gave one. */
  readonly reportedStatus: number | undefined;
  constructor(type: AnthropicErrorType, message: string, reportedStatus?: number, provider?: string) {
    super('UPSTREAM_REPORTED', type, message, provider ? { provider } : {});
    this.reportedStatus = reportedStatus;
  }
}

/**
 * The request does not fit the serving model's context window, known before any backend is
 * asked. The wording is Anthropic's own: Claude Code reads both numbers from it and
 * summarises the older part of the conversation instead of failing.
 */
export class PromptTooLongError extends ProxyError {
  readonly inputTokens: number;
  readonly contextWindow: number;
  constructor(inputTokens: number, contextWindow: number, provider?: string) {
    super(
      'PROMPT_TOO_LONG',
      'invalid_request_error',
      `prompt is too long: ${inputTokens} tokens > ${contextWindow} maximum`,
      provider ? { provider } : {},
    );
    this.inputTokens = inputTokens;
    this.contextWindow = contextWindow;
  }
}

/** Every entry of the route is at its concurrency limit and the wait for a slot ran out. */
export class ProviderBusyError extends ProxyError {
  constructor(message: string, provider: string) {
    super('PROVIDER_BUSY', 'overloaded_error', message, { provider });
  }
}
