import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from '../config/config.js';
import { dialectsByName } from '../dialects/all-dialects.js';
import { describeDialectReason } from '../dialects/describe-dialect-reason.js';
import type { ServerRecognition } from '../dialects/recognize-server-dialect.js';
import { ProxyError } from '../errors.js';
import type { TeamGatewayOptions } from '../gateway/create-team-gateway.js';
import { applySharedCooldown, attachSharedState } from '../gateway/shared/attach-shared-state.js';
import { startModelDiscovery } from '../models/start-model-discovery.js';
import { createProviderRegistry, retiredProviders } from '../providers/create-provider-registry.js';
import {
  detectServerDialects,
  type ServerDialectReport,
  type ServerDialects,
} from '../providers/detect-server-dialects.js';
import { describeRoutes } from '../routing/describe-routes.js';
import { createTokenCounter } from '../tokens/create-token-counter.js';
import { NAME, VERSION } from '../version.js';
import type { AppContext } from './app-context.js';
import { checkListenAddress } from './auth/check-listen-address.js';
import { buildApp } from './build-app.js';
import { createActivityRegistry } from './lifecycle/create-activity-registry.js';
import { createLogger } from './observability/create-logger.js';
import { configSecrets } from './redact-secrets.js';

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
  /**
   * Puts a new configuration's providers and routes in effect for new requests; requests in
   * flight finish on the old ones. The proxy's own settings (address, keys, limits) stay.
   * Backends at URLs not seen before are first asked what server they run (as at start-up).
   * Resolves to false when a later reload, or a stop, came first and this one was dropped.
   */
  reload(config: Config): Promise<boolean>;
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
  /**
   * Reads the backends' published model facts in the background (default true). The doctor
   * and tests that script every backend request turn it off.
   */
  modelDiscovery?: boolean;
  /** Team gateway tuning (tests shorten the key cache and the ledger's flush interval). */
  teamGateway?: TeamGatewayOptions;
  /**
   * How long start-up may spend asking backends whose URL is not conclusive which server
   * they run (see detect-server-dialects.ts); 0 asks nothing. 500 ms by default.
   */
  serverProbeMs?: number;
}

/** Long enough for any local server, short enough that nobody notices a black-holed one. */
const SERVER_PROBE_MS = 500;

/** After the grace period, how long the error frames get to reach clients before sockets are cut. */
const FINAL_FLUSH_MS = 1000;

/** Builds the context and app, listens, and returns a handle that closes both the server and the upstream pool. */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  checkListenAddress(config);
  const logger =
    options.logger === false
      ? undefined
      : await createLogger({
          debug: config.debug,
          format: config.logFormat,
          secrets: configSecrets(config),
          file: options.logFile,
          destination: options.logDestination,
        });
  const probeMs = options.serverProbeMs ?? SERVER_PROBE_MS;
  const serverDialects = new Map<string, ServerRecognition>();
  const askedUrls = new Set<string>();
  /** Asks the backends not asked before what server they run; what they say is kept by URL. */
  const askNewServers = async (providers: Config['providers'], log: ServerReportLog | undefined) => {
    const unasked = providers.filter((provider) => !askedUrls.has(provider.backend.displayUrl));
    if (probeMs <= 0 || unasked.length === 0) return;
    const detected = await detectServerDialects({ providers: unasked }, probeMs);
    for (const report of detected.reports) askedUrls.add(report.url);
    for (const [url, recognized] of detected.dialects) serverDialects.set(url, recognized);
    if (log) logServerReports(log, detected.reports);
  };
  await askNewServers(config.providers, logger);
  const context: AppContext = createAppContext(config, options.streamPingIntervalMs, serverDialects);
  if (config.teamGateway.enabled) {
    // Loaded only when on: the database and Redis drivers stay out of a plain proxy's start-up.
    const { createTeamGateway } = await import('../gateway/create-team-gateway.js');
    context.team = await createTeamGateway(config.teamGateway, {
      ...options.teamGateway,
      log: (message, details) => logger?.warn(details, message),
    });
    attachSharedState(context);
    await context.team.shared?.cooldowns.follow((provider, ms) => applySharedCooldown(context, provider, ms));
  }
  const app = buildApp(context, logger ? { logger } : {});
  app.addHook('onClose', async () => context.gateway.providers.close());
  const discover = options.modelDiscovery !== false;
  const logDiscovery = (message: string) => app.log.warn(message);
  if (discover) startModelDiscovery(context.gateway.providers, config, logDiscovery);
  try {
    await app.listen({ host: config.host, port: options.port ?? config.port });
  } catch (error) {
    await context.team?.close().catch(() => undefined);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let stopping: Promise<void> | undefined;
  const shutdown = (graceMs = config.shutdownGraceMs): Promise<void> => {
    stopping ??= stopGracefully(app, context, graceMs);
    return stopping;
  };
  let latestReload = 0;
  const reload = async (next: Config): Promise<boolean> => {
    const generation = ++latestReload;
    // A backend at a URL asked before keeps its answer; one at a new URL is asked now, within
    // the same budget as at start-up, so its first request is shaped for the server it is.
    await askNewServers(next.providers, app.log);
    // A later edit, or a stop, arrived while the new backends were being asked: it wins.
    if (generation !== latestReload || stopping) return false;
    const previous = context.gateway.providers;
    const providers = createProviderRegistry(next, previous, serverDialects);
    context.gateway = { config: { ...next, ...serverSettings(context.gateway.config) }, providers };
    // Pools close once their requests in flight are done.
    if (discover) startModelDiscovery(providers, next, logDiscovery);
    for (const retired of retiredProviders(previous, providers)) {
      retired.modelFacts.stop();
      void retired.upstream.close().catch(() => undefined);
    }
    if (context.team) attachSharedState(context);
    app.log.info({ providers: providers.all.map((provider) => provider.name) }, 'configuration reloaded');
    return true;
  };
  return { app, context, url: `http://${host}:${port}`, shutdown, close: () => shutdown(0), reload };
}

