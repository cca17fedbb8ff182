import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, admin, STATIC_KEY, startGatewayProxy } from '../gateway/start-gateway-proxy.js';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { buildClaudeCodeTurn } from '../helpers/build-claude-code-turn.js';
import {
  type ExchangeRecord,
  type ExchangeSummary,
  getInspectorJson,
  openInspectorFeed,
} from '../helpers/inspector-feed.js';
import { messagesBody } from '../helpers/post-messages.js';
import { completion, json, sse, startScriptedBackend } from '../helpers/scripted-backend.js';
import { chain, startGateway } from '../helpers/start-gateway.js';
import type { TestProxy } from '../helpers/start-proxy.js';
import { type ProxyAndBackend, useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const BACKEND_KEY = 'sk-backend-secret-0042';
const PROXY_KEY = 'proxy-key-for-tests';
const withKey = { 'x-api-key': PROXY_KEY };

const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of started.splice(0).reverse()) await item.close();
});

const harness = useProxyAndBackend();

function setUp(env: Record<string, string> = {}): Promise<ProxyAndBackend> {
  return harness.start({ OPENAI_API_KEY: BACKEND_KEY, ...env });
}

async function post(
  proxy: TestProxy,
  body: Record<string, unknown>,
  headers: Record<string, string> = withKey,
) {
  const response = await fetch(`${proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { response, text: await response.text() };
}

describe('inspector data routes with PROXY_API_KEY set', () => {
  it('answers 401 without a key or with a wrong one, and 200 with either header form', async () => {
    const { proxy } = await setUp({ PROXY_API_KEY: PROXY_KEY });
    for (const path of ['/ui/api/exchanges', '/ui/api/exchanges/req_x', '/ui/api/events']) {
      const missing = await fetch(`${proxy.url}${path}`);
      expect(missing.status, path).toBe(401);
      expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
      expect((await fetch(`${proxy.url}${path}`, { headers: { 'x-api-key': 'wrong' } })).status, path).toBe(
        401,
      );
    }
    expect((await getInspectorJson(proxy.url, '/ui/api/exchanges', withKey)).status).toBe(200);
    const bearer = await getInspectorJson(proxy.url, '/ui/api/exchanges', {
      authorization: `Bearer ${PROXY_KEY}`,
    });
    expect(bearer).toEqual({ status: 200, body: { capacity: 200, exchanges: [] } });
  });

  it('serves the page and its files without a key, with a policy that keeps it to its own files', async () => {
    const { proxy } = await setUp({ PROXY_API_KEY: PROXY_KEY });
    const page = await fetch(`${proxy.url}/ui`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('/ui/assets/app.js');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${proxy.url}/ui/assets/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).not.toContain(PROXY_KEY);
    expect((await fetch(`${proxy.url}/ui/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${proxy.url}/ui/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('records a streamed tool call and a backend failure with their four bodies, keys redacted', async () => {
    const { backend, proxy } = await setUp({ PROXY_API_KEY: PROXY_KEY });
    const feed = await openInspectorFeed(proxy.url, withKey);
    backend.enqueue(
      sse(
        buildChunkStream([
          { text: 'Reading it.' },
          { toolCall: { id: 'call_1', name: 'read_file', arguments: '{"path":"a.ts"}' } },
        ]),
      ),
      json(401, { error: { message: `Incorrect API key provided: ${BACKEND_KEY}` } }),
    );
    const streamed = await post(
      proxy,
      messagesBody({ stream: true, messages: [{ role: 'user', content: 'open a.ts' }] }),
    );
    expect(streamed.response.status).toBe(200);
    const failed = await post(
      proxy,
      messagesBody({ messages: [{ role: 'user', content: 'this one fails' }] }),
    );
    expect(failed.response.status).toBe(401);

    const streamedId = streamed.response.headers.get('request-id')!;
    const failedId = failed.response.headers.get('request-id')!;
    await feed.next((summary) => summary.id === streamedId && summary.done);
    await feed.next((summary) => summary.id === failedId && summary.done);
    feed.close();
    // The feed told of each exchange as it started and again when it ended.
    expect(
      feed.received.filter((summary) => summary.id === streamedId).map((summary) => summary.done),
    ).toEqual([false, true]);

    const list = await getInspectorJson<{ exchanges: ExchangeSummary[] }>(
      proxy.url,
      '/ui/api/exchanges',
      withKey,
    );
    expect(list.body.exchanges.map((summary) => summary.id)).toEqual([failedId, streamedId]);
    expect(list.body.exchanges[1]).toMatchObject({
      clientModel: 'claude-fixture',
      route: 'default',
      provider: 'default',
      backendModel: 'backend-model',
      stream: true,
      status: 200,
      inputTokens: 20,
      outputTokens: 10,
      cachedTokens: 0,
      attempts: [{ provider: 'default', model: 'backend-model', outcome: 'ok' }],
      error: null,
    });
    expect(list.body.exchanges[1]?.timeToFirstTokenMs).toEqual(expect.any(Number));

    const record = (
      await getInspectorJson<ExchangeRecord>(proxy.url, `/ui/api/exchanges/${streamedId}`, withKey)
    ).body;
    expect(JSON.parse(record.clientRequest!.text)).toMatchObject({
      stream: true,
      messages: [{ content: 'open a.ts' }],
    });
    expect(record.clientHeaders['x-api-key']).toBe('[redacted]');
    const [attempt] = record.attemptDetails;
    expect(attempt).toMatchObject({
      provider: 'default',
      url: `${backend.baseUrl}/chat/completions`,
      outcome: 'ok',
    });
    expect(attempt!.request!.text).toBe(backend.requests[0]!.rawBody);
    expect(attempt!.curl).toContain('Bearer $OPENAI_API_KEY');
    const backendText = attempt!.frames!.frames.map((frame) => frame.text).join('');
    expect(backendText).toContain('"name":"read_file"');
    expect(backendText).toContain('data: [DONE]');
    const clientText = record.clientFrames!.frames.map((frame) => frame.text).join('');
    expect(clientText).toContain('event: message_start');
    expect(clientText).toContain('"type":"tool_use"');
    expect(clientText).toBe(streamed.text);
    for (const frame of record.clientFrames!.frames) expect(frame.atMs).toBeGreaterThanOrEqual(0);

    const failure = (
      await getInspectorJson<ExchangeRecord>(proxy.url, `/ui/api/exchanges/${failedId}`, withKey)
    ).body;
    expect(failure).toMatchObject({ status: 401, attempts: [{ outcome: 'UPSTREAM_STATUS', status: 401 }] });
    expect(failure.attemptDetails[0]!.answer!.text).toBe(
      '{"error":{"message":"Incorrect API key provided: [redacted]"}}',
    );
    expect(failure.error).toContain('Incorrect API key provided: [redacted]');
    expect(failure.clientAnswer!.text).toBe(failed.text);

    const everything = JSON.stringify([list.body, record, failure]);
    expect(everything).not.toContain(BACKEND_KEY);
    expect(everything).not.toContain(PROXY_KEY);
  });

  it('searches the bodies and answers 404 for an exchange it does not hold', async () => {
    const { backend, proxy } = await setUp({ PROXY_API_KEY: PROXY_KEY });
    const feed = await openInspectorFeed(proxy.url, withKey);
    backend.enqueue(completion({ content: 'the answer mentions PELICAN' }), completion({ content: 'plain' }));
    const first = await post(proxy, messagesBody({ messages: [{ role: 'user', content: 'about birds' }] }));
    const second = await post(proxy, messagesBody({ messages: [{ role: 'user', content: 'about Zebras' }] }));
    for (const { response } of [first, second]) {
      await feed.next((summary) => summary.id === response.headers.get('request-id') && summary.done);
    }
    feed.close();
    const search = async (query: string) =>
      (
        await getInspectorJson<{ exchanges: ExchangeSummary[] }>(
          proxy.url,
          `/ui/api/exchanges?q=${encodeURIComponent(query)}`,
          withKey,
        )
      ).body.exchanges.map((summary) => summary.id);
    expect(await search('pelican')).toEqual([first.response.headers.get('request-id')]);
    expect(await search('ZEBRAS')).toEqual([second.response.headers.get('request-id')]);
    expect(await search('nothing like this')).toEqual([]);
    expect(await search(BACKEND_KEY)).toEqual([]);
    const missing = await getInspectorJson(proxy.url, '/ui/api/exchanges/req_unknown', withKey);
    expect(missing.status).toBe(404);
  });

  it('shows every attempt when a route falls back to its next provider', async () => {
    const main = await startScriptedBackend();
    const backup = await startScriptedBackend();
    started.push(main, backup);
    const gateway = await startGateway({
      providers: { main: main.baseUrl, backup: backup.baseUrl },
      routes: { default: chain('main/m1', 'backup/m2') },
      retry: { attempts: 1 },
    });
    started.push(gateway);
    const feed = await openInspectorFeed(gateway.url);
    main.enqueue(json(503, { error: { message: 'overloaded' } }));
    backup.enqueue(completion({ content: 'from the backup' }));
    const { response } = await post(
      { url: gateway.url } as TestProxy,
      messagesBody({ model: 'claude-sonnet-4-5' }),
      {},
    );
    expect(response.status).toBe(200);
    await feed.next((summary) => summary.id === response.headers.get('request-id') && summary.done);
    feed.close();
    const record = (
      await getInspectorJson<ExchangeRecord>(
        gateway.url,
        `/ui/api/exchanges/${response.headers.get('request-id')}`,
      )
    ).body;
    expect(record.attempts).toEqual([
      { provider: 'main', model: 'm1', outcome: 'UPSTREAM_STATUS', status: 503 },
      { provider: 'backup', model: 'm2', outcome: 'ok' },
    ]);
    expect(
      record.attemptDetails.map((attempt) => [attempt.provider, attempt.outcome, attempt.answer?.text]),
    ).toEqual([
      ['main', 'UPSTREAM_STATUS', '{"error":{"message":"overloaded"}}'],
      ['backup', 'ok', expect.stringContaining('from the backup')],
    ]);
    expect(JSON.stringify(record)).not.toMatch(/sk-(main|backup)-key/);
  });

  it('ends open feeds when the proxy shuts down, so a page left open does not hold up the shutdown', async () => {
    const { proxy } = await setUp({ PROXY_API_KEY: PROXY_KEY, SHUTDOWN_GRACE_SECONDS: '600' });
    const feed = await openInspectorFeed(proxy.url, withKey);
    // With the feed counted as a request in flight, this would wait the whole grace period.
    await proxy.server.shutdown();
    await feed.ended;
  });
});

