import type { AuthHeader, ProviderConfig, Timeouts } from '../config/config.js';
import { ProxyError, UpstreamTimeoutError, UpstreamUnreachableError } from '../errors.js';
import { createUpstreamStatusError } from './map-upstream-error.js';
import { asUndiciSignal, type Dispatcher, errors, Pool, type UpstreamSignal } from './undici.js';

export type UpstreamResponse = Dispatcher.ResponseData;

export interface UpstreamCall {
  method: 'GET' | 'POST';
  /** Path and query on the provider's origin, e.g. /v1/models. */
  path: string;
  body?: string | Uint8Array | undefined;
  signal: UpstreamSignal;
  /** Shorter waits than the provider's own, for probes. */
  timeouts?: Partial<Timeouts>;
  /** Headers for this call only, beside the provider's own (a client's anthropic-version…). */
  headers?: Readonly<Record<string, string>>;
}

export interface UpstreamClient {
  /** The provider this client talks to, for error messages. */
  readonly provider: string;
  /** POSTs a Chat Completions body; resolves once headers arrive with a 2xx, throws a ProxyError otherwise. */
  postChatCompletions(body: string | Uint8Array, signal: UpstreamSignal): Promise<UpstreamResponse>;
  /** POSTs a JSON body to another endpoint of the provider, with the same 2xx-or-throw contract. */
  post(
    path: string,
    body: string | Uint8Array,
    signal: UpstreamSignal,
    headers?: Readonly<Record<string, string>>,
  ): Promise<UpstreamResponse>;
  /** Any call, whatever the status it answers; only transport failures throw (the doctor reads statuses itself). */
  call(request: UpstreamCall): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

/**
 * One keep-alive undici pool per provider. The pool is created once at start-up;
 * requests never pay for a new connection or go through global fetch. The proxy and the
 * doctor share this client, so both send exactly the same headers.
 */
export interface UpstreamClientOptions {
  /** The header the key travels in; Bearer unless the provider speaks the Anthropic protocol. */
  auth?: AuthHeader;
}

export function createUpstreamClient(
  provider: ProviderConfig,
  userAgent = 'infiniproxy',
  options: UpstreamClientOptions = {},
): UpstreamClient {
  const { backend, timeouts } = provider;
  const pool = new Pool(backend.origin, {
    // No cap: Claude Code sessions and subagents each hold a stream open, and a capped pool
    // queues whole answers behind them (with 512, the 1,000-stream benchmark took twice as
    // long). A provider's max_concurrency is the limit meant for operators.
    connections: null,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
    connect: { timeout: timeouts.connectMs },
  });
  const headers: Record<string, string> = {
    ...provider.headers,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'user-agent': userAgent,
  };
  if (backend.apiKey && options.auth === 'x-api-key') headers['x-api-key'] = backend.apiKey;
  else if (backend.apiKey) headers.authorization = `Bearer ${backend.apiKey}`;
  const describe = { provider: provider.name, url: backend.displayUrl, timeouts };

  const call = async (request: UpstreamCall): Promise<UpstreamResponse> => {
    // Spread only when there is something to merge: a spread object given new keys gets a hidden class of its own.
    const waits = request.timeouts ? { ...timeouts, ...request.timeouts } : timeouts;
    try {
      return await pool.request({
        path: request.path,
        method: request.method,
        headers: request.headers ? { ...request.headers, ...headers } : headers,
        body: request.body ?? null,
        signal: asUndiciSignal(request.signal),
        ...(request.timeouts ? { headersTimeout: waits.firstByteMs, bodyTimeout: waits.idleMs } : {}),
      });
    } catch (cause) {
      // An abort is the caller's own doing (the client left, a probe's time ran out), not the backend's.
      if (request.signal.aborted) throw cause;
      throw mapTransportError(cause, { ...describe, timeouts: waits });
    }
  };

  const post: UpstreamClient['post'] = async (path, body, signal, extraHeaders) => {
    const response = await call({
      method: 'POST',
      path,
      body,
      signal,
      ...(extraHeaders ? { headers: extraHeaders } : {}),
    });
    if (response.statusCode >= 200 && response.statusCode < 300) return response;
    const text = await response.body.text().catch(() => '');
    throw createUpstreamStatusError(response.statusCode, text, {
      provider: provider.name,
      retryAfter: readRetryAfter(response.headers),
    });
  };

  return {
    provider: provider.name,
    postChatCompletions: (body, signal) => post(backend.chatCompletionsPath, body, signal),
    post,
    call,
    close: () => pool.close(),
  };
}

/** How a transport error names what failed. */
export interface FailedBackend {
  provider: string;
  url: string;
  timeouts: Timeouts;
}

/**
 * Translates undici and socket failures into the proxy's errors once, at the boundary,
 * keeping `cause`. Each timeout says which wait ran out, so a user can tell a backend that
 * never answered from one that stalled half-way.
 */
export function mapTransportError(cause: unknown, backend: FailedBackend): ProxyError {
  if (cause instanceof ProxyError) return cause;
  const { provider, url, timeouts } = backend;
  const options = { provider, cause };
  const where = `provider ${provider} at ${url}`;
  if (cause instanceof errors.HeadersTimeoutError) {
    return new UpstreamTimeoutError(
      'first_byte',
      `No answer from ${where} within the first_byte timeout (${seconds(timeouts.firstByteMs)})`,
      options,
    );
  }
  if (cause instanceof errors.BodyTimeoutError) {
    return new UpstreamTimeoutError(
      'idle',
      `The answer from ${where} stalled for longer than the idle timeout (${seconds(timeouts.idleMs)})`,
      options,
    );
  }
  if (cause instanceof errors.ConnectTimeoutError) {
    return new UpstreamTimeoutError(
      'connect',
      `Connecting to ${where} took longer than the connect timeout (${seconds(timeouts.connectMs)})`,
      options,
    );
  }
  const code = (cause as { code?: unknown }).code;
  const reason = typeof code === 'string' ? describeSocketCode(code) : 'the connection failed';
  return new UpstreamUnreachableError(`Could not reach ${where}: ${reason}`, options);
}

/** `retry-after-ms` (OpenAI's, in milliseconds) is more precise than `retry-after`; either is kept as seconds. */
function readRetryAfter(headers: UpstreamResponse['headers']): string | undefined {
  const milliseconds = headers['retry-after-ms'];
  if (typeof milliseconds === 'string' && /^\d+(\.\d+)?$/.test(milliseconds.trim())) {
    return String(Number(milliseconds) / 1000);
  }
  const value = headers['retry-after'];
  return typeof value === 'string' ? value : undefined;
}

function seconds(milliseconds: number): string {
  return `${milliseconds / 1000} s`;
}

function describeSocketCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name could not be resolved';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed unexpectedly';
    default:
      return isTlsCode(code)
        ? `TLS failed (${code}; is the URL's scheme right? a plain-HTTP server answers https:// this way)`
        : code;
  }
}

/** TLS handshake failures: certificate problems, and OpenSSL errors such as a plain-HTTP server on an https:// URL. */
function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code === 'EPROTO' || code.includes('CERT')
  );
}
