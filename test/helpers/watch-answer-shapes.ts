import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { checkAnthropicShape } from './check-anthropic-shapes.js';
import { parseAnthropicSse } from './parse-anthropic-sse.js';

export interface AnswerShapeWatch {
  /** Answers whose keys differ from test/fixtures/anthropic-shapes/, in the order they finished. */
  readonly violations: readonly Error[];
  /** How many answers were checked. */
  readonly checked: number;
}

/**
 * Checks the keys of every answer the proxy writes on this server against the shape
 * fixtures: message bodies and every event of a stream on POST /v1/messages, and error
 * bodies on any path. It reads the bytes as they leave (whatever the test itself reads),
 * so every test that starts a proxy enforces the shapes. Answers cut short (the client
 * went away) are skipped: their last frame may be incomplete.
 */
export function watchAnswerShapes(server: Server): AnswerShapeWatch {
  const violations: Error[] = [];
  let checked = 0;
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    // Fastify and the event stream pass their headers to writeHead, where getHeader cannot see them.
    let contentType = '';
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    response.writeHead = ((...args: unknown[]) => {
      const headers = args.find((arg) => typeof arg === 'object' && arg !== null && !Array.isArray(arg));
      for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
        if (name.toLowerCase() === 'content-type') contentType = String(value);
      }
      return writeHead(...args);
    }) as ServerResponse['writeHead'];
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === 'string')
        chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as ServerResponse['write'];
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && typeof chunk !== 'function') keep(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as ServerResponse['end'];
    response.once('finish', () => {
      const type = contentType || String(response.getHeader('content-type') ?? '');
      const problem = checkAnswer(request, response, type, Buffer.concat(chunks).toString('utf8'));
      if (problem === 'skipped') return;
      checked++;
      if (problem) violations.push(problem);
    });
  });
  return {
    violations,
    get checked() {
      return checked;
    },
  };
}

function checkAnswer(
  request: IncomingMessage,
  response: ServerResponse,
  type: string,
  text: string,
): Error | undefined | 'skipped' {
  const path = (request.url ?? '').split('?')[0];
  const isMessages = request.method === 'POST' && path === '/v1/messages';
  const what = `${request.method} ${request.url} → ${response.statusCode}`;
  try {
    if (type.startsWith('text/event-stream')) {
      if (!isMessages) return 'skipped';
      for (const frame of parseAnthropicSse(text)) checkAnthropicShape(frame.data, 'event');
      return undefined;
    }
    if (!type.startsWith('application/json') || text.length === 0) return 'skipped';
    if (!isMessages && response.statusCode < 400) return 'skipped';
    checkAnthropicShape(JSON.parse(text), 'body');
    return undefined;
  } catch (error) {
    return new Error(`${what}: ${(error as Error).message}`);
  }
}
