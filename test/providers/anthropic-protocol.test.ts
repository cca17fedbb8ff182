import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonFixture, readTextFixture } from '../helpers/load-fixture.js';
import { parseAnthropicSse } from '../helpers/parse-anthropic-sse.js';
import { messagesBody } from '../helpers/post-messages.js';
import {
  json,
  type ScriptedBackend,
  type SseWriteMode,
  sse,
  startScriptedBackend,
} from '../helpers/scripted-backend.js';
import { chain, startGateway, type TestGateway } from '../helpers/start-gateway.js';

let backend: ScriptedBackend;
let gateway: TestGateway;

async function startWith(authHeader?: 'x-api-key' | 'bearer'): Promise<void> {
  gateway = await startGateway({
    providers: {
      ds: { url: backend.baseUrl.replace(/\/v1$/, '/anthropic'), ...(authHeader ? { authHeader } : {}) },
    },
    routes: { default: chain('ds/deepseek-v4-pro') },
    retry: { attempts: 2, maxWaitMs: 0 },
  });
}

beforeEach(async () => {
  backend = await startScriptedBackend();
  await startWith();
});
afterEach(async () => {
  await gateway.close();
  await backend.close();
});

const CLIENT_MODEL = 'claude-opus-4-8';

/** What the client must receive for a backend stream: the same bytes, message_start naming the client's model. */
function withClientModel(upstream: string, backendModel: string): string {
  return upstream.replace(`"model":"${backendModel}"`, `"model":"${CLIENT_MODEL}"`);
}

/**
 * The events of a passed-on stream. Their keys are the backend's, not the proxy's, so the
 * shape check of validateAnthropicStream does not apply; the SDK test covers validity.
 */
function streamEvents(text: string) {
  return parseAnthropicSse(text).map((frame) => frame.data);
}

