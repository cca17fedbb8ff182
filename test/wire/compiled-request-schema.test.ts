import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  anthropicCountTokensReferenceSchema,
  anthropicCountTokensSchema,
  anthropicRequestReferenceSchema,
  anthropicRequestSchema,
} from '../../src/wire/anthropic-request-schema.js';
import { anthropicRequest, mutatedAnthropicRequest } from '../helpers/anthropic-request-arbitraries.js';
import { buildClaudeCodeTurn, CLAUDE_CODE_TURN_FIXTURE } from '../helpers/build-claude-code-turn.js';
import { readJsonFixture } from '../helpers/load-fixture.js';

/** Everything a caller can see of a parse: success, the value with its key order, the issues. */
function outcome(schema: z.ZodType, body: unknown): string {
  const result = schema.safeParse(structuredClone(body));
  return JSON.stringify(result.success ? { value: result.data } : { issues: result.error.issues });
}

const pairs = [
  ['messages', anthropicRequestSchema, anthropicRequestReferenceSchema],
  ['count_tokens', anthropicCountTokensSchema, anthropicCountTokensReferenceSchema],
] as const;

describe.each(pairs)('the compiled %s schema', (_, compiled, reference) => {
  it('compiles whole, with no part left to the interpreted parser', () => {
    expect(() => z.compile(reference, { strict: true })).not.toThrow();
  });

  it('gives what the schema as written gives on the Claude Code turns', () => {
    for (const body of [readJsonFixture(CLAUDE_CODE_TURN_FIXTURE), buildClaudeCodeTurn({ stream: true })]) {
      expect(outcome(compiled, body)).toBe(outcome(reference, body));
    }
  });

  it('gives the same value or the same issues on generated requests, valid and broken', () => {
    fc.assert(
      fc.property(fc.oneof(anthropicRequest, mutatedAnthropicRequest), (body) => {
        expect(outcome(compiled, body)).toBe(outcome(reference, body));
      }),
      { numRuns: 500 },
    );
  });
});
