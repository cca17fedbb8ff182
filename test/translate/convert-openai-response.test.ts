import { describe, expect, it } from 'vitest';
import { UpstreamProtocolError, UpstreamReportedError } from '../../src/errors.js';
import { convertOpenAIResponse } from '../../src/translate/convert-openai-response.js';
import type { OpenAIChatResponse } from '../../src/wire/openai.js';
import { createFixtureCaseContext } from '../helpers/fixture-stream-context.js';
import {
  listFixtureCases,
  readFixtureEnv,
  readJsonFixture,
  readTextFixture,
} from '../helpers/load-fixture.js';

/** Converts as the proxy would with the generic dialect and the case's `env:` header settings. */
function convert(response: OpenAIChatResponse, env: Record<string, string> = {}) {
  let generated = 0;
  return convertOpenAIResponse(response, {
    messageId: 'msg_test',
    model: 'claude-opus-4-8',
    stopSequences: ['###'],
    createToolId: () => `toolu_generated_${++generated}`,
    thinkTags: createFixtureCaseContext(env).thinkTags,
  });
}

describe('convertOpenAIResponse over the generic fixtures', () => {
  const cases = listFixtureCases('generic', '.openai-response.json');

  it('finds response fixtures to replay', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  it.each(cases)('builds the expected Anthropic message for %s', (name) => {
    const path = `generic/${name}.openai-response.json`;
    const input = readJsonFixture<OpenAIChatResponse>(path);
    const expected = readJsonFixture(`generic/${name}.anthropic-response.json`);
    expect(convert(input, readFixtureEnv(readTextFixture(path)))).toEqual(expected);
  });
});

describe('convertOpenAIResponse failures', () => {
  it('throws UpstreamProtocolError when the completion has no choices', () => {
    expect(() => convert({ choices: [] })).toThrow(UpstreamProtocolError);
  });

  it('throws UpstreamProtocolError naming the tool when arguments cannot be repaired into an object', () => {
    const response: OpenAIChatResponse = {
      choices: [{ message: { tool_calls: [{ id: 'c1', function: { name: 'Bash', arguments: '[1, 2' } }] } }],
    };
    expect(() => convert(response)).toThrow(/tool "Bash"/);
  });

  it('reports DeepSeek insufficient_system_resource as an overloaded_error', () => {
    const response: OpenAIChatResponse = {
      choices: [{ message: { content: 'partial' }, finish_reason: 'insufficient_system_resource' }],
    };
    let caught: unknown;
    try {
      convert(response);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UpstreamReportedError);
    expect((caught as UpstreamReportedError).type).toBe('overloaded_error');
  });

  it('unwraps arguments that arrive double-encoded as a JSON string', () => {
    const response: OpenAIChatResponse = {
      choices: [
        {
          message: {
            tool_calls: [{ id: 'c1', function: { name: 'Read', arguments: '"{\\"path\\":\\"a\\"}"' } }],
          },
        },
      ],
    };
    expect(convert(response).content).toEqual([
      { type: 'tool_use', id: 'c1', name: 'Read', input: { path: 'a' }, caller: { type: 'direct' } },
    ]);
  });
});
