import { renderBanner, startServer } from '../server/start-server.js';
import { loadConfigOrExplain } from './load-config-or-explain.js';

/** `infiniproxy` / `infiniproxy serve`: runs the proxy in the foreground until SIGINT or SIGTERM. */
export async function runServe(): Promise<number> {
  const config = loadConfigOrExplain();
  if (!config) return 1;
  const server = await startServer(config);
  process.stdout.write(renderBanner(server));
  return new Promise<number>((resolve) => {
    const stop = () => {
      server.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
