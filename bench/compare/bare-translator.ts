/**
 * The second floor: the least any translating proxy written in Node does. A node:http server
 * reads the Anthropic body, parses it once, maps it to Chat Completions (text, images, tool
 * calls, tool results, system and tools: the shapes the scenarios send), serialises it once,
 * and sends it on an undici pool; it maps the answer back the same way, a JSON answer to one
 * message, a stream to Anthropic events written once per read. It validates nothing, counts
 * nothing, logs nothing and survives no bad input: no proxy could ship it, and none that
 * parses and rebuilds both sides can cost less. infiniproxy's distance from it is what its
 * own features cost; the raw pipe's distance from it is what translating costs. Run in a
 * process of its own by the comparison benchmark, with the backend's origin as its argument.
 */
import { createServer, type ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { endFailed, serveFloor } from './serve-floor.js';

type Json = Record<string, unknown>;
interface Block extends Json {
  type: string;
}

const origin = process.argv[2];
if (!origin) throw new Error('usage: bare-translator.ts <backend origin>');
const pool = new Pool(origin, { pipelining: 1, keepAliveTimeout: 120_000 });
const UPSTREAM_HEADERS = { 'content-type': 'application/json', authorization: 'Bearer bench' };

const textOf = (content: string | Block[]) =>
  typeof content === 'string' ? content : content.map((block) => block.text ?? '').join('');

function toChatMessages(messages: { role: string; content: string | Block[] }[], out: Json[]): void {
  for (const { role, content } of messages) {
    if (typeof content === 'string') {
      out.push({ role, content });
      continue;
    }
    const parts: Json[] = [];
    const toolCalls: Json[] = [];
    for (const block of content) {
      if (block.type === 'text') parts.push({ type: 'text', text: block.text });
      else if (block.type === 'image') {
        const source = block.source as Json;
        parts.push({
          type: 'image_url',
          image_url: { url: `data:${source.media_type};base64,${source.data}` },
        });
      } else if (block.type === 'tool_use') {
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: JSON.stringify(block.input) },
        });
      } else if (block.type === 'tool_result') {
        out.push({
          role: 'tool',
          tool_call_id: block.tool_use_id,
          content: textOf(block.content as Block[]),
        });
      }
    }
    if (role === 'assistant') {
      const message: Json = { role, content: parts.length ? textOf(parts as Block[]) : null };
      if (toolCalls.length) message.tool_calls = toolCalls;
      out.push(message);
    } else if (parts.length) out.push({ role, content: parts });
  }
}

function toChatRequest(anthropic: Json): Json {
  const messages: Json[] = [];
  if (anthropic.system) messages.push({ role: 'system', content: textOf(anthropic.system as Block[]) });
  toChatMessages(anthropic.messages as { role: string; content: string | Block[] }[], messages);
  const body: Json = { model: 'backend-model', messages, max_tokens: anthropic.max_tokens };
  if (anthropic.tools) {
    body.tools = (anthropic.tools as Json[]).map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.input_schema },
    }));
  }
  if (anthropic.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

const event = (name: string, data: Json) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

async function answerJson(response: ServerResponse, body: { json(): Promise<unknown> }, model: string) {
  const completion = (await body.json()) as {
    id: string;
    choices: { message: { content: string | null }; finish_reason: string }[];
    usage: { prompt_tokens: number; completion_tokens: number };
  };
  const choice = completion.choices[0]!;
  const payload = JSON.stringify({
    id: completion.id,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: choice.message.content ?? '' }],
    stop_reason: choice.finish_reason === 'length' ? 'max_tokens' : 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: completion.usage.prompt_tokens,
      output_tokens: completion.usage.completion_tokens,
    },
  });
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  response.end(payload);
}

async function answerStream(response: ServerResponse, body: AsyncIterable<Buffer>, model: string) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  response.write(
    event('message_start', {
      type: 'message_start',
      message: { id: 'msg_bare', type: 'message', role: 'assistant', model, content: [], usage: {} },
    }) +
      event('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      }),
  );
  let rest = '';
  let outputTokens = 0;
  for await (const chunk of body) {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    let out = '';
    for (const line of lines) {
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const data = JSON.parse(line.slice(6)) as {
        choices: { delta: { content?: string } }[];
        usage?: { completion_tokens: number };
      };
      const text = data.choices[0]?.delta.content;
      if (text)
        out += event('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text },
        });
      if (data.usage) outputTokens = data.usage.completion_tokens;
    }
    if (out) response.write(out);
  }
  response.end(
    event('content_block_stop', { type: 'content_block_stop', index: 0 }) +
      event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: outputTokens },
      }) +
      event('message_stop', { type: 'message_stop' }),
  );
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const anthropic = JSON.parse(Buffer.concat(chunks).toString()) as Json;
      const upstream = await pool.request({
        method: 'POST',
        path: '/v1/chat/completions',
        headers: UPSTREAM_HEADERS,
        body: JSON.stringify(toChatRequest(anthropic)),
      });
      const model = anthropic.model as string;
      if (anthropic.stream) await answerStream(response, upstream.body, model);
      else await answerJson(response, upstream.body, model);
    } catch {
      endFailed(response);
    }
  });
});
serveFloor(server);
