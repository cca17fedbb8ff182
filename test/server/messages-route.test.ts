import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { completion, dropConnection, hang, json, startScriptedBackend } from '../helpers/scripted-backend.js';
import { startProxy } from '../helpers/start-proxy.js';
import { useSharedProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const BACKEND_KEY = 'sk-backend-secret-0123456789';
// One try per request: these tests pin how each answer maps; retries have tests of their own.
const shared = useSharedProxyAndBackend(
  { OPENAI_API_KEY: BACKEND_KEY, RETRY_ATTEMPTS: '1' },
  { emptyRequestsAfterEach: true },
);

async function postMessages(body: unknown, init: { path?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${shared.proxy.url}${init.path ?? '/v1/messages'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    response,
    text,
    body: JSON.parse(text) as { type: string; error: { type: string; message: string }; request_id: string },
  };
}

const minimal = { model: 'claude-opus-4-8', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] };

describe('POST /v1/messages through the official SDK', () => {
  it('returns the backend text as a text block and echoes the client model', async () => {
    shared.backend.enqueue(completion({ content: 'Hello there' }));
    const message = await shared.proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(message.model).toBe('claude-opus-4-8');
    expect(message.id).toMatch(/^msg_[0-9A-Za-z]{24}$/);
    expect(message.content).toEqual([{ type: 'text', text: 'Hello there' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 10, output_tokens: 5 });
    const received = shared.backend.requests[0]!;
    expect(received.url).toBe('/v1/chat/completions');
    expect(received.body).toMatchObject({ model: 'backend-model', max_tokens: 100 });
    expect(received.headers.authorization).toBe(`Bearer ${BACKEND_KEY}`);
  });

  it('never forwards the client key to the backend', async () => {
    shared.backend.enqueue(completion({ content: 'ok' }));
    await shared.proxy.client.messages.create(minimal as Anthropic.MessageCreateParams);
    const headers = JSON.stringify(shared.backend.requests[0]!.headers);
    expect(headers).not.toContain('test-client-key');
    expect(shared.backend.requests[0]!.headers['x-api-key']).toBeUndefined();
  });

  it('accepts the ?beta=true query Claude Code adds', async () => {
    shared.backend.enqueue(completion({ content: 'beta ok' }));
    const { response, body } = await postMessages(minimal, { path: '/v1/messages?beta=true' });
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'beta ok' }] });
  });

  it('returns tool calls as tool_use blocks the SDK can read back into the next turn', async () => {
    shared.backend.enqueue(
      completion(
        {
          content: null,
          tool_calls: [
            {
              id: 'call_7',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { finishReason: 'tool_calls' },
      ),
      completion({ content: 'It is sunny.' }),
    );
    const tools: Anthropic.Tool[] = [
      { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
    ];
    const first = await shared.proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 100,
      tools,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ id: 'call_7', name: 'get_weather', input: { city: 'Paris' } });

    await shared.proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 100,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_7', content: 'sunny, 21°C' }] },
      ],
    });
    expect((shared.backend.requests[1]!.body as { messages: unknown[] }).messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_7',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_7', content: 'sunny, 21°C' },
    ]);
  });

  it('answers max_tokens 0 locally with an empty message, without calling the backend', async () => {
    const { response, body } = await postMessages({ ...minimal, max_tokens: 0 });
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ type: 'message', content: [], stop_reason: 'max_tokens' });
    expect(shared.backend.requests).toHaveLength(0);
  });

  it('sends images to the backend as image_url parts', async () => {
    shared.backend.enqueue(completion({ content: 'A cat.' }));
    await shared.proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 50,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    expect((shared.backend.requests[0]!.body as { messages: unknown[] }).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'text', text: 'What is this?' },
        ],
      },
    ]);
  });
});

