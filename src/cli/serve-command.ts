import cluster from 'node:cluster';
import { loadConfigWithWarnings } from '../config/load-config.js';
import { type ConfigFileWatcher, watchConfigFile } from '../config/watch-config-file.js';
import { type RunningServer, renderBanner, startServer } from '../server/start-server.js';
import { loadConfigOrExplain } from './load-config-or-explain.js';
import { runClusterPrimary } from './serve-cluster.js';
import { steadyHeapGrowth } from './steady-heap-growth.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * `infiniproxy` / `infiniproxy serve`: runs the proxy in the foreground until SIGINT or
 * SIGTERM, then shuts down gracefully (see RunningServer.shutdown). The handlers are removed
 * when the first signal arrives, so a second one stops the process at once. With a config
 * file, the file is reloaded when it changes and on SIGHUP.
 *
 * With `workers` above 1 this process becomes a cluster primary (see runClusterPrimary) and
 * each worker it forks runs this same function as one of N identical servers on one port.
 */
export async function runServe(options: { configPath?: string; workers?: number } = {}): Promise<number> {
  if ((options.workers ?? 1) > 1 && cluster.isPrimary) {
    return runClusterPrimary({ workers: options.workers ?? 1, configPath: options.configPath });
  }
  const config = loadConfigOrExplain(options.configPath);
  if (!config) return 1;
  steadyHeapGrowth();
  const server = await startServer(config);
  // Watching before the banner: once it says the proxy listens, an edit of the file is seen.
  const watcher = config.source.kind === 'file' ? watchForReloads(server, config.source.path) : undefined;
  // Under --workers the first worker speaks for all of them.
  if (!cluster.isWorker || cluster.worker?.id === 1) process.stdout.write(renderBanner(server));
  const code = await new Promise<number>((resolve) => {
    let stopped = false;
    const stop = () => {
      // A worker keeps its handlers: the terminal's Ctrl-C and the primary's SIGTERM both
      // reach it, in either order, and the primary alone turns a second signal into a kill.
      if (!cluster.isWorker) for (const signal of STOP_SIGNALS) process.off(signal, stop);
      if (stopped) return;
      stopped = true;
      watcher?.close();
      server.shutdown().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    for (const signal of STOP_SIGNALS) process.on(signal, stop);
  });
  if (cluster.isWorker) {
    for (const signal of STOP_SIGNALS) process.removeAllListeners(signal);
    // A worker's channel to the primary would keep it running after the drain.
    cluster.worker?.disconnect();
  }
  return code;
}

/**
 * New requests get the new configuration; an invalid file is logged and the running one stays.
 * The file is read with the same environment and .env as at start-up, so `${NAME}` references
 * resolve the same way (a changed .env is picked up too).
 */
function watchForReloads(server: RunningServer, path: string): ConfigFileWatcher {
  const log = server.app.log;
  return watchConfigFile({
    path,
    reloadOnSighup: true,
    load: () => loadConfigWithWarnings(process.env, '.env', { configPath: path }),
    onReload: (config, warnings) => {
      for (const warning of warnings) log.warn(warning);
      void server.reload(config).then((applied) => {
        if (applied) log.info({ configFile: path }, 'config reloaded');
      });
    },
    onError: (error) =>
      log.error({ configFile: path }, `config not reloaded, the previous one stays: ${error.message}`),
  });
}