type ServerReportLog = Pick<FastifyBaseLogger, 'info'>;

/** One line per backend asked what it runs: what it said, or that it kept its URL's dialect. */
function logServerReports(log: ServerReportLog, reports: readonly ServerDialectReport[]): void {
  for (const report of reports) {
    log.info(
      { provider: report.provider, url: report.url, dialect: report.recognized?.dialect ?? null },
      report.recognized
        ? `backend identified as ${dialectsByName[report.recognized.dialect].label} by ${report.recognized.evidence}`
        : 'backend did not say which server it is; keeping the dialect its URL gives',
    );
  }
}

/** The context every route shares: the gateway of this configuration, the dispatcher and the activity registry. */
export function createAppContext(
  config: Config,
  streamPingIntervalMs?: number,
  serverDialects?: ServerDialects,
): AppContext {
  return {
    gateway: { config, providers: createProviderRegistry(config, undefined, serverDialects) },
    tokenCounter: createTokenCounter(),
    activity: createActivityRegistry(),
    ...(streamPingIntervalMs === undefined ? {} : { streamPingIntervalMs }),
  };
}

/** What a reload never changes: the listening address, the client keys and the limits were fixed at start-up. */
function serverSettings(config: Config): Partial<Config> {
  return {
    host: config.host,
    port: config.port,
    proxyApiKeys: config.proxyApiKeys,
    allowUnauthenticated: config.allowUnauthenticated,
    bodyLimitBytes: config.bodyLimitBytes,
    logFormat: config.logFormat,
    teamGateway: config.teamGateway,
  };
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
  // Every request has ended and reported by now: the ledger's last rows are queued, and written here.
  await context.team?.close();
}

/** The human-readable start-up banner: where the proxy listens, what it talks to, how to use it. */
export function renderBanner(server: RunningServer): string {
  const { config, providers } = server.context.gateway;
  const lines = [`${NAME} ${VERSION} listening on ${server.url}`];
  if (config.source.kind === 'file') lines.push(`  config:  ${config.source.path}`);
  for (const provider of providers.all) {
    const { backend } = provider.config;
    const where = backend.isDefault
      ? `${backend.displayUrl} (default: a local Ollama; set OPENAI_BASE_URL to change it)`
      : backend.displayUrl;
    const hint =
      provider.dialectReason === 'default' && config.source.kind === 'env'
        ? '; set OPENAI_PROVIDER to choose one'
        : '';
    lines.push(`  provider ${provider.name}: ${where}`);
    // Chat Completions is the default; only another protocol is worth a line.
    if (provider.protocol !== 'chat')
      lines.push(`    protocol: ${provider.protocol} (${provider.protocolReason})`);
    lines.push(
      `    dialect: ${provider.dialect.label} (${describeDialectReason(provider.dialectReason)}${hint})`,
      `    api key: ${backend.apiKey ? 'set' : 'not set'}`,
    );
  }
  lines.push(
    `  routes:  ${describeRoutes(config)}`,
    `  clients: ${config.proxyApiKeys.length > 0 ? 'must send a PROXY_API_KEY key' : 'no key required'}`,
    ...(config.inspector.enabled
      ? [
          `  inspector: ${server.url}/ui (${config.proxyApiKeys.length > 0 ? 'asks for a PROXY_API_KEY key' : 'this machine only'}; INSPECTOR=false turns it off)`,
        ]
      : []),
    '',
    `Use it from Claude Code:  ANTHROPIC_BASE_URL=${server.url} ANTHROPIC_AUTH_TOKEN=${config.proxyApiKeys.length > 0 ? '<a PROXY_API_KEY key>' : 'infiniproxy'} claude`,
  );
  return `${lines.join('\n')}\n`;
}
