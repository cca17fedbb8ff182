import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenBackend {
  url: string;
  /** Chat requests received, parsed. */
  requests: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface TokenBackendOptions {
  promptTokens?: number;
  completionTokens?: number;
  /** Milliseconds to wait before answering (to hold requests in flight). */
  delayMs?: number;
}

/**
 * An OpenAI-compatible backend on 127.0.0.1 that answers every chat request with one short
 * text and a fixed usage, streamed or not as asked: the ledger's token counts are known.
 */
export async function startTokenBackend(options: TokenBackendOptions = {}): Promise<TokenBackend> {
  const promptTokens = options.promptTokens ?? 100;
  const completionTokens = options.completionTokens ?? 20;
  const requests: Array<Record<string, unknown>> = [];
  const server: Server = createServer(async (request, response) => {
    // Only chat completions are scripted; anything else (a model list) is not this backend's.
    if (request.method !== 'POST') {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"error":{"message":"not found"}}');
      return;
    }
    const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    requests.push(body);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    if (body.stream === true) {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: unknown, finish: string | null, extra: Record<string, unknown> = {}) =>
        `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
      response.write(chunk({ role: 'assistant', content: 'hello' }, null));
      response.write(chunk({}, 'stop', { usage }));
      response.end('data: [DONE]\n\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        id: 'c1',
        object: 'chat.completion',
        created: 0,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
        usage,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}