describe('POST /v1/messages errors', () => {
  it('returns 400 invalid_request_error naming the field path when a block type is missing', async () => {
    const { response, body } = await postMessages({
      ...minimal,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: [{ text: 'no type' }] },
      ],
    });
    expect(response.status).toBe(400);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^messages\.2\.content\.0\.type: /);
    expect(shared.backend.requests).toHaveLength(0);
  });

  it('returns 400 invalid_request_error naming max_tokens when it is a string', async () => {
    const { response, body } = await postMessages({ ...minimal, max_tokens: 'ten' });
    expect(response.status).toBe(400);
    expect(body.error.message).toMatch(/^max_tokens: /);
  });

  it('returns 400 invalid_request_error for a body that is not JSON', async () => {
    const { response, body } = await postMessages('{"model": ');
    expect(response.status).toBe(400);
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(body.error.message).toContain('not valid JSON');
  });

  it('returns 400 for a Claude model name when no backend model is configured', async () => {
    const bare = await startProxy({ OPENAI_BASE_URL: shared.backend.baseUrl, OPENAI_MODEL: '' });
    try {
      const response = await fetch(`${bare.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(minimal),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('set OPENAI_MODEL');
    } finally {
      await bare.close();
    }
  });

  it.each([
    [400, 400, 'invalid_request_error'],
    [401, 401, 'authentication_error'],
    [402, 402, 'billing_error'],
    [403, 403, 'permission_error'],
    [404, 404, 'not_found_error'],
    [408, 504, 'timeout_error'],
    [413, 413, 'request_too_large'],
    [422, 400, 'invalid_request_error'],
    [500, 500, 'api_error'],
    [502, 529, 'overloaded_error'],
    [503, 529, 'overloaded_error'],
    [504, 504, 'timeout_error'],
  ])('maps backend status %i to %i %s', async (upstreamStatus, status, type) => {
    shared.backend.enqueue(json(upstreamStatus, { error: { message: `backend said ${upstreamStatus}` } }));
    const { response, body } = await postMessages(minimal);
    expect(response.status).toBe(status);
    expect(body).toMatchObject({ type: 'error', error: { type } });
    expect(body.error.message).toContain(`backend said ${upstreamStatus}`);
    expect(response.headers.get('request-id')).toBe(body.request_id);
    expect(body.request_id).toMatch(/^req_/);
    expect(response.headers.get('x-should-retry')).toBe(String(status >= 500 || status === 429));
  });

  it('returns 429 rate_limit_error and keeps retry-after when the backend rate-limits', async () => {
    shared.backend.enqueue(json(429, { error: { message: 'slow down' } }, { 'retry-after': '7' }));
    const { response, body } = await postMessages(minimal);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it.each([
    ['the nested OpenAI error', { error: { message: 'model overloaded, nested', type: 'server_error' } }],
    [
      'a top-level object:"error"',
      { object: 'error', message: 'model overloaded, top-level', type: 'BadRequestError', code: 400 },
    ],
    [
      'the Gemini array',
      [{ error: { code: 400, message: 'model overloaded, array', status: 'INVALID_ARGUMENT' } }],
    ],
  ])('reads the message of %s shape', async (_shape, errorBody) => {
    shared.backend.enqueue(json(400, errorBody));
    const { body } = await postMessages(minimal);
    expect(body.error.message).toMatch(/model overloaded, (nested|top-level|array)/);
  });

  it('uses the prompt-is-too-long wording for a backend context-length error', async () => {
    shared.backend.enqueue(
      json(400, {
        error: {
          message: "This model's maximum context length is 8192 tokens",
          code: 'context_length_exceeded',
        },
      }),
    );
    const { body } = await postMessages(minimal);
    expect(body.error.message).toMatch(/^prompt is too long: /);
  });

  it('returns 502 api_error for a 200 whose body is not JSON', async () => {
    shared.backend.enqueue(json(200, '<html>gateway</html>'));
    const { response, body } = await postMessages(minimal);
    expect(response.status).toBe(502);
    expect(body.error.type).toBe('api_error');
  });

  it('returns api_error for a 200 whose body is an error object', async () => {
    shared.backend.enqueue(json(200, { error: { message: 'quota exceeded', code: 429 } }));
    const { response, body } = await postMessages(minimal);
    expect(response.status).toBe(429);
    expect(body.error).toEqual({
      type: 'rate_limit_error',
      message: 'Backend error (provider default): quota exceeded',
    });
  });

  it('returns 502 api_error naming the backend URL when the connection drops', async () => {
    shared.backend.enqueue(dropConnection());
    const { response, body } = await postMessages(minimal);
    expect(response.status).toBe(502);
    expect(body.error.type).toBe('api_error');
    expect(body.error.message).toContain(shared.backend.baseUrl);
  });

  it('never shows a stack trace or the backend key in any error', async () => {
    shared.backend.enqueue(json(401, { error: { message: `Incorrect API key provided: ${BACKEND_KEY}` } }));
    const { text } = await postMessages(minimal);
    expect(text).not.toContain(BACKEND_KEY);
    expect(text).not.toMatch(/\n\s+at /);
  });
});

describe('POST /v1/messages with an unreachable backend', () => {
  it('returns 502 api_error naming the backend URL', async () => {
    const dead = await startScriptedBackend();
    const url = dead.baseUrl;
    await dead.close();
    const orphan = await startProxy({ OPENAI_BASE_URL: url });
    try {
      const error = await orphan.client.messages
        .create(minimal as Anthropic.MessageCreateParams)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(502);
      expect(String((error as Error).message)).toContain(
        `Could not reach provider default at ${url}: connection refused`,
      );
    } finally {
      await orphan.close();
    }
  });
});

describe('POST /v1/messages with https:// pointing at a plain-HTTP server', () => {
  it('returns 502 api_error that names the TLS failure and the likely cause', async () => {
    const plain = await startScriptedBackend();
    const url = plain.baseUrl.replace('http://', 'https://');
    const proxy = await startProxy({ OPENAI_BASE_URL: url, RETRY_ATTEMPTS: '1' });
    try {
      const error = await proxy.client.messages
        .create(minimal as Anthropic.MessageCreateParams)
        .catch((e: unknown) => e);
      expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(502);
      expect(String((error as Error).message)).toMatch(
        /Could not reach provider default at https:\/\/127\.0\.0\.1:\d+\/v1: TLS failed \((ERR_SSL_\w+|EPROTO); is the URL's scheme right\?/,
      );
    } finally {
      await proxy.close();
      await plain.close();
    }
  });
});

describe('POST /v1/messages with a backend that never answers', () => {
  it('returns 504 timeout_error once TIMEOUT passes and closes the upstream request', async () => {
    const silent = await startScriptedBackend();
    const impatient = await startProxy({
      OPENAI_BASE_URL: silent.baseUrl,
      TIMEOUT: '0.2',
      RETRY_ATTEMPTS: '1',
    });
    try {
      silent.enqueue(hang());
      const response = await fetch(`${impatient.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(minimal),
      });
      expect(response.status).toBe(504);
      const body = (await response.json()) as { error: { type: string; message: string } };
      expect(body.error.type).toBe('timeout_error');
      expect(body.error.message).toBe(
        `No answer from provider default at ${silent.baseUrl} within the first_byte timeout (0.2 s)`,
      );
      await silent.requests[0]!.closedEarly;
    } finally {
      await impatient.close();
      await silent.close();
    }
  });
});
