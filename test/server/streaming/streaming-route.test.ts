import { APIError, RateLimitError } from '@anthropic-ai/sdk';
import type { MessageStream } from '@anthropic-ai/sdk/lib/MessageStream';
import type { MessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { describe, expect, it } from 'vitest';
import { readTextFixture } from '../../helpers/load-fixture.js';
import { messagesBody, postMessages } from '../../helpers/post-messages.js';
import { completion, json, sse } from '../../helpers/scripted-backend.js';
import { useSharedProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';
import { validateAnthropicStream } from '../../helpers/validate-anthropic-stream.js';

// One try per request: these tests pin how each answer maps; retries have tests of their own.
const shared = useSharedProxyAndBackend(
  { OPENAI_API_KEY: 'sk-backend-secret', RETRY_ATTEMPTS: '1' },
  { emptyRequestsAfterEach: true },
);

const streamParams = {
  model: 'claude-fixture',
  max_tokens: 100,
  messages: [{ role: 'user' as const, content: 'Hi' }],
};

/** Reads an SDK stream to the end and validates the events the SDK received. */
async function finalMessageOf(stream: MessageStream) {
  const seen: MessageStreamEvent[] = [];
  // The SDK builds its snapshot in the message_start event's own object, so each event is copied as it arrives.
  stream.on('streamEvent', (event) => seen.push(structuredClone(event)));
  const message = await stream.finalMessage();
  validateAnthropicStream(seen);
  return message;
}

describe('streaming POST /v1/messages', () => {
  it('asks the backend for a stream with usage included', async () => {
    shared.backend.enqueue(sse(readTextFixture('generic/text-only.openai.sse')));
    await finalMessageOf(shared.proxy.client.messages.stream(streamParams));
    expect(shared.backend.requests[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('answers with SSE headers that keep proxies from buffering', async () => {
    shared.backend.enqueue(sse(readTextFixture('generic/text-only.openai.sse')));
    const response = await postMessages(shared.proxy.url, messagesBody({ stream: true }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    validateAnthropicStream(await response.text());
  });

  it('gives the SDK a final message with thinking, text and usage from a DeepSeek stream', async () => {
    shared.backend.enqueue(sse(readTextFixture('deepseek/reasoning-then-text.openai.sse'), 'byte-per-write'));
    const message = await finalMessageOf(shared.proxy.client.messages.stream(streamParams));
    expect(message.model).toBe('claude-fixture');
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'The user asks 2+2. That is 4.', signature: '' },
      { type: 'text', text: '2 + 2 = 4' },
    ]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 18, output_tokens: 25 });
  });

  it('gives the SDK parsed tool input for interleaved parallel tool calls', async () => {
    shared.backend.enqueue(
      sse(readTextFixture('generic/parallel-tool-calls-interleaved.openai.sse'), 'crlf'),
    );
    const message = await finalMessageOf(shared.proxy.client.messages.stream(streamParams));
    expect(message.content.slice(1)).toEqual([
      {
        type: 'tool_use',
        id: 'call_a',
        name: 'read_file',
        input: { path: 'a.txt' },
        caller: { type: 'direct' },
      },
      {
        type: 'tool_use',
        id: 'call_b',
        name: 'read_file',
        input: { path: 'b.txt' },
        caller: { type: 'direct' },
      },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('replays a plain JSON answer to a streaming request as an event stream', async () => {
    shared.backend.enqueue(
      completion(
        {
          content: 'From JSON',
          reasoning_content: 'thought',
          tool_calls: [{ id: 'call_j', type: 'function', function: { name: 'a', arguments: '{"k":1}' } }],
        },
        { finishReason: 'tool_calls' },
      ),
    );
    const response = await postMessages(shared.proxy.url, messagesBody({ stream: true }));
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    validateAnthropicStream(await response.text());

    shared.backend.enqueue(completion({ content: 'From JSON' }));
    const message = await finalMessageOf(shared.proxy.client.messages.stream(streamParams));
    expect(message.content).toEqual([{ type: 'text', text: 'From JSON' }]);
    expect(message.usage).toMatchObject({ input_tokens: 10, output_tokens: 5 });
  });

  it('assembles a Message when the backend streams an answer to a non-streaming request', async () => {
    shared.backend.enqueue(
      sse(readTextFixture('deepseek/reasoning-then-tool-call.openai.sse'), 'byte-per-write'),
    );
    const message = await shared.proxy.client.messages.create(streamParams);
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'I need the weather, so I call the tool.', signature: '' },
      {
        type: 'tool_use',
        id: 'call_00_Xyz',
        name: 'get_weather',
        input: { city: 'Hangzhou' },
        caller: { type: 'direct' },
      },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 56, cache_read_input_tokens: 64, output_tokens: 40 });
    expect(shared.backend.requests[0]?.body).not.toHaveProperty('stream');
  });

  it('returns an HTTP error when a backend streams an error to a non-streaming request', async () => {
    shared.backend.enqueue(sse(readTextFixture('openrouter/mid-stream-error.openai.sse')));
    const response = await postMessages(shared.proxy.url, messagesBody());
    expect(response.status).toBe(529);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });

  it('ends a truncated stream with an error event that makes the SDK reject', async () => {
    shared.backend.enqueue(sse(readTextFixture('generic/truncated-stream.openai.sse'), 'byte-per-write'));
    const response = await postMessages(shared.proxy.url, messagesBody({ stream: true }));
    const events = validateAnthropicStream(await response.text());
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });

    shared.backend.enqueue(sse(readTextFixture('generic/truncated-stream.openai.sse')));
    const error = await shared.proxy.client.messages
      .stream(streamParams)
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ type: 'api_error' });
  });

  it('ends with an error event when the backend connection drops mid-stream', async () => {
    shared.backend.enqueue(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Half' } }] })}\n\n`);
      await new Promise((resolve) => setImmediate(resolve));
      response.socket?.destroy();
    });
    const response = await postMessages(shared.proxy.url, messagesBody({ stream: true }));
    const events = validateAnthropicStream(await response.text());
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(events.at(-1)).toHaveProperty(
      'error.message',
      expect.stringMatching(/^The answer stream was interrupted/),
    );
    expect(events.map((event) => event.type)).toContain('content_block_delta');
  });

  it('passes a mid-stream error chunk on as an error event of the mapped type', async () => {
    shared.backend.enqueue(sse(readTextFixture('mistral/error-object.openai.sse'), 'crlf'));
    const error = await shared.proxy.client.messages
      .stream(streamParams)
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ type: 'overloaded_error' });
  });

  it('renders a mid-stream error with the request id and without the backend key', async () => {
    shared.backend.enqueue(
      sse(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'a' } }] })}\n\n` +
          `data: ${JSON.stringify({ error: { message: 'Incorrect API key provided: sk-backend-secret', code: 401 } })}\n\n`,
      ),
    );
    const response = await postMessages(shared.proxy.url, messagesBody({ stream: true }));
    const text = await response.text();
    expect(text).not.toContain('sk-backend-secret');
    const error = validateAnthropicStream(text).at(-1);
    expect(error).toEqual({
      type: 'error',
      error: {
        type: 'authentication_error',
        message: 'Backend error (provider default): Incorrect API key provided: [redacted]',
      },
      request_id: response.headers.get('request-id'),
    });
  });

  it('returns the mapped HTTP error, not a stream, when the backend fails before the first byte', async () => {
    shared.backend.enqueue(json(429, { error: { message: 'slow down' } }, { 'retry-after': '3' }));
    const response = await postMessages(shared.proxy.url, messagesBody({ stream: true }));
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });

    shared.backend.enqueue(json(429, { error: { message: 'slow down' } }));
    const error = await shared.proxy.client.messages
      .stream(streamParams)
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
  });

  it('returns an HTTP error when the backend answers a streaming request with a JSON error body', async () => {
    shared.backend.enqueue(json(200, { object: 'error', message: 'model not loaded', code: '404' }));
    const response = await postMessages(shared.proxy.url, messagesBody({ stream: true }));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: 'not_found_error' } });
  });

  it('answers a streaming max_tokens 0 request with an empty stream and no backend call', async () => {
    const response = await postMessages(shared.proxy.url, messagesBody({ stream: true, max_tokens: 0 }));
    const events = validateAnthropicStream(await response.text());
    expect(events.map((event) => event.type)).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(shared.backend.requests).toHaveLength(0);
  });
});
