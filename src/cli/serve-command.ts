import { renderBanner, startServer } from '../server/start-server.js';
import { loadConfigOrExplain } from './load-config-or-explain.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * `infiniproxy` / `infiniproxy serve`: runs the proxy in the foreground until SIGINT or
 * SIGTERM, then shuts down gracefully (see RunningServer.shutdown). The handlers are removed
 * when the first signal arrives, so a second one stops the process at once.
 */
export async function runServe(): Promise<number> {
  const config = loadConfigOrExplain();
  if (!config) return 1;
  const server = await startServer(config);
  process.stdout.write(renderBanner(server));
  return new Promise<number>((resolve) => {
    const stop = () => {
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      server.shutdown().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    for (const signal of STOP_SIGNALS) process.on(signal, stop);
  });
}
