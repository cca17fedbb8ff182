import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProxyError } from '../errors.js';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: ProxyError['type']; message: string };
  request_id: string;
}

/** `redact` scrubs secrets (the backend key) from messages that may quote the backend. */
export function toErrorBody(
  error: ProxyError,
  requestId: string,
  redact: (text: string) => string = (text) => text,
): AnthropicErrorBody {
  return {
    type: 'error',
    error: { type: error.type, message: redact(error.message) },
    request_id: requestId,
  };
}

/** Rate limits and server-side failures are worth a retry; a bad request never is. */
export function isRetryable(error: ProxyError): boolean {
  return error.status === 408 || error.status === 429 || error.status >= 500;
}

/**
 * Turns any thrown value into the Anthropic error envelope. Errors the proxy did not
 * anticipate become a generic api_error; their details go to the log, never to the client.
 */
export function toProxyError(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  const fastifyError = error as { code?: unknown; statusCode?: unknown; message?: unknown };
  const code = typeof fastifyError.code === 'string' ? fastifyError.code : '';
  const message = typeof fastifyError.message === 'string' ? fastifyError.message : '';
  switch (code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProxyError(
        'INVALID_REQUEST',
        'invalid_request_error',
        'Content-Type must be application/json',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProxyError(
        'INVALID_REQUEST',
        'invalid_request_error',
        'Request body is empty; expected JSON',
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ProxyError(
        'INVALID_REQUEST',
        'invalid_request_error',
        `Request body is not valid JSON: ${message}`,
      );
    default:
      break;
  }
  if (error instanceof SyntaxError) {
    return new ProxyError(
      'INVALID_REQUEST',
      'invalid_request_error',
      `Request body is not valid JSON: ${message}`,
    );
  }
  if (
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return new ProxyError('INVALID_REQUEST', 'invalid_request_error', message || 'Invalid request', {
      status: fastifyError.statusCode,
    });
  }
  return new ProxyError('INTERNAL', 'api_error', 'Internal proxy error; see the proxy log for details');
}

export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  error: ProxyError,
  redact?: (text: string) => string,
): FastifyReply {
  // Set here too, for errors Fastify raises before the request hooks run.
  reply.header('request-id', request.id);
  reply.status(error.status).header('x-should-retry', String(isRetryable(error)));
  if (error.retryAfter) reply.header('retry-after', error.retryAfter);
  return reply.type('application/json').send(toErrorBody(error, request.id, redact));
}