async function post(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gateway.url}/v1/messages?beta=true`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': 'test-client-key',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'claude-code-20250219,context-management-2025-06-27',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

describe('an anthropic provider', () => {
  it('forwards the client body with the route model to {base_url}/v1/messages, key in x-api-key, headers kept', async () => {
    backend.enqueue(json(200, readJsonFixture('anthropic-compatible/text-message.messages.json')));
    const body = messagesBody({
      model: CLIENT_MODEL,
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: 'high' },
      future_field: { anything: true },
    });
    const response = await post(body);
    expect(response.status).toBe(200);
    const received = backend.requests[0]!;
    expect(received.url).toBe('/anthropic/v1/messages');
    expect(received.headers['x-api-key']).toBe('sk-ds-key');
    expect(received.headers.authorization).toBeUndefined();
    expect(received.headers['anthropic-version']).toBe('2023-06-01');
    expect(received.headers['anthropic-beta']).toBe('claude-code-20250219,context-management-2025-06-27');
    expect(received.body).toEqual({ ...body, model: 'deepseek-v4-pro' });
  });

  it('sends the key as Bearer when the provider is configured with auth_header bearer', async () => {
    await gateway.close();
    await startWith('bearer');
    backend.enqueue(json(200, readJsonFixture('anthropic-compatible/text-message.messages.json')));
    await post(messagesBody());
    expect(backend.requests[0]!.headers.authorization).toBe('Bearer sk-ds-key');
    expect(backend.requests[0]!.headers['x-api-key']).toBeUndefined();
  });

  it('passes a whole answer on byte for byte but for the top-level model', async () => {
    const fixture = readTextFixture('anthropic-compatible/text-message.messages.json');
    const upstream = fixture
      .split('\n')
      .filter((line) => !line.startsWith('//'))
      .join('\n');
    backend.enqueue((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(upstream);
    });
    const response = await post(messagesBody({ model: CLIENT_MODEL }));
    expect(await response.text()).toBe(
      upstream.replace('"model": "qwen3.7-max"', `"model": "${CLIENT_MODEL}"`),
    );
    expect(response.headers.get('x-infiniproxy-provider')).toBe('ds');
  });

  describe.each<SseWriteMode>(['whole', 'byte-per-write', 'crlf'])('when the backend writes %s', (mode) => {
    it.each([
      ['thinking-then-tool-use', 'deepseek-v4-pro'],
      ['text-with-comment', 'glm-5.1'],
    ])(
      'passes the %s stream on byte for byte, message_start naming the client model',
      async (name, backendModel) => {
        const upstream = readTextFixture(`anthropic-compatible/${name}.messages.sse`);
        backend.enqueue(sse(upstream, mode));
        const response = await post(messagesBody({ model: CLIENT_MODEL, stream: true }));
        const text = await response.text();
        const sent = mode === 'crlf' ? upstream.replace(/\r?\n/g, '\r\n') : upstream;
        expect(text).toBe(withClientModel(sent, backendModel));
      },
    );
  });

  it('streams to the official SDK with thinking and a tool call intact', async () => {
    backend.enqueue(sse(readTextFixture('anthropic-compatible/thinking-then-tool-use.messages.sse')));
    const message = await gateway.client.messages
      .stream({
        model: CLIENT_MODEL,
        max_tokens: 1000,
        thinking: { type: 'enabled', budget_tokens: 500 },
        tools: [
          { name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } },
        ],
        messages: [{ role: 'user', content: 'read it' }],
      })
      .finalMessage();
    expect(message).toMatchObject({
      model: CLIENT_MODEL,
      stop_reason: 'tool_use',
      content: [
        { type: 'thinking', thinking: 'The file holds the answer; read it.', signature: 'ds-sig-7f3a' },
        { type: 'tool_use', id: 'toolu_ds_01', name: 'Read', input: { file_path: '/tmp/ä.txt' } },
      ],
      usage: { input_tokens: 812, cache_read_input_tokens: 640, output_tokens: 57 },
    });
  });

  it('counts the tokens of message_start and message_delta in the metrics, under the provider', async () => {
    backend.enqueue(sse(readTextFixture('anthropic-compatible/thinking-then-tool-use.messages.sse')));
    await (await post(messagesBody({ stream: true }))).text();
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/infiniproxy_tokens_total\{direction="input",provider="ds"\} 812/);
    expect(metrics).toMatch(/infiniproxy_tokens_total\{direction="output",provider="ds"\} 57/);
  });

  it('retries an overloaded error that comes right after message_start and serves the retry', async () => {
    backend.enqueue(
      sse(readTextFixture('anthropic-compatible/overloaded-after-message-start.messages.sse')),
      sse(readTextFixture('anthropic-compatible/text-with-comment.messages.sse')),
    );
    const response = await post(messagesBody({ stream: true }));
    expect(response.headers.get('x-infiniproxy-attempts')).toBe('2');
    const events = streamEvents(await response.text());
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
  });

  it('retries a 529 overloaded_error answer and then answers with it, as Anthropic-shaped error naming the provider', async () => {
    const overloaded = json(529, {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    backend.enqueue(overloaded, overloaded);
    const response = await post(messagesBody());
    expect(backend.requests).toHaveLength(2);
    expect(response.status).toBe(529);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error', message: expect.stringMatching(/provider ds.*Overloaded/) },
    });
  });

  it('answers a 400 invalid_request_error at once, without retrying it', async () => {
    backend.enqueue(
      json(400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'max_tokens: too large' },
      }),
    );
    const response = await post(messagesBody());
    expect(response.status).toBe(400);
    expect(backend.requests).toHaveLength(1);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens: too large') },
    });
  });

  it('ends a stream that fails after content with an error event naming the provider, never message_stop', async () => {
    backend.enqueue(sse(readTextFixture('anthropic-compatible/api-error-mid-stream.messages.sse')));
    const response = await post(messagesBody({ stream: true }));
    const events = streamEvents(await response.text());
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      error: { type: 'api_error', message: expect.stringContaining('provider ds') },
    });
    expect(events.some((event) => event.type === 'message_stop')).toBe(false);
  });

  it('ends a stream cut before message_stop with an error event', async () => {
    const upstream = readTextFixture('anthropic-compatible/text-with-comment.messages.sse');
    backend.enqueue(sse(upstream.slice(0, upstream.indexOf('event: message_delta'))));
    const events = streamEvents(await (await post(messagesBody({ stream: true }))).text());
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });
});
