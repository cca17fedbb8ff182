import type { ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { buildChunkStream } from '../../helpers/build-chunk-stream.js';
import { buildPng } from '../../helpers/build-image.js';
import { type CapturedLogs, captureLogLines } from '../../helpers/capture-log-lines.js';
import { messagesBody } from '../../helpers/post-messages.js';
import { completion, dropConnection, json, sse } from '../../helpers/scripted-backend.js';
import type { TestProxy } from '../../helpers/start-proxy.js';
import { useProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

const BACKEND_KEY = 'sk-live-BACKEND-SECRET-7731';
const PROXY_KEY = 'proxy-client-key-5566';
const harness = useProxyAndBackend();

async function start(env: Record<string, string> = {}): Promise<{ logs: CapturedLogs; proxy: TestProxy }> {
  const logs = captureLogLines();
  const { proxy } = await harness.start(
    { OPENAI_API_KEY: BACKEND_KEY, PROXY_API_KEY: PROXY_KEY, ...env },
    { logDestination: logs.destination },
  );
  return { logs, proxy };
}

function post(body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  return fetch(`${harness.current.proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': PROXY_KEY },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

function completedLines(logs: CapturedLogs): Record<string, unknown>[] {
  return logs.entries().filter((entry) => entry.msg === 'request completed');
}

describe('the access log', () => {
  it('writes one line per request with ids, models, provider, status, latency, tokens and attempts', async () => {
    const { logs } = await start();
    harness.current.backend.enqueue(
      completion({ content: 'hi' }, { usage: { prompt_tokens: 12, completion_tokens: 3 } }),
    );
    const response = await post(messagesBody());
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(completedLines(logs)).toHaveLength(1));
    const [line] = completedLines(logs);
    expect(line).toMatchObject({
      level: 30,
      requestId: response.headers.get('request-id'),
      method: 'POST',
      url: '/v1/messages',
      status: 200,
      clientModel: 'claude-fixture',
      backendModel: 'backend-model',
      provider: 'default',
      stream: false,
      inputTokens: 12,
      outputTokens: 3,
      attempts: 1,
    });
    expect(line!.latencyMs).toEqual(expect.any(Number));
    expect(line).not.toHaveProperty('timeToFirstTokenMs');
  });

  it('adds time to first token and the streamed usage for a streaming answer', async () => {
    const { logs } = await start();
    harness.current.backend.enqueue(
      sse(
        buildChunkStream([{ text: 'Hello there' }], { usage: { prompt_tokens: 30, completion_tokens: 4 } }),
      ),
    );
    const response = await post(messagesBody({ stream: true }));
    await response.text();
    await vi.waitFor(() => expect(completedLines(logs)).toHaveLength(1));
    const [line] = completedLines(logs);
    expect(line).toMatchObject({ status: 200, stream: true, inputTokens: 30, outputTokens: 4, attempts: 1 });
    expect(line!.timeToFirstTokenMs).toEqual(expect.any(Number));
    expect(line!.timeToFirstTokenMs as number).toBeLessThanOrEqual(line!.latencyMs as number);
  });

  it('logs status 499 and clientClosed when the client leaves mid-stream', async () => {
    const { logs } = await start();
    harness.current.backend.enqueue((_request, response: ServerResponse) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Once' } }] })}\n\n`);
    });
    const abort = new AbortController();
    const response = await post(messagesBody({ stream: true }), abort.signal);
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await vi.waitFor(() => expect(completedLines(logs)).toHaveLength(1));
    expect(completedLines(logs)[0]).toMatchObject({ status: 499, clientClosed: true, stream: true });
  });

  it('logs a rejected key with status 401 and no model fields', async () => {
    const { logs } = await start();
    const response = await fetch(`${harness.current.proxy.url}/v1/messages`, { method: 'POST' });
    expect(response.status).toBe(401);
    await vi.waitFor(() => expect(completedLines(logs)).toHaveLength(1));
    expect(completedLines(logs)[0]).toMatchObject({ status: 401, url: '/v1/messages' });
    expect(completedLines(logs)[0]).not.toHaveProperty('clientModel');
  });

  it('writes human-readable lines with LOG_FORMAT=pretty', async () => {
    const { logs } = await start({ LOG_FORMAT: 'pretty' });
    expect((await fetch(`${harness.current.proxy.url}/health`)).status).toBe(200);
    await vi.waitFor(() => expect(logs.text()).toContain('request completed'));
    expect(logs.text().trimStart().startsWith('{')).toBe(false);
    expect(logs.text()).toContain('INFO');
  });
});

describe('secrets in logs', () => {
  it('never writes the backend key or the proxy key, at debug level, whatever the backend echoes', async () => {
    const { logs } = await start({ DEBUG: 'true' });
    const echoKey = { error: { message: `Incorrect API key provided: ${BACKEND_KEY}`, type: 'auth' } };
    harness.current.backend.enqueue(
      // A field the proxy ignores: only the debug log of the backend's answer would carry it.
      completion({ content: 'fine' }, { choice: { note: `echo ${BACKEND_KEY}` } }),
      json(401, echoKey),
      json(500, `upstream said ${BACKEND_KEY} and ${JSON.stringify(BACKEND_KEY)}`),
      sse(`data: ${JSON.stringify(echoKey)}\n\n`),
      dropConnection(),
    );
    const bodies: string[] = [];
    for (const body of [
      messagesBody(),
      messagesBody(),
      messagesBody(),
      messagesBody({ stream: true }),
      messagesBody(),
    ]) {
      bodies.push(await (await post(body)).text());
    }
    await vi.waitFor(() => expect(completedLines(logs)).toHaveLength(5));

    expect(bodies.join('\n')).not.toContain(BACKEND_KEY);
    const text = logs.text();
    expect(text).not.toContain(BACKEND_KEY);
    expect(text).not.toContain(PROXY_KEY);
    expect(text).toContain('[redacted]');
    // The debug run did log bodies, so the check above had something to look at.
    const messages = logs.entries().map((entry) => entry.msg);
    expect(messages).toEqual(
      expect.arrayContaining(['client request', 'upstream request', 'upstream response']),
    );
    expect(logs.entries().some((entry) => entry.level === 20)).toBe(true);
  });

  it('shortens base64 image data in debug bodies to a note of its size', async () => {
    const { logs } = await start({ DEBUG: 'true' });
    const png = buildPng(400, 300);
    const padded = png + 'A'.repeat(4000 - (png.length % 4));
    harness.current.backend.enqueue(completion({ content: 'a picture' }));
    const response = await post(
      messagesBody({
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: padded } }],
          },
        ],
      }),
    );
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(completedLines(logs)).toHaveLength(1));
    const text = logs.text();
    expect(text).not.toContain(padded.slice(0, 200));
    expect(text).toContain(`[${padded.length} characters of data]`);
    expect(text).toContain(`data:image/png;base64,[${padded.length} base64 characters]`);
  });
});
