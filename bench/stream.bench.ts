/**
 * Streaming benchmarks. Run with `npm run bench`.
 *
 * One op is one whole stream. The corpus is every `.openai.sse` fixture under
 * test/fixtures plus one long synthetic answer (reasoning, a long text, a tool call in many
 * fragments), measured per layer: the SSE reader alone, the translator alone over parsed
 * chunks, and both together as the proxy runs them. Then the time to first byte added by
 * the proxy, against a scripted backend on loopback.
 */
import { Client } from 'undici';
import { createStreamConverter } from '../src/providers/chat-completions/create-stream-converter.js';
import { createStreamTranslator } from '../src/translate/create-stream-translator.js';
import { parseChunkData } from '../src/upstream/parse-chunk-data.js';
import { createSseParser } from '../src/upstream/parse-sse.js';
import type { OpenAIChatChunk } from '../src/wire/openai.js';
import { createFixtureStreamContext } from '../test/helpers/fixture-stream-context.js';
import { listAllFixtureCases, readTextFixture } from '../test/helpers/load-fixture.js';
import { type ScriptedBackend, sse, startScriptedBackend } from '../test/helpers/scripted-backend.js';
import { startProxy } from '../test/helpers/start-proxy.js';
import { type LatencySummary, measureThroughput, summarize, type ThroughputResult } from './measure.js';
import { benchProxySettings } from './proxy-settings.js';

interface StreamCase {
  name: string;
  bytes: Buffer;
  chunks: OpenAIChatChunk[];
  /** The bytes cut into 1400-byte pieces, roughly one TCP segment each. */
  segments: Buffer[];
}

function loadCase(name: string, text: string): StreamCase {
  const bytes = Buffer.from(text, 'utf8');
  const parser = createSseParser();
  const chunks: OpenAIChatChunk[] = [];
  for (const event of [...parser.push(bytes), ...parser.end()]) {
    const item = parseChunkData(event);
    if (item.kind === 'chunk') chunks.push(item.chunk);
  }
  const segments: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += 1400)
    segments.push(bytes.subarray(offset, offset + 1400));
  return { name, bytes, chunks, segments };
}

/** A long answer like a reasoning model's: 300 reasoning deltas, 1500 text deltas, a 200-fragment tool call. */
export function longAnswerSse(): string {
  const frame = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-long', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let body = frame({ role: 'assistant', content: '' });
  for (let index = 0; index < 300; index++)
    body += frame({ reasoning_content: ` step ${index} of the plan,` });
  for (let index = 0; index < 1500; index++) body += frame({ content: ` word${index} née 日本` });
  body += frame({
    tool_calls: [{ index: 0, id: 'call_long', type: 'function', function: { name: 'Write', arguments: '' } }],
  });
  body += frame({
    tool_calls: [{ index: 0, function: { arguments: '{"file_path":"/tmp/out.txt","content":"' } }],
  });
  for (let index = 0; index < 200; index++)
    body += frame({ tool_calls: [{ index: 0, function: { arguments: `line ${index}\\n` } }] });
  body += frame({ tool_calls: [{ index: 0, function: { arguments: '"}' } }] });
  body += frame({}, 'tool_calls');
  body += `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 5000, completion_tokens: 2100 } })}\n\ndata: [DONE]\n\n`;
  return body;
}

export function loadStreamCorpus(): { corpus: StreamCase[]; long: StreamCase } {
  const corpus = listAllFixtureCases('.openai.sse').map((name) =>
    loadCase(name, readTextFixture(`${name}.openai.sse`)),
  );
  return { corpus, long: loadCase('long synthetic answer', longAnswerSse()) };
}

function parserOp(streamCase: StreamCase): number {
  const parser = createSseParser();
  let events = 0;
  for (const segment of streamCase.segments) events += parser.push(segment).length;
  return events + parser.end().length;
}

function translatorOp(streamCase: StreamCase): number {
  const translator = createStreamTranslator(createFixtureStreamContext());
  let events = translator.start().length;
  for (const chunk of streamCase.chunks) events += translator.push(chunk).length;
  return events + translator.end({ kind: 'done' }).length;
}

function converterOp(streamCase: StreamCase): number {
  const converter = createStreamConverter(createFixtureStreamContext());
  let events = converter.start().length;
  for (const segment of streamCase.segments) events += converter.push(segment).length;
  return events + converter.end().length;
}

/** Throughput of each layer, over the fixture corpus (cycled, one fixture per op) and over the long answer. */
export function benchStreamLayers(): ThroughputResult[] {
  const { corpus, long } = loadStreamCorpus();
  let next = 0;
  const cycle = (op: (streamCase: StreamCase) => number) => () => op(corpus[next++ % corpus.length]!);
  return [
    measureThroughput('SSE reader, fixture corpus', cycle(parserOp)),
    measureThroughput('translator, fixture corpus', cycle(translatorOp)),
    measureThroughput('reader + translator, fixture corpus', cycle(converterOp)),
    measureThroughput('SSE reader, long answer', () => parserOp(long)),
    measureThroughput('translator, long answer', () => translatorOp(long)),
    measureThroughput('reader + translator, long answer', () => converterOp(long)),
  ];
}

export interface FirstByteResult {
  requests: number;
  direct: LatencySummary;
  proxyFirstByte: LatencySummary;
  proxyFirstText: LatencySummary;
}

/**
 * Time to first byte straight to the scripted backend and through the proxy, over loopback
 * with keep-alive clients on both paths, requests interleaved.
 */
export async function benchTimeToFirstByte(requests = 400): Promise<FirstByteResult> {
  const backend: ScriptedBackend = await startScriptedBackend();
  const proxy = await startProxy({ OPENAI_BASE_URL: backend.baseUrl, ...benchProxySettings() });
  const answer = readTextFixture('generic/text-only.openai.sse');
  const backendUrl = new URL(backend.baseUrl);
  const direct = new Client(backendUrl.origin);
  const viaProxy = new Client(proxy.url);
  const chatBody = JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
  const messagesBody = JSON.stringify({
    model: 'claude-bench',
    max_tokens: 100,
    stream: true,
    messages: [{ role: 'user', content: 'Hi' }],
  });

  async function timeOne(client: Client, path: string, body: string) {
    backend.enqueue(sse(answer));
    const start = performance.now();
    const response = await client.request({
      method: 'POST',
      path,
      body,
      headers: { 'content-type': 'application/json' },
    });
    let firstByte = 0;
    let firstText = 0;
    for await (const piece of response.body) {
      if (firstByte === 0) firstByte = performance.now() - start;
      if (firstText === 0 && (piece as Buffer).includes('text_delta')) firstText = performance.now() - start;
    }
    return { firstByte, firstText };
  }

  const samples = { direct: [] as number[], proxyFirstByte: [] as number[], proxyFirstText: [] as number[] };
  try {
    for (let index = 0; index < requests + 50; index++) {
      const straight = await timeOne(direct, `${backendUrl.pathname}/chat/completions`, chatBody);
      const proxied = await timeOne(viaProxy, '/v1/messages', messagesBody);
      if (index < 50) continue;
      samples.direct.push(straight.firstByte);
      samples.proxyFirstByte.push(proxied.firstByte);
      samples.proxyFirstText.push(proxied.firstText);
    }
  } finally {
    await direct.close();
    await viaProxy.close();
    await proxy.close();
    await backend.close();
  }
  return {
    requests,
    direct: summarize(samples.direct),
    proxyFirstByte: summarize(samples.proxyFirstByte),
    proxyFirstText: summarize(samples.proxyFirstText),
  };
}
