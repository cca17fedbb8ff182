import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { ClaudeFamily, Config } from '../config/config.js';
import { describeDialectReason } from '../dialects/describe-dialect-reason.js';
import type { Dialect } from '../dialects/dialect.js';
import { selectDialect } from '../dialects/select-dialect.js';
import { ProxyError } from '../errors.js';
import { createUpstreamClient } from '../upstream/create-upstream-client.js';
import { NAME, VERSION } from '../version.js';
import type { AppContext } from './app-context.js';
import { checkListenAddress } from './auth/check-listen-address.js';
import { buildApp } from './build-app.js';
import { createActivityRegistry } from './lifecycle/create-activity-registry.js';
import { createLogger } from './observability/create-logger.js';
import { createReasoningMemory } from './reasoning-memory.js';

export interface RunningServer {
  app: FastifyInstance;
  context: AppContext;
  /** The address clients use, e.g. http://127.0.0.1:8000. */
  url: string;
  /**
   * Stops accepting connections, lets requests in flight finish for up to `graceMs`
   * (SHUTDOWN_GRACE_SECONDS by default), then ends the streams still open with an
   * `event: error` frame and closes every connection and the upstream pool.
   */
  shutdown(graceMs?: number): Promise<void>;
  /** shutdown(0): open streams are ended with the error frame at once. */
  close(): Promise<void>;
  /** A reloaded config file: new requests use it, requests in flight finish on the old one. */
  reload(config: Config): void;
}

export interface StartServerOptions {
  /** Overrides config.port (0 picks a free port). */
  port?: number;
  /** false: no logs at all (tests). */
  logger?: boolean;
  /** Backend silence before a streaming answer gets a `ping` (tests shorten it). */
  streamPingIntervalMs?: number;
  /** Writes logs to this file instead of stdout (the `code` command keeps the terminal for Claude Code). */
  logFile?: string;
  /** Writes logs to this stream instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/** After the grace period, how long the error frames get to reach clients before sockets are cut. */
const FINAL_FLUSH_MS = 1000;

/** Builds the context and app, listens, and returns a handle that closes both the server and the upstream pool. */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  checkListenAddress(config);
  const { dialect, reason } = selectDialect(config.backend.displayUrl, config.provider);
  const context: AppContext = {
    config,
    dialect,
    dialectReason: reason,
    upstream: createUpstreamClient({ backend: config.backend, timeoutMs: config.timeoutMs }),
    reasoningMemory: needsReasoningBack(dialect) ? createReasoningMemory() : undefined,
    activity: createActivityRegistry(),
    ...(options.streamPingIntervalMs === undefined
      ? {}
      : { streamPingIntervalMs: options.streamPingIntervalMs }),
  };
  const logger =
    options.logger === false
      ? undefined
      : await createLogger({
          debug: config.debug,
          format: config.logFormat,
          secrets: [config.backend.apiKey, ...config.proxyApiKeys],
          file: options.logFile,
          destination: options.logDestination,
        });
  const app = buildApp(context, logger ? { logger } : {});
  app.addHook('onClose', async () => context.upstream.close());
  await app.listen({ host: config.host, port: options.port ?? config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let stopping: Promise<void> | undefined;
  const shutdown = (graceMs = config.shutdownGraceMs): Promise<void> => {
    stopping ??= stopGracefully(app, context, graceMs);
    return stopping;
  };
  // A stand-in until providers are rebuilt from the new config; routes read context.config per request.
  const reload = (next: Config) => {
    context.config = next;
  };
  return { app, context, url: `http://${host}:${port}`, shutdown, close: () => shutdown(0), reload };
}

async function stopGracefully(app: FastifyInstance, context: AppContext, graceMs: number): Promise<void> {
  const { activity } = context;
  // Stops listening at once; requests arriving on connections already open get a 529.
  activity.startDraining();
  const closed = app.close();
  if (activity.requestCount > 0) {
    app.log.info(
      { requestsInFlight: activity.requestCount, streamsInFlight: activity.streamCount, graceMs },
      'shutting down: waiting for requests in flight',
    );
  }
  if (!(await activity.whenIdle(graceMs))) {
    app.log.warn(
      { streamsInFlight: activity.streamCount },
      'shutting down: grace period over, ending streams',
    );
    activity.endStreams(
      new ProxyError(
        'SHUTTING_DOWN',
        'overloaded_error',
        'The proxy is shutting down; the answer was cut short. Retry the request.',
      ),
    );
    await activity.whenIdle(FINAL_FLUSH_MS);
  }
  // Responses are done; kept-alive sockets would otherwise hold the server open until they time out.
  app.server.closeIdleConnections();
  if (activity.requestCount > 0) app.server.closeAllConnections();
  await closed;
}

/** Backends that want reasoning or thought signatures back with the tool calls they made. */
function needsReasoningBack(dialect: Dialect): boolean {
  return dialect.reasoning.history !== 'drop' || dialect.toolCallThoughtSignatures;
}

/** The human-readable start-up banner: where the proxy listens, what it talks to, how to use it. */
export function renderBanner(server: RunningServer): string {
  const { config, dialect } = server.context;
  const backend = config.backend.isDefault
    ? `${config.backend.displayUrl} (default: a local Ollama; set OPENAI_BASE_URL to change it)`
    : config.backend.displayUrl;
  const lines = [
    `${NAME} ${VERSION} listening on ${server.url}`,
    `  backend: ${backend}`,
    `  dialect: ${dialect.label} (${describeDialectReason(server.context.dialectReason)}${
      server.context.dialectReason === 'default' ? '; set OPENAI_PROVIDER to choose one' : ''
    })`,
    `  model:   ${describeModelMapping(config)}`,
    `  api key: ${config.backend.apiKey ? 'set' : 'not set'}`,
    `  clients: ${config.proxyApiKeys.length > 0 ? 'must send a PROXY_API_KEY key' : 'no key required'}`,
    '',
    `Use it from Claude Code:  ANTHROPIC_BASE_URL=${server.url} ANTHROPIC_AUTH_TOKEN=${config.proxyApiKeys.length > 0 ? '<a PROXY_API_KEY key>' : 'infiniproxy'} claude`,
  ];
  return `${lines.join('\n')}\n`;
}

function describeModelMapping(config: Config): string {
  const families = (Object.keys(config.familyModels) as ClaudeFamily[])
    .filter((family) => config.familyModels[family])
    .map((family) => `${family} → ${config.familyModels[family]}`);
  const base = config.model ?? '(client model names pass through; set OPENAI_MODEL for Claude names)';
  return families.length > 0 ? `${base}; ${families.join(', ')}` : base;
}
