/**
 * The comparison benchmark's backend, run in a process of its own: an OpenAI-compatible
 * server that answers every request at once from prebuilt bytes, on keep-alive connections.
 * JSON for a non-streaming request; for a streaming one, 200 text deltas in one write, or,
 * when the body carries the slow-stream marker, one delta every 100 ms (one shared timer
 * serves every open slow stream). Prints its port on the IPC channel.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BACKEND_MODEL,
  DELTA_INTERVAL_MS,
  FAST_STREAM_DELTAS,
  SLOW_STREAM_DELTAS,
  SLOW_STREAM_MARKER,
} from './constants.js';

const COMPLETION = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 0,
    model: BACKEND_MODEL,
    choices: [
      { index: 0, message: { role: 'assistant', content: 'Done: 3 files changed.' }, finish_reason: 'stop' },
    ],
    usage: { prompt_tokens: 2000, completion_tokens: 8, total_tokens: 2008 },
  }),
);

const frame = (chunk: Record<string, unknown>) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 0, model: BACKEND_MODEL, ...chunk })}\n\n`;
const delta = (content: string) =>
  frame({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const HEAD = frame({
  choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
});
const TAIL =
  frame({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }) +
  frame({
    choices: [],
    usage: { prompt_tokens: 20, completion_tokens: FAST_STREAM_DELTAS, total_tokens: 220 },
  }) +
  'data: [DONE]\n\n';
const FAST_STREAM = Buffer.from(
  HEAD + Array.from({ length: FAST_STREAM_DELTAS }, (_, index) => delta(` word${index}`)).join('') + TAIL,
);
const SLOW_DELTA = Buffer.from(delta(' tick'));
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

interface SlowStream {
  response: ServerResponse;
  sent: number;
}
const slowStreams = new Set<SlowStream>();
setInterval(() => {
  for (const stream of slowStreams) {
    if (stream.response.destroyed) {
      slowStreams.delete(stream);
      continue;
    }
    stream.response.write(SLOW_DELTA);
    if (++stream.sent === SLOW_STREAM_DELTAS) {
      stream.response.end(TAIL);
      slowStreams.delete(stream);
    }
  }
}, DELTA_INTERVAL_MS);

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    if (!body.includes('"stream":true')) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': COMPLETION.length });
      response.end(COMPLETION);
      return;
    }
    response.writeHead(200, SSE_HEADERS);
    if (body.includes(SLOW_STREAM_MARKER)) {
      response.write(HEAD);
      slowStreams.add({ response, sent: 0 });
    } else {
      response.end(FAST_STREAM);
    }
  });
});
server.keepAliveTimeout = 120_000;
server.maxRequestsPerSocket = 0;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});
