import { errors, Pool } from 'undici';
import type { BackendConfig } from '../config/config.js';
import { ProxyError, UpstreamTimeoutError, UpstreamUnreachableError } from '../errors.js';
import { createUpstreamStatusError } from './map-upstream-error.js';

export interface UpstreamResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Buffer> & { text(): Promise<string>; dump(): Promise<void> };
}

export interface UpstreamClient {
  /** POSTs a Chat Completions body; resolves once headers arrive with a 2xx, throws a ProxyError otherwise. */
  postChatCompletions(body: string, signal: AbortSignal): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

export interface UpstreamClientOptions {
  backend: BackendConfig;
  timeoutMs: number;
}

/**
 * One keep-alive undici pool per backend origin. The pool is created once at start-up;
 * requests never pay for a new connection or go through global fetch.
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const { backend, timeoutMs } = options;
  const pool = new Pool(backend.origin, {
    // Claude Code sessions and subagents each hold a stream open; a lower cap queues whole answers.
    connections: 512,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: Math.min(timeoutMs, 30_000) },
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'user-agent': 'infiniproxy',
  };
  if (backend.apiKey) headers.authorization = `Bearer ${backend.apiKey}`;

  return {
    async postChatCompletions(body, signal) {
      let response: UpstreamResponse;
      try {
        response = await pool.request({
          path: backend.chatCompletionsPath,
          method: 'POST',
          headers,
          body,
          signal,
        });
      } catch (cause) {
        throw mapTransportError(cause, backend.displayUrl);
      }
      if (response.statusCode >= 200 && response.statusCode < 300) return response;
      const text = await response.body.text().catch(() => '');
      const retryAfter = response.headers['retry-after'];
      throw createUpstreamStatusError(
        response.statusCode,
        text,
        typeof retryAfter === 'string' ? retryAfter : undefined,
      );
    },
    close: () => pool.close(),
  };
}

/** Translates undici and socket failures into the proxy's errors once, at the boundary, keeping `cause`. */
export function mapTransportError(cause: unknown, displayUrl: string): ProxyError {
  if (cause instanceof ProxyError) return cause;
  if (cause instanceof errors.HeadersTimeoutError || cause instanceof errors.BodyTimeoutError) {
    return new UpstreamTimeoutError(`The backend at ${displayUrl} did not answer in time`, cause);
  }
  if (cause instanceof errors.ConnectTimeoutError) {
    return new UpstreamTimeoutError(`Connecting to the backend at ${displayUrl} timed out`, cause);
  }
  const code = (cause as { code?: unknown }).code;
  const reason = typeof code === 'string' ? describeSocketCode(code) : 'the connection failed';
  return new UpstreamUnreachableError(`Could not reach the backend at ${displayUrl}: ${reason}`, cause);
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
