import type { Config } from '../../config/config.js';
import { type RunningServer, startServer } from '../../server/start-server.js';

/**
 * The proxy the through-proxy probes talk to: the user's configuration, but on a free
 * 127.0.0.1 port, without logs, so it never collides with a proxy already running.
 */
export function startDoctorProxy(config: Config): Promise<RunningServer> {
  return startServer({ ...config, host: '127.0.0.1', port: 0, debug: false }, { logger: false });
}
