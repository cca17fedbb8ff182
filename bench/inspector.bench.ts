/**
 * What recording exchanges for the inspector costs, two ways. First the recording alone, one
 * op = one whole exchange, of S1's 1 KB request or of an 80 KB Claude Code turn (hooks and
 * the ring; then, in the rows read once, the record built as a reader sees it: redaction,
 * decoding, cutting to size), which is steady whatever else the machine does. Then CPU time
 * per request through the proxy with INSPECTOR=false and with it on, for a Claude Code turn
 * answered in full and streamed: both proxies and the backend run in this process, so the
 * figures include the backend's and the client's share, the same on both sides; the
 * difference is the inspector's. The rounds alternate between the two proxies so a busy
 * machine weighs on both alike, and CPU time (not wall time) is compared; on a shared machine
 * it still varies by 10-15% between two identical proxies, so more rounds (ROUNDS=20) help.
 * Run: npx tsx bench/inspector.bench.ts */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'undici';
import { genericDialect } from '../src/dialects/generic.js';
import { createBodyArena } from '../src/inspector/body-arena.js';
import { type CaptureSettings, createExchangeCapture } from '../src/inspector/create-exchange-capture.js';
import { createInspector } from '../src/inspector/create-inspector.js';
import { createRingStore } from '../src/inspector/exchange-store.js';
import type { Provider } from '../src/providers/provider.js';
import { createRequestFacts } from '../src/server/app-context.js';
import { parseRequestJson } from '../src/server/limits/parse-request-json.js';
import { parseMessagesRequest } from '../src/server/parse-messages-request.js';
import { createSecretRedactor } from '../src/server/redact-secrets.js';
import { convertAnthropicRequest } from '../src/translate/convert-anthropic-request.js';
import { encodeBody } from '../src/translate/known-json.js';
import { buildClaudeCodeTurn } from '../test/helpers/build-claude-code-turn.js';
import { startProxy, type TestProxy } from '../test/helpers/start-proxy.js';
import { buildScenarios } from './compare/scenarios.js';
import { measureThroughput } from './measure.js';

const ROUNDS = Number(process.env.ROUNDS ?? 12);
const REQUESTS_PER_ROUND = 400;
const CONCURRENCY = 8;

const usage = { prompt_tokens: 2000, completion_tokens: 8, total_tokens: 2008 };
const COMPLETION = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 0,
  model: 'backend-model',
  choices: [
    { index: 0, message: { role: 'assistant', content: 'Done: 3 files changed.' }, finish_reason: 'stop' },
  ],
  usage,
});
const STREAM = [
  { choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
  ...['Done', ': 3', ' files', ' changed.'].map((content) => ({
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  })),
  { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  { choices: [], usage },
]
  .map(
    (chunk) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', ...chunk })}\n\n`,
  )
  .join('')
  .concat('data: [DONE]\n\n');

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const streamed = Buffer.concat(chunks).includes('"stream":true');
    response.writeHead(200, { 'content-type': streamed ? 'text/event-stream' : 'application/json' });
    response.end(streamed ? STREAM : COMPLETION);
  });
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

// The comparison benchmark's S2 body: an 80 KB Claude Code turn (system prompt, 24 tools, 30 messages).
const turn = buildClaudeCodeTurn({ stream: false });
const bodies = {
  complete: JSON.stringify({ ...turn, stream: false }),
  streamed: JSON.stringify({ ...turn, stream: true }),
};
// And S1's: a 1 KB request, where what each exchange makes weighs most against the rest.
const smallBody = buildScenarios().S1.anthropicBody;

/**
 * One exchange recorded from start to end, with data shaped like the proxy's own; with
 * `read`, its record is also built once, as when the page opens it or a search reads it.
 */
