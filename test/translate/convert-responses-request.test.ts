import { describe, expect, it } from 'vitest';
import { genericDialect } from '../../src/dialects/generic.js';
import { openaiDialect } from '../../src/dialects/openai.js';
import { encodeReasoningSignature } from '../../src/translate/carry-reasoning-state.js';
import { convertResponsesRequest } from '../../src/translate/convert-responses-request.js';
import { type AnthropicRequest, anthropicRequestSchema } from '../../src/wire/anthropic-request-schema.js';
import { readJsonFixture } from '../helpers/load-fixture.js';
import { checkResponsesRules } from '../helpers/strict-rules/responses-rules.js';

function request(overrides: Record<string, unknown>): AnthropicRequest {
  return anthropicRequestSchema.parse({
    model: 'claude-opus-4-8',
    max_tokens: 1000,
    messages: [{ role: 'user', content: 'Hi' }],
    ...overrides,
  });
}

describe('convertResponsesRequest', () => {
  it('converts the tool-loop fixture into the expected Responses body, which the strict rules accept', () => {
    const converted = convertResponsesRequest(
      anthropicRequestSchema.parse(readJsonFixture('responses/tool-loop.anthropic.json')),
      {
        model: 'gpt-5.2',
        dialect: openaiDialect,
        stream: true,
      },
    );
    expect(converted.body).toEqual(readJsonFixture('responses/tool-loop.responses.json'));
    expect(checkResponsesRules(converted.body)).toBeUndefined();
  });

  it('leaves out temperature and top_p for a model that refuses them and keeps them for one that takes them', () => {
    const sampled = request({ temperature: 0.2, top_p: 0.9 });
    expect(
      convertResponsesRequest(sampled, { model: 'gpt-5.2', dialect: openaiDialect, stream: false }).body,
    ).not.toHaveProperty('temperature');
    expect(
      convertResponsesRequest(sampled, { model: 'gpt-4.1', dialect: openaiDialect, stream: false }).body,
    ).toMatchObject({
      temperature: 0.2,
      top_p: 0.9,
    });
  });

  it('maps a thinking budget to an effort and asks for a summary, and sends no reasoning without thinking', () => {
    const thinking = request({ thinking: { type: 'enabled', budget_tokens: 2000 } });
    expect(
      convertResponsesRequest(thinking, { model: 'm', dialect: genericDialect, stream: false }).body
        .reasoning,
    ).toEqual({
      effort: 'low',
      summary: 'auto',
    });
    expect(
      convertResponsesRequest(request({}), { model: 'm', dialect: genericDialect, stream: false }).body,
    ).not.toHaveProperty('reasoning');
  });

  it('gives reasoning items back only to the provider and model whose signature carries them', () => {
    const item = { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'enc' };
    const history = (origin: string) =>
      request({
        messages: [
          { role: 'user', content: 'Hi' },
          {
            role: 'assistant',
            content: [
              {
                type: 'thinking',
                thinking: '',
                signature: encodeReasoningSignature({ responsesItems: [item], origin }),
              },
              { type: 'text', text: 'Hello' },
            ],
          },
          { role: 'user', content: 'Again' },
        ],
      });
    const options = { model: 'm', dialect: genericDialect, stream: false, reasoningOrigin: 'codex/m' };
    expect(convertResponsesRequest(history('codex/m'), options).body.input[1]).toEqual(item);
    expect(
      convertResponsesRequest(history('other/m'), options).body.input.map((entry) => entry.type),
    ).toEqual(['message', 'message', 'message']);
  });

  it('names tools the backend refuses by a short reversible name, in definitions and history alike', () => {
    const long = `mcp__server__${'x'.repeat(70)}`;
    const converted = convertResponsesRequest(
      request({
        tools: [{ name: long, input_schema: { type: 'object' } }],
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: long, input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
        ],
      }),
      { model: 'm', dialect: genericDialect, stream: false },
    );
    const sentName = converted.body.tools?.[0]?.name;
    expect(sentName?.length).toBeLessThanOrEqual(64);
    expect(converted.body.input[1]).toMatchObject({ type: 'function_call', name: sentName });
    expect(converted.toolNames.toClient(sentName!)).toBe(long);
  });
});
