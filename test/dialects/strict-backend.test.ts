import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT_NAMES } from '../../src/dialects/all-dialects.js';
import type { DialectName } from '../../src/dialects/dialect.js';
import { completion } from '../helpers/scripted-backend.js';
import { type StrictBackend, startStrictBackend } from '../helpers/start-strict-backend.js';
import { checkStrictRules } from '../helpers/strict-backend-rules.js';

/** The strict backends are only worth their passing tests if they refuse what the real ones refuse. */

const PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

function call(id: string, name = 'Read', args = '{}', extra: Record<string, unknown> = {}) {
  return { id, type: 'function', function: { name, arguments: args }, ...extra };
}

function toolLoop(callId: string, extra: Record<string, unknown> = {}) {
  return [
    { role: 'user', content: 'Read the file' },
    { role: 'assistant', content: null, tool_calls: [call(callId)], ...extra },
    { role: 'tool', tool_call_id: callId, content: 'contents' },
  ];
}

function tool(name: string, parameters: Record<string, unknown> = { type: 'object', properties: {} }) {
  return { type: 'function', function: { name, parameters } };
}

const hello = [{ role: 'user', content: 'Hello' }];

/** A first request to a Gemini 2.5 model offering these tools. */
function checkGeminiTools(...tools: Record<string, unknown>[]) {
  return checkStrictRules('gemini', { model: 'gemini-2.5-flash', messages: hello, tools });
}

describe('strict backend rules shared by every dialect', () => {
  it.each(DIALECT_NAMES)('%s: refuses a tool call left without a tool message', (dialect) => {
    const rejection = checkStrictRules(dialect, {
      model: 'm',
      messages: [
        { role: 'user', content: 'Read it' },
        { role: 'assistant', content: null, tool_calls: [call('aaaaaaaa1')] },
        { role: 'user', content: 'never mind' },
      ],
    });
    expect(rejection).toMatchObject({ rule: 'tool-results-follow-their-calls', status: 400 });
    expect(rejection?.message).toContain('aaaaaaaa1');
  });

  it.each(DIALECT_NAMES)('%s: refuses a tool message whose id matches no call before it', (dialect) => {
    const rejection = checkStrictRules(dialect, {
      model: 'm',
      messages: [
        { role: 'user', content: 'Read it' },
        { role: 'assistant', content: null, tool_calls: [call('aaaaaaaa1')] },
        { role: 'tool', tool_call_id: 'aaaaaaaa1', content: 'x' },
        { role: 'tool', tool_call_id: 'bbbbbbbb2', content: 'y' },
      ],
    });
    expect(rejection).toMatchObject({ rule: 'tool-results-follow-their-calls', status: 400 });
  });

  it.each(DIALECT_NAMES)('%s: refuses a tool call answered only after a user message', (dialect) => {
    const rejection = checkStrictRules(dialect, {
      model: 'm',
      messages: [
        { role: 'user', content: 'Read it' },
        { role: 'assistant', content: null, tool_calls: [call('aaaaaaaa1')] },
        { role: 'user', content: 'reminder' },
        { role: 'tool', tool_call_id: 'aaaaaaaa1', content: 'x' },
      ],
    });
    expect(rejection?.rule).toBe('tool-results-follow-their-calls');
  });

  it.each(DIALECT_NAMES)('%s: accepts a plain question', (dialect) => {
    expect(checkStrictRules(dialect, { model: 'backend-model', messages: hello })).toBeUndefined();
  });
});

