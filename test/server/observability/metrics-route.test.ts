import type { ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { buildChunkStream } from '../../helpers/build-chunk-stream.js';
import { messagesBody } from '../../helpers/post-messages.js';
import { completion, dropConnection, json, sse } from '../../helpers/scripted-backend.js';
import { startProxy, type TestProxy } from '../../helpers/start-proxy.js';
import { useSharedProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

const PROXY_KEY = 'metrics-proxy-key';
const provider = 'default';
// One try per request, so each scripted failure is counted once.
const shared = useSharedProxyAndBackend({ PROXY_API_KEY: PROXY_KEY, RETRY_ATTEMPTS: '1' });

function post(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${shared.proxy.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': PROXY_KEY },
    body: JSON.stringify(body),
  });
}

async function scrape(target: TestProxy = shared.proxy): Promise<string> {
  const response = await fetch(`${target.url}/metrics`, {
    headers: { authorization: `Bearer ${PROXY_KEY}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample line, e.g. `name{a="b"} 3`, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('counts requests by status, model, provider and route, with tokens, latency and time to first token', async () => {
    shared.backend.enqueue(
      completion({ content: 'a' }, { usage: { prompt_tokens: 11, completion_tokens: 2 } }),
      sse(buildChunkStream([{ text: 'streamed' }], { usage: { prompt_tokens: 7, completion_tokens: 5 } })),
      json(503, { error: { message: 'busy' } }),
    );
    expect((await post(messagesBody())).status).toBe(200);
    await (await post(messagesBody({ stream: true }))).text();
    expect((await post(messagesBody())).status).toBe(529);
    expect((await post(messagesBody({ max_tokens: 'x' }))).status).toBe(400);

    await vi.waitFor(async () => {
      const text = await scrape();
      const labels = `model="backend-model",provider="${provider}",route="/v1/messages"`;
      expect(sample(text, `infiniproxy_requests_total{status="200",${labels}}`)).toBe(2);
      expect(sample(text, `infiniproxy_requests_total{status="529",${labels}}`)).toBe(1);
      expect(
        sample(
          text,
          // Refused before any route was chosen: no provider had a part in it.
          `infiniproxy_requests_total{status="400",model="",provider="none",route="/v1/messages"}`,
        ),
      ).toBe(1);
      expect(sample(text, `infiniproxy_tokens_total{direction="input",provider="${provider}"}`)).toBe(18);
      expect(sample(text, `infiniproxy_tokens_total{direction="output",provider="${provider}"}`)).toBe(7);
      expect(sample(text, 'infiniproxy_upstream_errors_total{kind="status"}')).toBe(1);
      expect(
        sample(
          text,
          `infiniproxy_request_duration_seconds_count{route="/v1/messages",provider="${provider}",stream="false"}`,
        ),
      ).toBe(2);
      expect(
        sample(
          text,
          'infiniproxy_request_duration_seconds_count{route="/v1/messages",provider="none",stream="false"}',
        ),
      ).toBe(1);
      expect(sample(text, `infiniproxy_provider_attempts_total{provider="${provider}",outcome="ok"}`)).toBe(
        2,
      );
      expect(
        sample(text, `infiniproxy_provider_attempts_total{provider="${provider}",outcome="UPSTREAM_STATUS"}`),
      ).toBe(1);
      expect(sample(text, `infiniproxy_time_to_first_token_seconds_count{provider="${provider}"}`)).toBe(1);
      expect(sample(text, 'infiniproxy_streams_in_flight')).toBe(0);
    });
  });

  it('counts backend failures by kind: a dropped connection and an error inside a stream', async () => {
    const before = await scrape();
    shared.backend.enqueue(
      dropConnection(),
      sse(
        `${buildChunkStream([{ text: 'partial' }]).split('\n\n')[0]}\n\ndata: {"error":{"message":"boom"}}\n\n`,
      ),
    );
    expect((await post(messagesBody())).status).toBe(502);
    expect(await (await post(messagesBody({ stream: true }))).text()).toContain('event: error');
    await vi.waitFor(async () => {
      const text = await scrape();
      for (const kind of ['unreachable', 'stream']) {
        const series = `infiniproxy_upstream_errors_total{kind="${kind}"}`;
        expect(sample(text, series)).toBe((sample(before, series) ?? 0) + 1);
      }
    });
  });

  it('does not count health probes or its own scrapes', async () => {
    await fetch(`${shared.proxy.url}/health`);
    const text = await scrape();
    expect(text).not.toMatch(/route="\/health"/);
    expect(text).not.toMatch(/route="\/metrics"/);
  });

  it('reports a stream as in flight while it is open', async () => {
    let finish!: () => void;
    shared.backend.enqueue(async (_request, response: ServerResponse) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Once' } }] })}\n\n`);
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      response.end(buildChunkStream([]));
    });
    const response = await post(messagesBody({ stream: true }));
    const reader = response.body!.getReader();
    await reader.read();
    expect(sample(await scrape(), 'infiniproxy_streams_in_flight')).toBe(1);
    finish();
    while (!(await reader.read()).done) {}
    await vi.waitFor(async () => expect(sample(await scrape(), 'infiniproxy_streams_in_flight')).toBe(0));
  });

  it('keeps each proxy’s counters in its own registry', async () => {
    const other = await startProxy({ OPENAI_BASE_URL: shared.backend.baseUrl, PROXY_API_KEY: PROXY_KEY });
    try {
      const text = await scrape(other);
      expect(text).toContain('# TYPE infiniproxy_requests_total counter');
      expect(text).not.toMatch(/^infiniproxy_requests_total\{/m);
    } finally {
      await other.close();
    }
  });
});
