import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface EgressTrap {
  /** For HTTPS_PROXY and HTTP_PROXY. */
  url: string;
  /** Every host (or URL) something tried to reach through the trap, in order. */
  attempts: string[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 that refuses everything and remembers what was asked for.
 * Given to Claude Code as its proxy, it turns any attempt to reach the internet into a fast,
 * visible failure instead of a hang on a machine without network, and lets a test prove
 * there was none.
 */
export async function startEgressTrap(): Promise<EgressTrap> {
  const attempts: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    attempts.push(`${request.method} ${request.url}`);
    response.writeHead(403);
    response.end();
  });
  server.on('connect', (request, socket: Socket) => {
    attempts.push(`CONNECT ${request.url}`);
    // The client may reset the tunnel socket as soon as it reads the refusal.
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attempts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