describe('inspector without proxy keys', () => {
  it('answers clients on loopback', async () => {
    const { proxy } = await setUp();
    expect((await fetch(`${proxy.url}/ui`)).status).toBe(200);
    expect((await getInspectorJson(proxy.url, '/ui/api/exchanges')).status).toBe(200);
  });

  it('turns away clients from other addresses with 403, page and data alike', async () => {
    const { proxy } = await setUp();
    for (const url of ['/ui', '/ui/assets/app.js', '/ui/api/exchanges', '/ui/api/events']) {
      const response = await proxy.server.app.inject({ method: 'GET', url, remoteAddress: '192.168.1.20' });
      expect(response.statusCode, url).toBe(403);
      expect(response.json()).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    }
    const local = await proxy.server.app.inject({
      method: 'GET',
      url: '/ui/api/exchanges',
      remoteAddress: '127.0.0.1',
    });
    expect(local.statusCode).toBe(200);
  });

  it('lets a client elsewhere in when keys are set and it presents one', async () => {
    const { proxy } = await setUp({ PROXY_API_KEY: PROXY_KEY });
    const response = await proxy.server.app.inject({
      method: 'GET',
      url: '/ui/api/exchanges',
      remoteAddress: '192.168.1.20',
      headers: withKey,
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('inspector and a Claude Code session', () => {
  it("shows every turn's request and the body sent on byte for byte, the tool list they share included", async () => {
    const { backend, proxy } = await setUp({ PROXY_API_KEY: PROXY_KEY });
    const turn = buildClaudeCodeTurn();
    // Characters of two and three bytes before the tool list and inside it, so places in
    // the text and in the bytes differ.
    const tools = turn.tools as Array<Record<string, unknown>>;
    tools[0] = { ...tools[0], description: `${String(tools[0]!.description)} (naïve café, 日本語)` };
    const bodies = ['first', 'second', 'third'].map((word) => ({
      ...turn,
      messages: [...(turn.messages as unknown[]), { role: 'user', content: `über ${word} turn` }],
    }));
    const ids: string[] = [];
    for (const body of bodies) {
      backend.enqueue(completion({ content: 'done' }));
      const { response } = await post(proxy, body);
      expect(response.status).toBe(200);
      ids.push(response.headers.get('request-id')!);
    }
    for (const [index, id] of ids.entries()) {
      const record = (await getInspectorJson<ExchangeRecord>(proxy.url, `/ui/api/exchanges/${id}`, withKey))
        .body;
      expect(record.clientRequest).toEqual({
        text: JSON.stringify(bodies[index]),
        truncated: false,
        length: expect.any(Number),
      });
      expect(record.attemptDetails[0]!.request!.text).toBe(backend.requests[index]!.rawBody);
      expect(record.attemptDetails[0]!.curl).toContain('日本語');
    }
  });
});

describe('inspector settings', () => {
  it('serves nothing at /ui and records nothing with INSPECTOR=false', async () => {
    const { backend, proxy } = await setUp({ INSPECTOR: 'false' });
    backend.enqueue(completion({ content: 'still answered' }));
    const { response } = await post(proxy, messagesBody(), {});
    expect(response.status).toBe(200);
    for (const path of ['/ui', '/ui/assets/app.js', '/ui/api/exchanges', '/ui/api/events']) {
      expect((await fetch(`${proxy.url}${path}`)).status, path).toBe(404);
    }
  });

  it('keeps only INSPECTOR_MAX_EXCHANGES exchanges and cuts bodies beyond INSPECTOR_MAX_BODY_KB', async () => {
    const { backend, proxy } = await setUp({ INSPECTOR_MAX_EXCHANGES: '2', INSPECTOR_MAX_BODY_KB: '1' });
    const feed = await openInspectorFeed(proxy.url);
    const ids: string[] = [];
    for (const index of [1, 2, 3]) {
      backend.enqueue(completion({ content: `answer ${index}` }));
      const { response } = await post(
        proxy,
        messagesBody({ messages: [{ role: 'user', content: `${index} ${'long '.repeat(400)}` }] }),
        {},
      );
      ids.push(response.headers.get('request-id')!);
      await feed.next((summary) => summary.id === ids.at(-1) && summary.done);
    }
    feed.close();
    const list = await getInspectorJson<{ capacity: number; exchanges: ExchangeSummary[] }>(
      proxy.url,
      '/ui/api/exchanges',
    );
    expect(list.body.capacity).toBe(2);
    expect(list.body.exchanges.map((summary) => summary.id)).toEqual([ids[2], ids[1]]);
    const record = (await getInspectorJson<ExchangeRecord>(proxy.url, `/ui/api/exchanges/${ids[2]}`)).body;
    expect(record.clientRequest).toMatchObject({ truncated: true });
    expect(record.clientRequest!.text).toContain('[truncated by the inspector:');
    expect(record.clientRequest!.text.length).toBeLessThan(1024 + 100);
    expect(record.attemptDetails[0]!.curl).toBeNull();
    expect(record.clientAnswer).toMatchObject({ truncated: false });
  });
});

describe('inspector with the team gateway', () => {
  it('names the virtual key of each exchange, filters by it and sums usage by key', async () => {
    const backend = await startScriptedBackend();
    started.push(backend);
    const proxy = await startGatewayProxy({ backendUrl: backend.baseUrl });
    started.push(proxy);
    const create = async (name: string) =>
      (await admin(proxy.url, 'POST', '/admin/keys', { name })).body as { id: string; key: string };
    const alice = await create('alice');
    const bob = await create('bob');
    const feed = await openInspectorFeed(proxy.url, { 'x-api-key': STATIC_KEY });
    const send = async (key: string) => {
      backend.enqueue(completion({ content: 'ok' }));
      const { response } = await post({ url: proxy.url } as TestProxy, messagesBody(), { 'x-api-key': key });
      expect(response.status).toBe(200);
      const id = response.headers.get('request-id')!;
      await feed.next((summary) => summary.id === id && summary.done);
      return id;
    };
    const [first, second, third] = [await send(alice.key), await send(alice.key), await send(bob.key)];
    const keyless = await send(STATIC_KEY);
    feed.close();
    expect(feed.received.find((summary) => summary.id === first && summary.done)).toMatchObject({
      key: { id: alice.id, name: 'alice' },
    });

    const list = async (query: string) =>
      (
        await getInspectorJson<{ exchanges: ExchangeSummary[] }>(proxy.url, `/ui/api/exchanges${query}`, {
          'x-api-key': STATIC_KEY,
        })
      ).body.exchanges;
    const all = await list('');
    expect(all.map((summary) => [summary.id, summary.key?.name ?? null])).toEqual([
      [keyless, null],
      [third, 'bob'],
      [second, 'alice'],
      [first, 'alice'],
    ]);
    // $1 per million input and $10 per million output (the tests' pricing): 10 × 1 + 5 × 10.
    expect(all[0]!.costUsd).toBeCloseTo(0.00006, 12);
    expect((await list(`?key=${alice.id}`)).map((summary) => summary.id)).toEqual([second, first]);
    expect((await list('?key=none')).map((summary) => summary.id)).toEqual([keyless]);

    const usage = await getInspectorJson<{ keys: unknown[] }>(proxy.url, '/ui/api/usage', {
      'x-api-key': STATIC_KEY,
    });
    expect(usage.body.keys).toEqual([
      {
        key: { id: alice.id, name: 'alice' },
        requests: 2,
        errors: 0,
        inputTokens: 20,
        outputTokens: 10,
        cachedTokens: 0,
        costUsd: expect.closeTo(0.00012, 12),
      },
      {
        key: { id: bob.id, name: 'bob' },
        requests: 1,
        errors: 0,
        inputTokens: 10,
        outputTokens: 5,
        cachedTokens: 0,
        costUsd: expect.closeTo(0.00006, 12),
      },
      {
        key: null,
        requests: 1,
        errors: 0,
        inputTokens: 10,
        outputTokens: 5,
        cachedTokens: 0,
        costUsd: expect.closeTo(0.00006, 12),
      },
    ]);
    const record = (
      await getInspectorJson<ExchangeRecord>(proxy.url, `/ui/api/exchanges/${first}`, {
        'x-api-key': STATIC_KEY,
      })
    ).body;
    expect(record.key).toEqual({ id: alice.id, name: 'alice' });
    expect(JSON.stringify([all, usage.body, record])).not.toContain(alice.key);
    expect(JSON.stringify(record)).not.toContain(alice.key.slice(4));
  });

  it('serves the page without a key, and its data to a static or admin key but never a virtual one', async () => {
    const backend = await startScriptedBackend();
    started.push(backend);
    const proxy = await startGatewayProxy({ backendUrl: backend.baseUrl });
    started.push(proxy);
    const { key } = (await admin(proxy.url, 'POST', '/admin/keys', { name: 'carol' })).body as {
      key: string;
    };
    expect((await fetch(`${proxy.url}/ui`)).status).toBe(200);
    expect((await fetch(`${proxy.url}/ui/assets/app.js`)).status).toBe(200);
    for (const path of ['/ui/api/exchanges', '/ui/api/usage', '/ui/api/events']) {
      const refused = await fetch(`${proxy.url}${path}`, { headers: { 'x-api-key': key } });
      expect(refused.status, path).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { type: 'authentication_error' } });
      expect((await fetch(`${proxy.url}${path}`)).status, path).toBe(401);
    }
    for (const opener of [STATIC_KEY, ADMIN_KEY]) {
      expect((await getInspectorJson(proxy.url, '/ui/api/usage', { 'x-api-key': opener })).status).toBe(200);
    }
  });
});