describe('mistral strict rules', () => {
  it('answers 422 extra_forbidden naming a top-level field it does not know', () => {
    const rejection = checkStrictRules('mistral', {
      model: 'mistral-large-latest',
      messages: hello,
      max_completion_tokens: 100,
    });
    expect(rejection).toMatchObject({ rule: 'only-known-fields', status: 422 });
    expect(rejection?.body).toEqual({
      detail: [
        {
          type: 'extra_forbidden',
          loc: ['body', 'max_completion_tokens'],
          msg: 'Extra inputs are not permitted',
          input: 100,
        },
      ],
    });
  });

  it('answers 422 extra_forbidden to reasoning_content on an assistant message', () => {
    const rejection = checkStrictRules('mistral', {
      model: 'mistral-large-latest',
      messages: toolLoop('abcDEF123', { reasoning_content: 'thought' }),
    });
    expect(rejection).toMatchObject({ rule: 'messages-carry-only-known-fields', status: 422 });
    expect(rejection?.body).toMatchObject({
      detail: [{ type: 'extra_forbidden', loc: ['body', 'messages', 1, 'assistant', 'reasoning_content'] }],
    });
  });

  it.each(['call_abc123', 'toolu_01FkT8wqxRkAQ4ZqW7y5nV3c', 'abcDEF12', 'abc_EF123'])(
    'answers 400 code 3280 to the tool call id %s',
    (id) => {
      const rejection = checkStrictRules('mistral', {
        model: 'mistral-large-latest',
        messages: toolLoop(id),
      });
      expect(rejection).toMatchObject({ rule: 'tool-ids-are-nine-alphanumerics', status: 400 });
      expect(rejection?.body).toEqual({
        object: 'error',
        message: `Tool call id was ${id} but must be a-z, A-Z, 0-9, with a length of 9.`,
        type: 'invalid_function_call',
        param: null,
        code: '3280',
      });
    },
  );

  it('accepts nine-character ids on the call and its tool message', () => {
    expect(
      checkStrictRules('mistral', { model: 'mistral-large-latest', messages: toolLoop('abcDEF123') }),
    ).toBeUndefined();
  });

  it('answers 422 to a thinking chunk whose thinking is a string rather than a list of chunks', () => {
    const rejection = checkStrictRules('mistral', {
      model: 'magistral-medium-latest',
      messages: toolLoop('abcDEF123', { content: [{ type: 'thinking', thinking: 'thought' }] }),
    });
    expect(rejection).toMatchObject({ rule: 'assistant-content-is-text-or-thinking-chunks', status: 422 });
    expect(rejection?.body).toMatchObject({
      detail: [{ loc: ['body', 'messages', 1, 'assistant', 'content', 0] }],
    });
  });

  it('accepts a thinking chunk of text chunks before the text chunk of an assistant turn', () => {
    const content = [
      { type: 'thinking', thinking: [{ type: 'text', text: 'ls is enough.' }] },
      { type: 'text', text: 'Listing.' },
    ];
    expect(
      checkStrictRules('mistral', {
        model: 'magistral-medium-latest',
        messages: toolLoop('abcDEF123', { content }),
      }),
    ).toBeUndefined();
  });
});

describe('groq strict rules', () => {
  it('answers 400 "property \'reasoning\' is unsupported" to a field Groq does not list', () => {
    const rejection = checkStrictRules('groq', {
      model: 'openai/gpt-oss-120b',
      messages: hello,
      reasoning: { effort: 'high' },
    });
    expect(rejection).toMatchObject({ rule: 'only-known-fields', status: 400 });
    expect(rejection?.body).toEqual({
      error: { message: "property 'reasoning' is unsupported", type: 'invalid_request_error' },
    });
  });

  it('refuses a message key Groq does not document for that role', () => {
    const rejection = checkStrictRules('groq', {
      model: 'openai/gpt-oss-120b',
      messages: toolLoop('call_1', { reasoning_content: 'thought' }),
    });
    expect(rejection?.rule).toBe('messages-carry-only-known-fields');
    expect(rejection?.message).toContain("property 'reasoning_content' is unsupported");
  });

  it('refuses assistant reasoning in history for a model other than Qwen 3', () => {
    const rejection = checkStrictRules('groq', {
      model: 'openai/gpt-oss-120b',
      messages: toolLoop('call_1', { reasoning: 'thought' }),
    });
    expect(rejection).toMatchObject({ rule: 'assistant-reasoning-only-for-qwen3', status: 400 });
  });

  it('accepts assistant reasoning in history for qwen/qwen3-32b', () => {
    expect(
      checkStrictRules('groq', {
        model: 'qwen/qwen3-32b',
        messages: toolLoop('call_1', { reasoning: 'thought' }),
      }),
    ).toBeUndefined();
  });
});

