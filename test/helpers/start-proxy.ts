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

/**
 * Starts the real proxy on a free 127.0.0.1 port, configured like a user would: through
 * environment variables, never from a .env file. Logs are off unless a destination is given.
 * The SDK client presents the first PROXY_API_KEY key when there is one.
 */
export async function startProxy(
  env: Environment,
  options: Pick<StartServerOptions, 'streamPingIntervalMs' | 'logDestination'> = {},
): Promise<TestProxy> {
  const config = loadConfig(
    { PROXY_HOST: '127.0.0.1', PROXY_PORT: '0', OPENAI_MODEL: 'backend-model', ...env },
    null,
  );
  const server = await startServer(config, { ...options, logger: options.logDestination !== undefined });
  const client = new Anthropic({
    baseURL: server.url,
    apiKey: config.proxyApiKeys[0] ?? 'test-client-key',
    maxRetries: 0,
  });
  return { url: server.url, server, client, close: () => server.close() };
}
