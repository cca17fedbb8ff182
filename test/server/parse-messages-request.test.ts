import { describe, expect, it } from 'vitest';
import { parseRequestJson } from '../../src/server/limits/parse-request-json.js';
import { MAX_JSON_DEPTH } from '../../src/server/limits/register-json-parser.js';
import { parseMessagesRequest } from '../../src/server/parse-messages-request.js';
import { parseRequestBody } from '../../src/server/parse-request-body.js';
import { anthropicRequestSchema } from '../../src/wire/anthropic-request-schema.js';
import { buildClaudeCodeTurn } from '../helpers/build-claude-code-turn.js';

type Json = Record<string, unknown>;

/** The body as the JSON parser hands it on: from the second turn, with the kept tool list. */
function parsed(text: string): Json {
  return parseRequestJson(text, MAX_JSON_DEPTH).value as Json;
}

function outcome(validate: () => unknown): unknown {
  try {
    return { value: JSON.stringify(validate()) };
  } catch (error) {
    return { error: (error as Error).message, status: (error as { status?: number }).status };
  }
}

describe('parseMessagesRequest: a reused tool list validated once', () => {
  const turn = buildClaudeCodeTurn({ stream: false });
  const text = JSON.stringify(turn);

  it('gives what validating the whole body gives, turn after turn', () => {
    const expected = outcome(() => parseRequestBody(anthropicRequestSchema, JSON.parse(text)));
    for (let round = 0; round < 3; round++) {
      const body = parsed(text);
      expect(outcome(() => parseMessagesRequest(body))).toEqual(expected);
    }
    expect(Object.isFrozen(parsed(text).tools)).toBe(true);
  });

  it('answers another field that does not fit with the same 400 as before', () => {
    for (let round = 0; round < 2; round++) parseMessagesRequest(parsed(text));
    for (const broken of [
      text.replace('"max_tokens":', '"max_tokens":"many","was_max_tokens":'),
      text.replace('"messages":[', '"messages":[{"role":"robot","content":"x"},'),
    ]) {
      const expected = outcome(() => parseRequestBody(anthropicRequestSchema, JSON.parse(broken)));
      expect(expected).toHaveProperty('status', 400);
      expect(outcome(() => parseMessagesRequest(parsed(broken)))).toEqual(expected);
    }
  });

  it('validates a kept list that does not fit every time, with the same 400', () => {
    const badTools = JSON.stringify({ ...turn, tools: [{ name: '', input_schema: { type: 'object' } }] });
    const expected = outcome(() => parseRequestBody(anthropicRequestSchema, JSON.parse(badTools)));
    expect(expected).toHaveProperty('status', 400);
    for (let round = 0; round < 3; round++) {
      expect(outcome(() => parseMessagesRequest(parsed(badTools)))).toEqual(expected);
    }
  });
});