describe('openai strict rules', () => {
  it('answers 400 "Unrecognized request argument" to a field outside the API reference', () => {
    const rejection = checkStrictRules('openai', {
      model: 'gpt-4o',
      messages: hello,
      thinking: { type: 'enabled' },
    });
    expect(rejection).toMatchObject({ rule: 'only-known-fields', status: 400 });
    expect(rejection?.body).toEqual({
      error: {
        message: 'Unrecognized request argument supplied: thinking',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
  });

  it.each(['gpt-5', 'o3', 'o4-mini'])('refuses max_tokens for the reasoning model %s', (model) => {
    const rejection = checkStrictRules('openai', { model, messages: hello, max_tokens: 100 });
    expect(rejection?.rule).toBe('reasoning-models-take-max-completion-tokens');
    expect(rejection?.body).toMatchObject({ error: { param: 'max_tokens', code: 'unsupported_parameter' } });
  });

  it.each(['temperature', 'top_p'])('refuses %s for a reasoning model', (field) => {
    const rejection = checkStrictRules('openai', { model: 'gpt-5', messages: hello, [field]: 0.5 });
    expect(rejection?.rule).toBe('reasoning-models-take-no-sampling');
  });

  it('refuses reasoning_effort for a model that does not reason', () => {
    const rejection = checkStrictRules('openai', {
      model: 'gpt-4o',
      messages: hello,
      reasoning_effort: 'low',
    });
    expect(rejection?.rule).toBe('reasoning-effort-needs-a-reasoning-model');
  });

  it('accepts max_tokens and temperature for gpt-4o', () => {
    expect(
      checkStrictRules('openai', { model: 'gpt-4o', messages: hello, max_tokens: 100, temperature: 0.2 }),
    ).toBeUndefined();
  });
});

describe('qwen strict rules', () => {
  it('answers 400 in the DashScope shape to a system message after the first position', () => {
    const rejection = checkStrictRules('qwen', {
      model: 'qwen3-max',
      messages: [...hello, { role: 'system', content: 'late' }],
    });
    expect(rejection).toMatchObject({ rule: 'system-message-first', status: 400 });
    expect(rejection?.body).toMatchObject({
      error: {
        code: 'invalid_parameter_error',
        message: '<400> InternalError.Algo.InvalidParameter: System message must be at the beginning.',
        type: 'invalid_request_error',
      },
    });
  });

  it('refuses enable_thinking on a non-streaming call', () => {
    const rejection = checkStrictRules('qwen', {
      model: 'qwen3-max',
      messages: hello,
      enable_thinking: true,
    });
    expect(rejection?.rule).toBe('thinking-only-when-streaming');
    expect(rejection?.message).toBe('parameter.enable_thinking must be set to false for non-streaming calls');
  });

  it('accepts enable_thinking on a streaming call', () => {
    expect(
      checkStrictRules('qwen', { model: 'qwen3-max', messages: hello, enable_thinking: true, stream: true }),
    ).toBeUndefined();
  });

  it('refuses tool_choice "required"', () => {
    const rejection = checkStrictRules('qwen', {
      model: 'qwen3-max',
      messages: hello,
      tools: [tool('Read')],
      tool_choice: 'required',
    });
    expect(rejection?.rule).toBe('tool-choice-without-required');
  });
});

describe('glm strict rules', () => {
  it.each<unknown>(['required', 'none', { type: 'function', function: { name: 'Read' } }])(
    'answers 400 code 1214 to tool_choice %j',
    (choice) => {
      const rejection = checkStrictRules('glm', {
        model: 'glm-4.6',
        messages: hello,
        tools: [tool('Read')],
        tool_choice: choice,
      });
      expect(rejection).toMatchObject({ rule: 'tool-choice-auto-only', status: 400 });
      expect(rejection?.body).toEqual({ error: { code: '1214', message: 'Tool choice must be auto' } });
    },
  );
});

describe('deepseek strict rules', () => {
  it.each([
    ['deepseek-chat', 8_193, 8_192],
    ['deepseek-reasoner', 65_537, 65_536],
  ])('answers 400 to %s with max_tokens %i', (model, maxTokens, cap) => {
    const rejection = checkStrictRules('deepseek', { model, messages: hello, max_tokens: maxTokens });
    expect(rejection?.body).toEqual({
      error: {
        message: `Invalid max_tokens value, the valid range of max_tokens is [1, ${cap}]`,
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_request_error',
      },
    });
  });

  it('refuses an assistant tool call without reasoning_content when thinking is enabled', () => {
    const rejection = checkStrictRules('deepseek', {
      model: 'deepseek-chat',
      messages: toolLoop('call_1'),
      thinking: { type: 'enabled' },
    });
    expect(rejection?.rule).toBe('reasoning-content-back-in-tool-loops');
    expect(rejection?.message).toBe(
      'The `reasoning_content` in the thinking mode must be passed back to the API.',
    );
  });

  it('refuses an assistant tool call without reasoning_content on deepseek-reasoner', () => {
    const rejection = checkStrictRules('deepseek', {
      model: 'deepseek-reasoner',
      messages: toolLoop('call_1'),
    });
    expect(rejection?.rule).toBe('reasoning-content-back-in-tool-loops');
  });

  it('refuses it on a V4 model, which thinks unless thinking is disabled', () => {
    expect(
      checkStrictRules('deepseek', { model: 'deepseek-v4-pro', messages: toolLoop('call_1') })?.rule,
    ).toBe('reasoning-content-back-in-tool-loops');
    expect(
      checkStrictRules('deepseek', {
        model: 'deepseek-v4-pro',
        messages: toolLoop('call_1'),
        thinking: { type: 'disabled' },
      }),
    ).toBeUndefined();
  });

  it('accepts the tool loop once reasoning_content is back, and without thinking', () => {
    const withReasoning = toolLoop('call_1', { reasoning_content: 'I should read it.' });
    expect(
      checkStrictRules('deepseek', { model: 'deepseek-reasoner', messages: withReasoning }),
    ).toBeUndefined();
    expect(
      checkStrictRules('deepseek', { model: 'deepseek-chat', messages: toolLoop('call_1') }),
    ).toBeUndefined();
  });

  it('refuses an image part, since the API reads text only', () => {
    const rejection = checkStrictRules('deepseek', {
      model: 'deepseek-chat',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: PNG_DATA_URL } },
          ],
        },
      ],
    });
    expect(rejection?.rule).toBe('text-only-content');
    expect(rejection?.message).toContain('messages[0]: unknown variant `image_url`, expected `text`');
  });

  it('refuses system content given as a list of parts', () => {
    const rejection = checkStrictRules('deepseek', {
      model: 'deepseek-chat',
      messages: [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, ...hello],
    });
    expect(rejection?.message).toContain('invalid type: sequence, expected a string');
  });
});