function recordingOp(streamed: boolean, read = false, body = bodies.complete): () => number {
  const inspector = createInspector(createRingStore(200));
  // As the proxy sizes it for 200 exchanges of at most 256 KB a body.
  const arena = createBodyArena(64 * 1024 * 1024);
  const redact = createSecretRedactor(['sk-bench-backend-key', 'bench-proxy-key']);
  const provider = {
    name: 'default',
    config: {
      backend: { origin: 'http://127.0.0.1:9', chatCompletionsPath: '/v1/chat/completions' },
      headers: {},
    },
    protocol: 'chat',
  } as unknown as Provider;
  // Parsed, validated, converted and encoded as the proxy does: the tool list is kept by the
  // parser and the converted one by the conversion, so both bodies share them as on a real turn.
  const requestBytes = Buffer.from(body);
  const { value: parsed } = parseRequestJson(body, 64);
  const request = parseMessagesRequest(parsed);
  const toolList = (parsed as { tools?: unknown }).tools;
  const sentBody = convertAnthropicRequest(request, {
    model: 'backend-model',
    dialect: genericDialect,
    stream: false,
  }).body;
  const payload = encodeBody(sentBody);
  const chunks = STREAM.split('\n\n').map((frame) => Buffer.from(`${frame}\n\n`));
  const frames = chunks.map((chunk) => `event: content_block_delta\ndata: ${chunk.toString().slice(6)}`);
  let sequence = 0;
  const settings: CaptureSettings = {
    maxChars: 256 * 1024,
    redact,
    arena,
    pricing: {},
    onStart: (exchange) => inspector.put(exchange),
  };
  const headers = { 'user-agent': 'claude-cli', 'x-api-key': 'bench-proxy-key' };
  return () => {
    const facts = createRequestFacts({
      route: 'default',
      provider: 'default',
      clientModel: 'claude-sonnet-4-5',
      backendModel: 'backend-model',
      stream: streamed,
      inputTokens: 2000,
      outputTokens: 8,
    });
    const capture = createExchangeCapture(settings, `req_${sequence++}`, headers, facts);
    capture.clientRequest(request, requestBytes, toolList);
    const attempt = capture.startAttempt(provider, 'backend-model');
    attempt.sent(payload, sentBody.tools);
    if (streamed) {
      for (const chunk of chunks) attempt.received(chunk);
      attempt.ended();
      for (const frame of frames) capture.clientFrame(frame);
    } else {
      attempt.answered(COMPLETION);
      capture.clientAnswer(COMPLETION);
    }
    capture.afterStreams(() => {
      const exchange = capture.finish(200, 5, { bytes: undefined, body: undefined });
      inspector.put(exchange);
      if (read) exchange.record();
    });
    return 1;
  };
}

const recording = [
  measureThroughput('1 KB request, complete answer', recordingOp(false, false, smallBody)),
  measureThroughput('complete answer', recordingOp(false)),
  measureThroughput('streamed answer', recordingOp(true)),
  measureThroughput('complete answer, then read once', recordingOp(false, true)),
  measureThroughput('streamed answer, then read once', recordingOp(true, true)),
];

async function cpuMicrosecondsPerRequest(client: Client, body: string): Promise<number> {
  let remaining = REQUESTS_PER_ROUND;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (remaining-- > 0) {
        const response = await client.request({
          method: 'POST',
          path: '/v1/messages',
          headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
          body,
        });
        await response.body.text();
        if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
      }
    }),
  );
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / REQUESTS_PER_ROUND;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const proxies: Record<'off' | 'on', TestProxy> = {
  off: await startProxy({ OPENAI_BASE_URL: baseUrl, INSPECTOR: 'false' }),
  on: await startProxy({ OPENAI_BASE_URL: baseUrl, INSPECTOR: 'true' }),
};
const clients = { off: new Client(proxies.off.url), on: new Client(proxies.on.url) };
const rows: Record<string, Record<string, string>> = {};
try {
  for (const kind of ['complete', 'streamed'] as const) {
    const samples = { off: [] as number[], on: [] as number[] };
    // Warm-up: JIT, pools, and a full ring for the inspector (200 exchanges kept).
    for (const side of ['off', 'on'] as const) await cpuMicrosecondsPerRequest(clients[side], bodies[kind]);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const);
      for (const side of order)
        samples[side].push(await cpuMicrosecondsPerRequest(clients[side], bodies[kind]));
    }
    const off = median(samples.off);
    const on = median(samples.on);
    rows[`${kind} answer`] = {
      'CPU µs/request, INSPECTOR=false': off.toFixed(0),
      'CPU µs/request, inspector on': on.toFixed(0),
      'added by the inspector': `${(on - off).toFixed(0)} µs (${((100 * (on - off)) / off).toFixed(1)}%)`,
    };
  }
} finally {
  await clients.off.close();
  await clients.on.close();
  await proxies.off.close();
  await proxies.on.close();
  server.close();
}
console.log(
  'Recording one exchange alone (hooks and the ring of 200; read once: redaction, decoding, cutting to size)',
);
console.table(
  Object.fromEntries(
    recording.map((result) => [
      result.name,
      {
        'µs/exchange': (result.nsPerOp / 1000).toFixed(1),
        'retained B/exchange': result.retainedBytesPerOp.toFixed(0),
      },
    ]),
  ),
);
console.log(
  `\nInspector cost: a Claude Code turn (${bodies.complete.length.toLocaleString()} bytes) through the proxy, median of ${ROUNDS} rounds of ${REQUESTS_PER_ROUND} requests, ${CONCURRENCY} at a time`,
);
console.table(rows);
