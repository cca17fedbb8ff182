import { describe, expect, it } from 'vitest';
import * as errors from '../src/errors.js';

describe('the error table', () => {
  it('renders every Anthropic error type with the status the Messages API uses', () => {
    expect(errors.statusByErrorType).toEqual({
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
    });
  });

  it.each([
    [new errors.InvalidRequestError('x'), 'INVALID_REQUEST', 'invalid_request_error', 400],
    [new errors.UnsupportedInputError('A thing'), 'UNSUPPORTED_INPUT', 'invalid_request_error', 400],
    [new errors.NotFoundError('x'), 'NOT_FOUND', 'not_found_error', 404],
    [new errors.AuthenticationError('x'), 'AUTHENTICATION', 'authentication_error', 401],
    [new errors.RequestTooLargeError('x'), 'REQUEST_TOO_LARGE', 'request_too_large', 413],
    [
      new errors.UpstreamStatusError(503, 'overloaded_error', 'x', { status: 529 }),
      'UPSTREAM_STATUS',
      'overloaded_error',
      529,
    ],
    [new errors.UpstreamUnreachableError('x'), 'UPSTREAM_UNREACHABLE', 'api_error', 502],
    [new errors.UpstreamTimeoutError('first_byte', 'x'), 'UPSTREAM_TIMEOUT', 'timeout_error', 504],
    [new errors.UpstreamProtocolError('x'), 'UPSTREAM_PROTOCOL', 'api_error', 502],
    [new errors.UpstreamReportedError('overloaded_error', 'x'), 'UPSTREAM_REPORTED', 'overloaded_error', 529],
    [new errors.ProviderBusyError('x', 'local'), 'PROVIDER_BUSY', 'overloaded_error', 529],
    [new errors.PromptTooLongError(9000, 8192), 'PROMPT_TOO_LONG', 'invalid_request_error', 400],
  ])('gives %s the code %s, type %s and status %i', (error, code, type, status) => {
    expect(error).toBeInstanceOf(errors.ProxyError);
    expect({ code: error.code, type: error.type, status: error.status }).toEqual({ code, type, status });
  });

  it('has a test row for every error class it exports', () => {
    const classes = Object.values(errors).filter(
      (value) => typeof value === 'function' && value !== errors.ProxyError,
    );
    expect(classes).toHaveLength(12);
  });
});
