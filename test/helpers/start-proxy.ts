import Anthropic from '@anthropic-ai/sdk';
import { type Environment, loadConfig } from '../../src/config/load-config.js';
import { type RunningServer, type StartServerOptions, startServer } from '../../src/server/start-server.js';
import { type AnswerShapeWatch, watchAnswerShapes } from './watch-answer-shapes.js';

export interface TestProxy {
  url: string;
  server: RunningServer;
  /** The official Anthropic SDK pointed at the proxy, with retries off so failures show at once. */
  client: Anthropic;
  /** Every answer's keys, checked against test/fixtures/anthropic-shapes/ as it leaves the proxy. */
  shapes: AnswerShapeWatch;
  /** Closes the proxy, then fails if any answer it wrote had keys the Anthropic API would not write. */
  close(): Promise<void>;
}

/**
 * Starts the real proxy on a free 127.0.0.1 port, configured like a user would: through
 * environment variables, never from a .env file. Logs are off unless a destination is given.
 * The SDK client presents the first PROXY_API_KEY key when there is one. Model discovery is
 * off unless asked for. Every answer's keys are
 * compared with the Anthropic shape fixtures, and close() fails the test that wrote a stray key.
 */
export async function startProxy(
  env: Environment,
  options: Pick<
    StartServerOptions,
    'streamPingIntervalMs' | 'logDestination' | 'modelDiscovery' | 'serverProbeMs'
  > = {},
): Promise<TestProxy> {
  const config = loadConfig(
    { PROXY_HOST: '127.0.0.1', PROXY_PORT: '0', OPENAI_MODEL: 'backend-model', ...env },
    null,
  );
  // Off unless a test asks: scripted backends answer only the requests a test queues for them.
  const server = await startServer(config, {
    serverProbeMs: 0,
    ...options,
    logger: options.logDestination !== undefined,
    modelDiscovery: options.modelDiscovery ?? false,
  });
  const client = new Anthropic({
    baseURL: server.url,
    apiKey: config.proxyApiKeys[0] ?? 'test-client-key',
    maxRetries: 0,
  });
  const shapes = watchAnswerShapes(server.app.server);
  return {
    url: server.url,
    server,
    client,
    shapes,
    async close() {
      await server.close();
      if (shapes.violations.length > 0) {
        throw new Error(
          `the proxy wrote ${shapes.violations.length} answer(s) shaped unlike the Anthropic API's:\n` +
            shapes.violations.map((violation) => violation.message).join('\n'),
        );
      }
    },
  };
}
