/**
 * What the two floors (the raw pipe and the bare translator) share: listening on a free port
 * announced to the benchmark over IPC, answering its usage requests, and a clean exit on
 * SIGTERM, so that a profiler started with --cpu-prof writes its profile.
 */
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerUsageRequests } from './report-usage.js';

export function serveFloor(server: Server): void {
  server.keepAliveTimeout = 120_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
  });
  answerUsageRequests();
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

/** Ends a response whose backend call failed: 502 when nothing was sent yet. */
export function endFailed(response: ServerResponse): void {
  if (!response.headersSent) response.writeHead(502);
  response.end();
}