describe('gemini strict rules', () => {
  it.each(['1password_lookup', 'read file', 'x'.repeat(65), 'mcp__server__tool/with/slash'])(
    'answers 400 in the array-wrapped shape to the function name %s',
    (name) => {
      const rejection = checkGeminiTools(tool('Read'), tool(name));
      expect(rejection).toMatchObject({ rule: 'function-names-follow-gemini-rules', status: 400 });
      expect(rejection?.body).toEqual([
        {
          error: {
            code: 400,
            message: expect.stringContaining('function_declarations[1].name'),
            status: 'INVALID_ARGUMENT',
          },
        },
      ]);
    },
  );

  it.each(['_private', 'mcp__server__read.file', 'ns:tool-name'])('accepts the function name %s', (name) => {
    expect(checkGeminiTools(tool(name))).toBeUndefined();
  });

  it.each(['additionalProperties', 'exclusiveMinimum', 'propertyNames', 'const', 'prefixItems', '$schema'])(
    'refuses the schema keyword %s inside a property',
    (keyword) => {
      const rejection = checkGeminiTools(
        tool('Read', { type: 'object', properties: { limit: { type: 'number', [keyword]: 0 } } }),
      );
      expect(rejection?.rule).toBe('schemas-use-supported-keywords');
      expect(rejection?.message).toContain(
        `Unknown name "${keyword}" at 'tools[0].function.parameters.properties.limit'`,
      );
    },
  );

  it.each<[string, Record<string, unknown>]>([
    ['an enum without type string', { enum: ['team'] }],
    ['an enum of integers', { type: 'integer', enum: [1, 2, 4] }],
  ])('refuses %s', (_case, property) => {
    const rejection = checkGeminiTools(tool('Read', { type: 'object', properties: { mode: property } }));
    expect(rejection?.rule).toBe('enums-are-strings');
  });

  it('refuses a type given as a list, such as ["string", "null"]', () => {
    const rejection = checkGeminiTools(
      tool('annotate', { type: 'object', properties: { note: { type: ['string', 'null'] } } }),
    );
    expect(rejection).toMatchObject({ rule: 'schema-types-are-single-names', status: 400 });
    expect(rejection?.message).toContain('Proto field is not repeating, cannot start list');
  });

  it('accepts a nullable type written the OpenAPI way', () => {
    expect(
      checkGeminiTools(
        tool('annotate', { type: 'object', properties: { note: { type: 'string', nullable: true } } }),
      ),
    ).toBeUndefined();
  });

  it('accepts a string enum beside type string', () => {
    const parameters = { type: 'object', properties: { mode: { type: 'string', enum: ['a', 'b'] } } };
    expect(checkGeminiTools(tool('Read', parameters))).toBeUndefined();
  });

  it('accepts a property that is merely named like a refused keyword', () => {
    const parameters = { type: 'object', properties: { const: { type: 'string' }, if: { type: 'string' } } };
    expect(checkGeminiTools(tool('Read', parameters))).toBeUndefined();
  });

  it('refuses a current-turn tool call without a thought signature on a Gemini 3 model', () => {
    const rejection = checkStrictRules('gemini', {
      model: 'gemini-3-pro-preview',
      messages: toolLoop('call_1'),
    });
    expect(rejection?.rule).toBe('thought-signatures-on-current-turn-calls');
    expect(rejection?.message).toContain(
      'Function call is missing a thought_signature in functionCall parts.',
    );
  });

  it('refuses it too when a user message follows the tool results in the same turn', () => {
    const messages = [
      ...toolLoop('call_1'),
      { role: 'user', content: '<system-reminder>x</system-reminder>' },
    ];
    expect(checkStrictRules('gemini', { model: 'gemini-3-pro-preview', messages })?.rule).toBe(
      'thought-signatures-on-current-turn-calls',
    );
  });

  it('accepts the signature, or the documented skip value, on the first call of the step', () => {
    for (const signature of ['CiQBjz1rX2signature', 'skip_thought_signature_validator']) {
      const messages = toolLoop('call_1');
      messages[1] = {
        role: 'assistant',
        content: null,
        tool_calls: [
          call('call_1', 'Read', '{}', { extra_content: { google: { thought_signature: signature } } }),
        ],
      };
      expect(checkStrictRules('gemini', { model: 'gemini-3-pro-preview', messages })).toBeUndefined();
    }
  });

  it('accepts calls without signatures in turns before the current user question', () => {
    const messages = [...toolLoop('call_1'), { role: 'assistant', content: 'Done.' }, ...hello];
    expect(checkStrictRules('gemini', { model: 'gemini-3-pro-preview', messages })).toBeUndefined();
  });
});

