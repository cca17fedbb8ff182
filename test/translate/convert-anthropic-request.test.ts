import { describe, expect, it } from 'vitest';
import { genericDialect } from '../../src/dialects/generic.js';
import { UnsupportedInputError } from '../../src/errors.js';
import { convertAnthropicRequest } from '../../src/translate/convert-anthropic-request.js';
import { type AnthropicRequest, anthropicRequestSchema } from '../../src/wire/anthropic-request-schema.js';
import { listFixtureCases, readJsonFixture } from '../helpers/load-fixture.js';

function convert(request: unknown, stream = false) {
  const parsed = anthropicRequestSchema.parse(request);
  return convertAnthropicRequest(parsed, { model: 'backend-model', dialect: genericDialect, stream });
}

function request(overrides: Partial<AnthropicRequest>): AnthropicRequest {
  return {
    model: 'claude-opus-4-8',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'Hi' }],
    ...overrides,
  };
}

describe('convertAnthropicRequest over the generic fixtures', () => {
  const cases = listFixtureCases('generic', '.anthropic.json');

  it('finds request fixtures to replay', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  it.each(cases)('builds the expected Chat Completions body for %s', (name) => {
    const input = readJsonFixture(`generic/${name}.anthropic.json`);
    const expected = readJsonFixture(`generic/${name}.openai.json`);
    expect(convert(input).body).toEqual(expected);
  });
});

describe('convertAnthropicRequest field mapping', () => {
  it('asks for a stream with usage when streaming', () => {
    const { body } = convert(request({}), true);
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it.each([
    [{ type: 'auto' }, 'auto'],
    [{ type: 'any' }, 'required'],
    [
      { type: 'tool', name: 'get_weather' },
      { type: 'function', function: { name: 'get_weather' } },
    ],
    [{ type: 'none' }, 'none'],
  ] as const)('maps tool_choice %j to %j', (toolChoice, expected) => {
    const { body } = convert(
      request({
        tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
        tool_choice: toolChoice as AnthropicRequest['tool_choice'],
      }),
    );
    expect(body.tool_choice).toEqual(expected);
    expect(body.parallel_tool_calls).toBeUndefined();
  });

  it('sends no tool_choice when every tool was dropped', () => {
    const { body, warnings } = convert(
      request({
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        tool_choice: { type: 'auto' },
      }),
    );
    expect(body.tools).toBeUndefined();
    expect(body.tool_choice).toBeUndefined();
    expect(warnings.join('\n')).toContain('web_search');
  });

  it('keeps only the first four stop sequences', () => {
    const { body, warnings } = convert(request({ stop_sequences: ['a', 'b', 'c', 'd', 'e'] }));
    expect(body.stop).toEqual(['a', 'b', 'c', 'd']);
    expect(warnings).toHaveLength(1);
  });

  it('maps output_config.format json_schema to response_format', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const { body } = convert({ ...request({}), output_config: { format: { type: 'json_schema', schema } } });
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema } });
  });

  it('reports a dropped unknown block as a warning instead of failing', () => {
    const { body, warnings } = convert({
      ...request({}),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'hologram', beam: 1 },
            { type: 'text', text: 'ok' },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([{ role: 'user', content: 'ok' }]);
    expect(warnings).toEqual(['dropped a "hologram" block: the backend has no equivalent']);
  });

  it('decodes a base64 plain-text document into text', () => {
    const data = Buffer.from('héllo').toString('base64');
    const { body } = convert({
      ...request({}),
      messages: [
        {
          role: 'user',
          content: [{ type: 'document', source: { type: 'base64', media_type: 'text/plain', data } }],
        },
      ],
    });
    expect(body.messages).toEqual([{ role: 'user', content: '<document>\nhéllo\n</document>' }]);
  });

  // Backends refuse an empty filename, so a PDF without a usable title is named document.pdf.
  it.each([
    ['report.pdf', 'report.pdf'],
    [' ', 'document.pdf'],
    [undefined, 'document.pdf'],
  ])('sends a base64 PDF titled %j as a file part named %s', (title, filename) => {
    const { body } = convert({
      ...request({}),
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              ...(title === undefined ? {} : { title }),
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
            },
          ],
        },
      ],
    });
    expect(body.messages[0]).toEqual({
      role: 'user',
      content: [{ type: 'file', file: { filename, file_data: 'data:application/pdf;base64,JVBERi0=' } }],
    });
  });

  it('throws UnsupportedInputError for an image given by Files API id', () => {
    expect(() =>
      convert({
        ...request({}),
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }] },
        ],
      }),
    ).toThrow(UnsupportedInputError);
  });

  it('sends an empty object as arguments for a tool_use without input', () => {
    const { body } = convert({
      ...request({}),
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Now', input: null }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1' }] },
      ],
    });
    expect(body.messages[1]).toMatchObject({ tool_calls: [{ function: { name: 'Now', arguments: '{}' } }] });
    expect(body.messages[2]).toEqual({ role: 'tool', tool_call_id: 'toolu_1', content: '' });
  });
});
