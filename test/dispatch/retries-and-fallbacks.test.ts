import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { messagesBody, postMessages } from '../helpers/post-messages.js';
import {
  completion,
  json,
  type ScriptedBackend,
  sse,
  startScriptedBackend,
} from '../helpers/scripted-backend.js';
import { chain, startGateway, type TestGateway } from '../helpers/start-gateway.js';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';
import { validateAnthropicStream } from '../helpers/validate-anthropic-stream.js';

const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of started.splice(0).reverse()) await item.close();
});

async function backends(count: number): Promise<ScriptedBackend[]> {
  const list = await Promise.all(Array.from({ length: count }, () => startScriptedBackend()));
  started.push(...list);
  return list;
}

async function gateway(options: Parameters<typeof startGateway>[0]): Promise<TestGateway> {
  const running = await startGateway(options);
  started.push(running);
  return running;
}

const busy = () => json(503, { error: { message: 'overloaded, try later' } });

describe('retries before the first byte', () => {
  it('answers 503, 503, then 200 with the third attempt, with env-only settings', async () => {
    const [backend] = await backends(1);
    const proxy: TestProxy = await startProxy({ OPENAI_BASE_URL: backend!.baseUrl });
    started.push(proxy);
    backend!.enqueue(busy(), busy(), completion({ content: 'third time lucky' }));
    const { data, response } = await proxy.client.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.content).toMatchObject([{ type: 'text', text: 'third time lucky' }]);
    expect(backend!.requests).toHaveLength(3);
    expect(response.headers.get('x-infiniproxy-provider')).toBe('default');
    expect(response.headers.get('x-infiniproxy-model')).toBe('backend-model');
    expect(response.headers.get('x-infiniproxy-attempts')).toBe('3');
  });

  it('gives up after the attempts and answers the last error, naming the provider and the tries', async () => {
    const [backend] = await backends(1);
    const proxy = await gateway({
      providers: { main: backend!.baseUrl },
      routes: { default: chain('main/m') },
      retry: { attempts: 2 },
    });
    backend!.enqueue(busy(), busy());
    const response = await postMessages(proxy.url, messagesBody());
    expect(response.status).toBe(529);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('overloaded_error');
    expect(body.error.message).toBe(
      'Backend error (provider main, HTTP 503): overloaded, try later [tried: main ×2]',
    );
    expect(response.headers.get('x-infiniproxy-attempts')).toBe('2');
  });

  it('answers a 400 at once, without a retry or a fallback', async () => {
    const [first, second] = await backends(2);
    const proxy = await gateway({
      providers: { first: first!.baseUrl, second: second!.baseUrl },
      routes: { default: chain('first/m', 'second/m') },
    });
    first!.enqueue(json(400, { error: { message: 'bad tool schema' } }));
    const response = await postMessages(proxy.url, messagesBody());
    expect(response.status).toBe(400);
    expect(first!.requests).toHaveLength(1);
    expect(second!.requests).toHaveLength(0);
  });

  it('waits out a retry-after of 1 second, and moves on at once from one of an hour', async () => {
    const [first, second] = await backends(2);
    const proxy = await gateway({
      providers: { first: first!.baseUrl, second: second!.baseUrl },
      routes: { default: chain('first/m', 'second/m') },
    });
    first!.enqueue(
      json(429, { error: { message: 'slow down' } }, { 'retry-after': '1' }),
      completion({ content: 'ok' }),
    );
    let began = performance.now();
    expect((await postMessages(proxy.url, messagesBody())).status).toBe(200);
    const waited = performance.now() - began;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(first!.requests).toHaveLength(2);

    first!.enqueue(json(429, { error: { message: 'come back later' } }, { 'retry-after': '3600' }));
    second!.enqueue(completion({ content: 'from second' }));
    began = performance.now();
    const response = await postMessages(proxy.url, messagesBody());
    expect(response.status).toBe(200);
    expect(performance.now() - began).toBeLessThan(waited);
    expect(response.headers.get('x-infiniproxy-provider')).toBe('second');
    expect(first!.requests).toHaveLength(3);
  });
});

