import Anthropic from '@anthropic-ai/sdk';
import { type Environment, loadConfig } from '../../src/config/load-config.js';
import { type RunningServer, type StartServerOptions, startServer } from '../../src/server/start-server.js';

export interface TestProxy {
  url: string;
  server: RunningServer;
  /** The official Anthropic SDK pointed at the proxy, with retries off so failures show at once. */
  client: Anthropic;
  close(): Promise<void>;
}

/** Starts the real proxy on a free 127.0.0.1 port, configured like a user would: through environment variables. */
export async function startProxy(
  env: Environment,
  options: Pick<StartServerOptions, 'streamPingIntervalMs'> = {},
): Promise<TestProxy> {
  const config = loadConfig(
    { PROXY_HOST: '127.0.0.1', PROXY_PORT: '0', OPENAI_MODEL: 'backend-model', ...env },
    null,
  );
  const server = await startServer(config, { ...options, logger: false });
  const client = new Anthropic({ baseURL: server.url, apiKey: 'test-client-key', maxRetries: 0 });
  return { url: server.url, server, client, close: () => server.close() };
}