describe('ollama strict rules', () => {
  it.each(['https://example.com/cat.png', 'data:image/gif;base64,R0lGODlh'])(
    'answers "invalid image input" to the image URL %s',
    (url) => {
      const rejection = checkStrictRules('ollama', {
        model: 'gpt-oss:20b',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }],
      });
      expect(rejection).toMatchObject({ rule: 'images-as-data-urls', message: 'invalid image input' });
    },
  );

  it('accepts a PNG data URL', () => {
    expect(
      checkStrictRules('ollama', {
        model: 'gpt-oss:20b',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }] }],
      }),
    ).toBeUndefined();
  });

  it('refuses tool call arguments in history that are not JSON', () => {
    const messages = toolLoop('call_1');
    messages[1] = { role: 'assistant', content: null, tool_calls: [call('call_1', 'Read', '{"path": ')] };
    expect(checkStrictRules('ollama', { model: 'gpt-oss:20b', messages })?.rule).toBe(
      'history-arguments-are-json',
    );
  });
});

describe('openrouter and vllm strict rules', () => {
  it('openrouter: refuses reasoning with both effort and max_tokens, as {"error":{code,message}}', () => {
    const rejection = checkStrictRules('openrouter', {
      model: 'anthropic/claude-sonnet-4.5',
      messages: hello,
      reasoning: { effort: 'high', max_tokens: 2000 },
    });
    expect(rejection?.body).toEqual({ error: { code: 400, message: expect.stringContaining('reasoning') } });
  });

  it('vllm: answers a broken tool history with a top-level error object', () => {
    const rejection = checkStrictRules('vllm', {
      model: 'openai/gpt-oss-120b',
      messages: [{ role: 'assistant', content: null, tool_calls: [call('call_1')] }],
    });
    expect(rejection?.body).toMatchObject({ object: 'error', type: 'BadRequestError', code: 400 });
  });
});