describe('fallback chains', () => {
  it('falls back from a dead first provider to the second, and says so in the headers', async () => {
    const [dead, alive] = await backends(2);
    const deadUrl = dead!.baseUrl;
    await dead!.close();
    const proxy = await gateway({
      providers: { dead: deadUrl, alive: alive!.baseUrl },
      routes: { default: chain('dead/m1', 'alive/m2') },
      retry: { attempts: 2 },
    });
    alive!.enqueue(completion({ content: 'served by alive' }));
    const { data, response } = await proxy.client.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.content).toMatchObject([{ type: 'text', text: 'served by alive' }]);
    expect(data.model).toBe('claude-sonnet-4-5');
    expect(response.headers.get('x-infiniproxy-provider')).toBe('alive');
    expect(response.headers.get('x-infiniproxy-model')).toBe('m2');
    expect(response.headers.get('x-infiniproxy-attempts')).toBe('3');
    expect((alive!.requests[0]!.body as { model: string }).model).toBe('m2');
  });

  it('moves to the next provider on 401, 403 and 404 without retrying', async () => {
    for (const status of [401, 403, 404]) {
      const [first, second] = await backends(2);
      const proxy = await gateway({
        providers: { first: first!.baseUrl, second: second!.baseUrl },
        routes: { default: chain('first/m', 'second/m') },
      });
      first!.enqueue(json(status, { error: { message: `refused with ${status}` } }));
      second!.enqueue(completion({ content: 'ok' }));
      const response = await postMessages(proxy.url, messagesBody());
      expect(response.status).toBe(200);
      expect(first!.requests).toHaveLength(1);
      expect(response.headers.get('x-infiniproxy-provider')).toBe('second');
    }
  });

  it('moves a context-length error to the long_context route', async () => {
    const [small, large] = await backends(2);
    const proxy = await gateway({
      providers: { small: small!.baseUrl, large: large!.baseUrl },
      routes: {
        default: chain('small/small-model'),
        longContext: { threshold: 1_000_000, chain: chain('large/large-model') },
      },
    });
    small!.enqueue(
      json(400, {
        error: {
          message: "This model's maximum context length is 8192 tokens",
          code: 'context_length_exceeded',
        },
      }),
    );
    large!.enqueue(completion({ content: 'long answer' }));
    const response = await postMessages(proxy.url, messagesBody());
    expect(response.status).toBe(200);
    expect(response.headers.get('x-infiniproxy-provider')).toBe('large');
    expect((large!.requests[0]!.body as { model: string }).model).toBe('large-model');
  });

  it('answers a context-length error as prompt is too long when there is no long_context route', async () => {
    const [small] = await backends(1);
    const proxy = await gateway({
      providers: { small: small!.baseUrl },
      routes: { default: chain('small/m') },
    });
    small!.enqueue(
      json(400, { error: { message: 'maximum context length exceeded', code: 'context_length_exceeded' } }),
    );
    const response = await postMessages(proxy.url, messagesBody());
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /^prompt is too long: /,
    );
    expect(small!.requests).toHaveLength(1);
  });
});

describe('the commit point of a stream', () => {
  it('never retries a stream cut after its first event: the client gets an error event, the backend one request', async () => {
    const [backend] = await backends(1);
    const proxy = await gateway({
      providers: { main: backend!.baseUrl },
      routes: { default: chain('main/m') },
    });
    backend!.enqueue(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Half' } }] })}\n\n`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      response.socket?.destroy();
    });
    const response = await postMessages(proxy.url, messagesBody({ stream: true }));
    expect(response.status).toBe(200);
    const events = validateAnthropicStream(await response.text());
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(backend!.requests).toHaveLength(1);
  });

  it('retries a stream that fails before its first event, and the client sees one clean stream', async () => {
    const [backend] = await backends(1);
    const proxy = await gateway({
      providers: { main: backend!.baseUrl },
      routes: { default: chain('main/m') },
    });
    backend!.enqueue(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.flushHeaders();
        setTimeout(() => response.socket?.destroy(), 20);
      },
      sse(buildChunkStream([{ text: 'second try' }])),
    );
    const response = await postMessages(proxy.url, messagesBody({ stream: true }));
    const events = validateAnthropicStream(await response.text());
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
    expect(events.filter((event) => event.type === 'message_start')).toHaveLength(1);
    expect(backend!.requests).toHaveLength(2);
    expect(response.headers.get('x-infiniproxy-attempts')).toBe('2');
  });
});

describe('timeouts', () => {
  it('ends a stream that stalls after its first event with an error naming the idle timeout', async () => {
    const [backend] = await backends(1);
    const proxy = await gateway({
      providers: { slow: { url: backend!.baseUrl, timeouts: { idleMs: 200 } } },
      routes: { default: chain('slow/m') },
    });
    backend!.enqueue((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Hel' } }] })}\n\n`);
    });
    const response = await postMessages(proxy.url, messagesBody({ stream: true }));
    const events = validateAnthropicStream(await response.text());
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      error: {
        type: 'timeout_error',
        message: `The answer stream was interrupted. The answer from provider slow at ${backend!.baseUrl} stalled for longer than the idle timeout (0.2 s)`,
      },
    });
    expect(backend!.requests).toHaveLength(1);
  });
});

