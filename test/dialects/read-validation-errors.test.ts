import { describe, expect, it } from 'vitest';
import {
  createUpstreamStatusError,
  readUpstreamErrorMessage,
} from '../../src/upstream/map-upstream-error.js';

/** Mistral answers unknown fields with FastAPI's validation list; the client should read which field, not JSON. */
describe('readUpstreamErrorMessage with FastAPI validation lists', () => {
  const extraForbidden = {
    detail: [
      {
        type: 'extra_forbidden',
        loc: ['body', 'store'],
        msg: 'Extra inputs are not permitted',
        input: false,
      },
      {
        type: 'extra_forbidden',
        loc: ['body', 'messages', 3, 'assistant', 'reasoning_content'],
        msg: 'Extra inputs are not permitted',
        input: 'thought',
      },
    ],
  };

  it('names each refused field of a bare {"detail":[…]} body, with the first type as code', () => {
    expect(readUpstreamErrorMessage(JSON.stringify(extraForbidden))).toEqual({
      message:
        'Extra inputs are not permitted: body.store; Extra inputs are not permitted: body.messages.3.assistant.reasoning_content',
      code: 'extra_forbidden',
    });
  });

  it('reads the list inside Mistral\'s older {"object":"error","message":{"detail":[…]}} body', () => {
    const body = {
      object: 'error',
      message: extraForbidden,
      type: 'invalid_request_error',
      param: null,
      code: null,
    };
    expect(readUpstreamErrorMessage(JSON.stringify(body)).message).toBe(
      'Extra inputs are not permitted: body.store; Extra inputs are not permitted: body.messages.3.assistant.reasoning_content',
    );
  });

  it('keeps the message of a string detail-free body as before', () => {
    const body = {
      object: 'error',
      message: 'Tool call id was call_1 but must be a-z, A-Z, 0-9, with a length of 9.',
      code: '3280',
    };
    expect(readUpstreamErrorMessage(JSON.stringify(body))).toEqual({ message: body.message, code: '3280' });
  });

  it('turns a 422 validation list into a readable 400 invalid_request_error', () => {
    const error = createUpstreamStatusError(422, JSON.stringify(extraForbidden));
    expect(error.status).toBe(400);
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toBe(
      'Backend error (HTTP 422): Extra inputs are not permitted: body.store; Extra inputs are not permitted: body.messages.3.assistant.reasoning_content',
    );
  });
});
