import { randomBytes } from 'node:crypto';
import type { Config, ProviderConfig } from '../../config/config.js';
import { type RunningServer, startServer } from '../../server/start-server.js';

export interface DoctorProxy extends RunningServer {
  /** The key this proxy requires, made for this run; only the doctor's own probes know it. */
  apiKey: string;
}

/**
 * The proxy the through-proxy probes talk to: the user's configuration, but on a free
 * 127.0.0.1 port, without logs, so it never collides with a proxy already running.
 */
export async function startDoctorProxy(
  config: Config,
  provider: ProviderConfig,
  model: string | undefined,
  timeoutMs: number,
): Promise<DoctorProxy> {
  // Loopback is reachable by every local process: without a key of its own, any of them could
  // use the backend key through this proxy while the doctor runs.
  const apiKey = randomBytes(24).toString('base64url');
  // Only the provider under test, its own timeouts shortened to the probe's so a silent backend
  // cannot hold a request open, and no retries: the doctor reports what one call does.
  const probed: ProviderConfig = {
    ...provider,
    timeouts: {
      connectMs: Math.min(provider.timeouts.connectMs, timeoutMs),
      firstByteMs: timeoutMs,
      idleMs: timeoutMs,
    },
  };
  const server = await startServer(
    {
      ...config,
      host: '127.0.0.1',
      port: 0,
      debug: false,
      proxyApiKeys: [apiKey],
      providers: [probed],
      routes: {
        models: {},
        longContext: undefined,
        image: undefined,
        thinking: undefined,
        families: { opus: undefined, sonnet: undefined, haiku: undefined },
        // Claude names reach the model under test, as they would reach it through the user's routes.
        default: [{ provider: provider.name, model }],
      },
      retry: { ...config.retry, attempts: 1 },
    },
    // The doctor reads the model list as a probe of its own and counts every backend request;
    // it has asked the backend what it is already and passes the dialect it settled on.
    { logger: false, modelDiscovery: false, serverProbeMs: 0 },
  );
  return {
    ...server,
    apiKey,
    close: async () => {
      const closing = server.close();
      // The SDK keeps its connections alive after a timed-out request; the doctor is done
      // with them, so they are cut rather than waited for.
      server.app.server.closeAllConnections();
      await closing;
    },
  };
}
