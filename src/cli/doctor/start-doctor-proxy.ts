import type { Config } from '../../config/config.js';
import { type RunningServer, startServer } from '../../server/start-server.js';

/**
 * The proxy the through-proxy probes talk to: the user's configuration, but on a free
 * 127.0.0.1 port, without logs, so it never collides with a proxy already running.
 */
export async function startDoctorProxy(config: Config, timeoutMs: number): Promise<RunningServer> {
  // The probe's own timeout upstream too, so a silent backend cannot hold a request open.
  const server = await startServer(
    // No proxy keys: this proxy is the doctor's own, on loopback, and its probes carry none.
    { ...config, host: '127.0.0.1', port: 0, debug: false, timeoutMs, proxyApiKeys: [] },
    { logger: false },
  );
  return {
    ...server,
    close: async () => {
      const closing = server.close();
      // The SDK keeps its connections alive after a timed-out request; the doctor is done
      // with them, so they are cut rather than waited for.
      server.app.server.closeAllConnections();
      await closing;
    },
  };
}