describe('cooldown', () => {
  it('skips a provider that kept failing, and tries it again once the window is over', async () => {
    const [flaky, steady] = await backends(2);
    const proxy = await gateway({
      providers: { flaky: flaky!.baseUrl, steady: steady!.baseUrl },
      routes: { default: chain('flaky/m', 'steady/m') },
      retry: { attempts: 1 },
      cooldown: { failures: 2, cooldownMs: 400 },
    });
    flaky!.enqueue(busy(), busy());
    steady!.enqueue(completion({ content: '1' }), completion({ content: '2' }), completion({ content: '3' }));
    await postMessages(proxy.url, messagesBody());
    await postMessages(proxy.url, messagesBody());
    expect(flaky!.requests).toHaveLength(2);
    const during = await postMessages(proxy.url, messagesBody());
    expect(during.headers.get('x-infiniproxy-attempts')).toBe('1');
    expect(flaky!.requests).toHaveLength(2);

    const root = (await (await fetch(`${proxy.url}/`)).json()) as {
      providers: Array<{ name: string; health: string }>;
    };
    expect(root.providers.find((provider) => provider.name === 'flaky')?.health).toBe('cooling_down');
    const metrics = await (
      await fetch(`${proxy.url}/metrics`, { headers: { 'x-api-key': 'test-client-key' } })
    ).text();
    expect(metrics).toContain('infiniproxy_providers_cooling_down 1');

    await new Promise((resolve) => setTimeout(resolve, 450));
    flaky!.enqueue(completion({ content: 'back' }));
    const after = await postMessages(proxy.url, messagesBody());
    expect(after.headers.get('x-infiniproxy-provider')).toBe('flaky');
    expect(flaky!.requests).toHaveLength(3);
  });

  it('tries the first entry anyway when every provider is cooling down', async () => {
    const [only] = await backends(1);
    const proxy = await gateway({
      providers: { only: only!.baseUrl },
      routes: { default: chain('only/m') },
      retry: { attempts: 1 },
      cooldown: { failures: 1, cooldownMs: 60_000 },
    });
    only!.enqueue(busy(), completion({ content: 'still here' }));
    expect((await postMessages(proxy.url, messagesBody())).status).toBe(529);
    expect((await postMessages(proxy.url, messagesBody())).status).toBe(200);
    expect(only!.requests).toHaveLength(2);
  });
});

describe('max_concurrency', () => {
  const slowCompletion =
    (delayMs: number) =>
    async (
      request: Parameters<ReturnType<typeof completion>>[0],
      response: Parameters<ReturnType<typeof completion>>[1],
    ) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      completion({ content: 'slow' })(request, response);
    };

  it('queues a request beyond the limit until a slot frees', async () => {
    const [backend] = await backends(1);
    const proxy = await gateway({
      providers: { one: { url: backend!.baseUrl, maxConcurrency: 1 } },
      routes: { default: chain('one/m') },
    });
    backend!.enqueue(slowCompletion(150), completion({ content: 'queued' }));
    const [first, second] = await Promise.all([
      postMessages(proxy.url, messagesBody()),
      new Promise((resolve) => setTimeout(resolve, 30)).then(() => postMessages(proxy.url, messagesBody())),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(backend!.requests).toHaveLength(2);
  });

  it('sends the overflow to the next entry, or answers 529 when there is none', async () => {
    const [limited, spare] = await backends(2);
    const proxy = await gateway({
      providers: {
        limited: { url: limited!.baseUrl, maxConcurrency: 1, timeouts: { firstByteMs: 200 } },
        spare: spare!.baseUrl,
      },
      routes: { default: chain('limited/m', 'spare/m'), models: { solo: chain('limited/m') } },
      retry: { attempts: 1 },
    });
    // Headers at once, the answer later: the slot stays taken longer than the queue may wait.
    const heldStream = async (_request: unknown, response: import('node:http').ServerResponse) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.flushHeaders();
      await new Promise((resolve) => setTimeout(resolve, 400));
      response.end(buildChunkStream([{ text: 'held' }]));
    };
    limited!.enqueue(heldStream, heldStream);
    spare!.enqueue(completion({ content: 'overflow' }));
    const [held, overflow] = await Promise.all([
      postMessages(proxy.url, messagesBody()),
      new Promise((resolve) => setTimeout(resolve, 30)).then(() => postMessages(proxy.url, messagesBody())),
    ]);
    expect(held.status).toBe(200);
    expect(overflow.headers.get('x-infiniproxy-provider')).toBe('spare');

    const [, refused] = await Promise.all([
      postMessages(proxy.url, messagesBody({ model: 'solo' })),
      new Promise((resolve) => setTimeout(resolve, 30)).then(() =>
        postMessages(proxy.url, messagesBody({ model: 'solo' })),
      ),
    ]);
    expect(refused.status).toBe(529);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      'max_concurrency',
    );
  });
});
