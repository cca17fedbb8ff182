/**
 * The floor: a pass-through proxy that parses nothing. A node:http server hands each request
 * body, as a stream, to an undici pool and streams the backend's answer back, headers and
 * all (less the hop-by-hop ones). Any Node proxy pays at least this much. Run in a process
 * of its own by the comparison benchmark, with the backend's origin as its argument.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';
import { endFailed, serveFloor } from './serve-floor.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'upgrade']);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>) {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

const origin = process.argv[2];
if (!origin) throw new Error('usage: raw-pipe.ts <backend origin>');
const pool = new Pool(origin, { pipelining: 1, keepAliveTimeout: 120_000 });

const server = createServer((request, response) => {
  pool
    .stream(
      {
        method: request.method as 'POST',
        path: request.url ?? '/',
        headers: forwardable(request.headers),
        body: request,
      },
      ({ statusCode, headers }) => {
        response.writeHead(statusCode, forwardable(headers));
        return response;
      },
    )
    .catch(() => {
      endFailed(response);
    });
});
serveFloor(server);
