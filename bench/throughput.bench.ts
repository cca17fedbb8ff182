/**
 * Request throughput under concurrent load, with autocannon: the same backend answered
 * straight and through the proxy, for complete and streamed answers. The backend is a
 * bare HTTP server with a fixed answer, so the figures show the proxy's own cost.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { readJsonFixture } from '../test/helpers/load-fixture.js';
import { startProxy } from '../test/helpers/start-proxy.js';
import { benchProxySettings } from './proxy-settings.js';

export interface ThroughputFigures {
  name: string;
  requestsPerSecond: number;
  latencyMedianMs: number;
  latencyP99Ms: number;
  errors: number;
}

const COMPLETION = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 0,
  model: 'backend-model',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'Done: 3 files changed.' }, finish_reason: 'stop' },
  ],
  usage: { prompt_tokens: 2000, completion_tokens: 8, total_tokens: 2008 },
});

const STREAM = [
  { choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  ...['Done', ': 3', ' files', ' changed.'].map((content) => ({
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  })),
  { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  { choices: [], usage: { prompt_tokens: 2000, completion_tokens: 8, total_tokens: 2008 } },
]
  .map(
    (chunk) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 0, model: 'backend-model', ...chunk })}\n\n`,
  )
  .join('')
  .concat('data: [DONE]\n\n');

/** Answers every request at once: JSON, or the SSE stream when the body asks to stream. */
async function startFixedBackend(): Promise<{ baseUrl: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const streamed = Buffer.concat(chunks).includes('"stream":true');
      response.writeHead(200, { 'content-type': streamed ? 'text/event-stream' : 'application/json' });
      response.end(streamed ? STREAM : COMPLETION);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

async function load(
  name: string,
  url: string,
  body: string,
  durationSeconds: number,
): Promise<ThroughputFigures> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'bench', 'anthropic-version': '2023-06-01' },
    body,
    connections: 32,
    duration: durationSeconds,
  });
  return {
    name,
    requestsPerSecond: result.requests.average,
    latencyMedianMs: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/** A Claude Code-sized turn (system prompt, tools, history) without its streaming flag. */
function claudeCodeTurn(stream: boolean): string {
  const request = readJsonFixture<Record<string, unknown>>(
    'generic/claude-code-fields-not-sent.anthropic.json',
  );
  return JSON.stringify({ ...request, stream });
}

export async function benchThroughput(durationSeconds = 4): Promise<ThroughputFigures[]> {
  const backend = await startFixedBackend();
  const proxy = await startProxy({ OPENAI_BASE_URL: backend.baseUrl, ...benchProxySettings() });
  try {
    const chatUrl = `${backend.baseUrl}/chat/completions`;
    const messagesUrl = `${proxy.url}/v1/messages`;
    const chatBody = (stream: boolean) =>
      JSON.stringify({
        model: 'backend-model',
        stream,
        messages: [{ role: 'user', content: 'x'.repeat(2000) }],
      });
    // JIT and connection pools warm first, so the first row is not penalised.
    await load('warm-up', chatUrl, chatBody(false), 1);
    await load('warm-up', messagesUrl, claudeCodeTurn(false), 1);
    return [
      await load('complete answer, straight to the backend', chatUrl, chatBody(false), durationSeconds),
      await load('complete answer, through the proxy', messagesUrl, claudeCodeTurn(false), durationSeconds),
      await load('streamed answer, straight to the backend', chatUrl, chatBody(true), durationSeconds),
      await load('streamed answer, through the proxy', messagesUrl, claudeCodeTurn(true), durationSeconds),
    ];
  } finally {
    await proxy.close();
    backend.server.close();
  }
}
