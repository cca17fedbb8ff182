import { describe, expect, it } from 'vitest';
import { createReportedError } from '../../src/upstream/map-upstream-error.js';

// LM Studio 0.4 and llama.cpp can report a context overflow inside a 200 stream, after the
// headers; it must read as the same invalid_request_error a status would have given.

describe('a context overflow reported inside an answer', () => {
  it('reads as invalid_request_error with the prompt-is-too-long wording', () => {
    const error = createReportedError(JSON.stringify({ error: 'Context size has been exceeded.' }), 'local');
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toBe('prompt is too long: Context size has been exceeded. (provider local)');
  });

  it('keeps the numbers of a llama.cpp error chunk', () => {
    const chunk = {
      error: {
        code: 400,
        message: 'request (9030 tokens) exceeds the available context size (8192 tokens), try increasing it',
        type: 'exceed_context_size_error',
        n_prompt_tokens: 9030,
        n_ctx: 8192,
      },
    };
    const error = createReportedError(JSON.stringify(chunk));
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toBe('prompt is too long: 9030 tokens > 8192 maximum');
    expect(error.reportedStatus).toBe(400);
  });

  it('leaves other reported errors as they were', () => {
    const error = createReportedError(JSON.stringify({ error: { message: 'model crashed' } }));
    expect(error.type).toBe('api_error');
    expect(error.message).toBe('Backend error: model crashed');
  });
});
