import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json } from '../helpers/scripted-backend.js';
import {
  type StrictResponsesBackend,
  startStrictResponsesBackend,
} from '../helpers/start-strict-responses-backend.js';
import { checkResponsesRules } from '../helpers/strict-rules/responses-rules.js';

/** A body the real API accepts; each case below breaks it in one way. */
function validBody(): Record<string, unknown> {
  return {
    model: 'gpt-5.2',
    store: false,
    include: ['reasoning.encrypted_content'],
    input: [
      { type: 'message', role: 'user', content: 'hi' },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'enc' },
      { type: 'function_call', call_id: 'call_1', name: 'Read', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'ok' },
    ],
  };
}

describe('the strict Responses backend rules', () => {
  it('accepts a stateless body with reasoning, a call and its output', () => {
    expect(checkResponsesRules(validBody())).toBeUndefined();
  });

  it.each([
    [
      'only-known-parameters',
      (body: Record<string, unknown>) => Object.assign(body, { messages: [] }),
      "Unknown parameter: 'messages'.",
    ],
    [
      'model-and-input-required',
      (body: Record<string, unknown>) => Object.assign(body, { input: undefined }),
      "Missing required parameter: 'input'.",
    ],
    [
      'include-values-are-known',
      (body: Record<string, unknown>) => Object.assign(body, { include: ['reasoning'] }),
      "Invalid value: 'reasoning'.",
    ],
    [
      'function-call-output-needs-its-call',
      (body: Record<string, unknown>) => {
        (body.input as unknown[]).splice(2, 1);
      },
      'No tool call found for function call output with call_id call_1.',
    ],
    [
      'function-call-needs-its-output',
      (body: Record<string, unknown>) => {
        (body.input as unknown[]).splice(3, 1);
      },
      'No tool output found for function call call_1.',
    ],
    [
      'reasoning-items-need-encrypted-content-without-store',
      (body: Record<string, unknown>) => {
        (body.input as unknown[])[1] = { type: 'reasoning', id: 'rs_1', summary: [] };
      },
      "Item with id 'rs_1' not found. Items are not persisted when `store` is set to false.",
    ],
    [
      'reasoning-item-needs-a-following-item',
      (body: Record<string, unknown>) => {
        (body.input as unknown[]).push({
          type: 'reasoning',
          id: 'rs_2',
          summary: [],
          encrypted_content: 'x',
        });
      },
      "Item 'rs_2' of type 'reasoning' was provided without its required following item.",
    ],
    [
      'function-call-items-have-only-their-fields',
      (body: Record<string, unknown>) => {
        (body.input as Record<string, unknown>[])[1]!.item_id = 'x';
      },
      "Unknown parameter: 'input[1].item_id'.",
    ],
  ])('refuses a body breaking %s', (rule, breakIt, message) => {
    const body = validBody();
    breakIt(body);
    const violation = checkResponsesRules(body);
    expect(violation?.rule).toBe(rule);
    expect(violation?.message).toContain(message);
  });
});

describe('the strict Responses backend over HTTP', () => {
  let backend: StrictResponsesBackend;
  beforeEach(async () => {
    backend = await startStrictResponsesBackend();
  });
  afterEach(async () => {
    await backend.close();
  });

  it('answers a refused body with the API error shape and status instead of the queued reply', async () => {
    backend.enqueue(json(200, { status: 'completed', output: [] }));
    const body = validBody();
    (body.input as unknown[]).splice(2, 1);
    const response = await fetch(`${backend.baseUrl}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: 'No tool call found for function call output with call_id call_1.',
        type: 'invalid_request_error',
        param: 'input',
        code: null,
      },
    });
    expect(backend.rejections.map((rejection) => rejection.rule)).toEqual([
      'function-call-output-needs-its-call',
    ]);
  });
});