describe.each<[DialectName, Record<string, unknown>, number]>([
  ['mistral', { stream_options: { include_usage: true } }, 422],
  ['groq', { top_k: 40 }, 400],
  ['gemini', { tools: [tool('9lives')] }, 400],
])('%s strict backend over HTTP', (dialect, extra, status) => {
  let backend: StrictBackend;
  beforeAll(async () => {
    backend = await startStrictBackend(dialect);
  });
  afterAll(() => backend.close());

  it(`${dialect}: answers ${status} to a request that breaks a rule and records the rejection`, async () => {
    backend.enqueue(completion({ content: 'never sent' }));
    const response = await fetch(`${backend.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'backend-model', messages: hello, ...extra }),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(backend.rejections[0]!.body);
  });

  it(`${dialect}: answers the queued reply to a request that keeps every rule`, async () => {
    backend.enqueue(completion({ content: 'accepted' }));
    const response = await fetch(`${backend.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'backend-model', messages: hello }),
    });
    expect(response.status).toBe(200);
    expect(backend.rejections).toHaveLength(1);
  });
});

describe('llamacpp strict rules', () => {
  const named = { type: 'function', function: { name: 'get_time' } };

  it('refuses an object tool_choice, which llama-server would silently treat as auto', () => {
    const rejection = checkStrictRules('llamacpp', {
      model: 'm',
      messages: hello,
      tools: [tool('get_time')],
      tool_choice: named,
    });
    expect(rejection).toMatchObject({ rule: 'tool-choice-is-a-string', status: 400 });
    expect(rejection?.body).toMatchObject({ error: { code: 400, type: 'invalid_request_error' } });
  });

  it.each(['auto', 'none', 'required'])('accepts tool_choice "%s"', (choice) => {
    expect(
      checkStrictRules('llamacpp', {
        model: 'm',
        messages: hello,
        tools: [tool('get_time')],
        tool_choice: choice,
      }),
    ).toBeUndefined();
  });
});

describe('lmstudio strict rules', () => {
  it('answers 400 with its string error body to an object tool_choice', () => {
    const rejection = checkStrictRules('lmstudio', {
      model: 'm',
      messages: hello,
      tools: [tool('get_time')],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    expect(rejection).toMatchObject({
      rule: 'tool-choice-is-a-string',
      status: 400,
      body: { error: "Invalid tool_choice type: 'object'. Supported string values: none, auto, required" },
    });
  });

  it('accepts tool_choice "required"', () => {
    expect(
      checkStrictRules('lmstudio', {
        model: 'm',
        messages: hello,
        tools: [tool('get_time')],
        tool_choice: 'required',
      }),
    ).toBeUndefined();
  });
});
