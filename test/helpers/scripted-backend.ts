import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the scripted backend received, for asserting the translated request. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when the body was not JSON). */
  body: unknown;
  rawBody: string;
  /** Resolves when the proxy closed this request's connection or stream before the reply finished. */
  closedEarly: Promise<void>;
  /** True once the reply was fully written. */
  finished: boolean;
}

export type Reply = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface ScriptedBackend {
  /** Base URL including /v1, as OPENAI_BASE_URL would be set. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Queues replies; each request takes the next one. With none queued the backend answers 500. */
  enqueue(...replies: Reply[]): void;
  /** Open sockets right now, to check nothing leaks. */
  openSockets(): number;
  close(): Promise<void>;
}

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 that answers from a script and
 * records everything it receives. Tests talk to it through the proxy over real sockets.
 */
export async function startScriptedBackend(): Promise<ScriptedBackend> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  const sockets = new Set<Socket>();

  const server = createServer(async (incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let resolveClosed!: () => void;
    const recorded: RecordedRequest = {
      method: incoming.method ?? '',
      url: incoming.url ?? '',
      headers: incoming.headers,
      body: parseJson(rawBody),
      rawBody,
      closedEarly: new Promise<void>((resolve) => {
        resolveClosed = resolve;
      }),
      finished: false,
    };
    response.once('finish', () => {
      recorded.finished = true;
    });
    response.once('close', () => {
      if (!recorded.finished) resolveClosed();
    });
    requests.push(recorded);
    const reply = queue.shift() ?? json(500, { error: { message: 'scripted backend: no reply queued' } });
    try {
      await reply(recorded, response);
    } catch {
      response.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    openSockets: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Answers with a JSON body. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

/** Answers 200 with a Chat Completions response built from the given message fields. */
export function completion(
  message: Record<string, unknown>,
  options: {
    finishReason?: string | null;
    usage?: Record<string, unknown> | null;
    choice?: Record<string, unknown>;
  } = {},
): Reply {
  return json(200, {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 0,
    model: 'backend-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', ...message },
        finish_reason: options.finishReason === undefined ? 'stop' : options.finishReason,
        ...options.choice,
      },
    ],
    usage:
      options.usage === undefined
        ? { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }
        : options.usage,
  });
}

export type SseWriteMode = 'whole' | 'byte-per-write' | 'crlf';

/** Answers 200 with an SSE body, written whole, one byte per write, or with CRLF line endings. */
export function sse(body: string, mode: SseWriteMode = 'whole'): Reply {
  return async (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const text = mode === 'crlf' ? body.replace(/\r?\n/g, '\r\n') : body;
    if (mode !== 'byte-per-write') {
      response.end(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length; offset++) {
      if (response.destroyed) return;
      response.write(bytes.subarray(offset, offset + 1));
      // Let each byte leave as its own TCP write so the proxy sees split frames and split characters.
      await new Promise((resolve) => setImmediate(resolve));
    }
    response.end();
  };
}

/** Accepts the request and never answers, for timeout and abort tests. */
export function hang(): Reply {
  return () => undefined;
}

/** Destroys the connection without any response. */
export function dropConnection(): Reply {
  return (_request, response) => {
    response.socket?.destroy();
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
