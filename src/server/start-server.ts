import type { FastifyInstance } from 'fastify';
import type { ClaudeFamily, Config } from '../config/config.js';
import type { Dialect } from '../dialects/dialect.js';
import { selectDialect } from '../dialects/select-dialect.js';
import { createUpstreamClient } from '../upstream/create-upstream-client.js';
import { NAME, VERSION } from '../version.js';
import type { AppContext } from './app-context.js';
import { buildApp } from './build-app.js';
import { createReasoningMemory } from './reasoning-memory.js';

export interface RunningServer {
  app: FastifyInstance;
  context: AppContext;
  /** The address clients use, e.g. http://127.0.0.1:8000. */
  url: string;
  close(): Promise<void>;
}

export interface StartServerOptions {
  /** Overrides config.port (0 picks a free port). */
  port?: number;
  logger?: boolean;
  /** Backend silence before a streaming answer gets a `ping` (tests shorten it). */
  streamPingIntervalMs?: number;
  /** Writes logs to this file instead of stdout (the `code` command keeps the terminal for Claude Code). */
  logFile?: string;
}

/** Builds the context and app, listens, and returns a handle that closes both the server and the upstream pool. */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  const { dialect, reason } = selectDialect(config.backend.displayUrl, config.provider);
  const context: AppContext = {
    config,
    dialect,
    dialectReason: reason,
    upstream: createUpstreamClient({ backend: config.backend, timeoutMs: config.timeoutMs }),
    reasoningMemory: needsReasoningBack(dialect) ? createReasoningMemory() : undefined,
    ...(options.streamPingIntervalMs === undefined
      ? {}
      : { streamPingIntervalMs: options.streamPingIntervalMs }),
  };
  const logger =
    options.logger === false
      ? false
      : { level: config.debug ? 'debug' : 'info', ...(options.logFile ? { file: options.logFile } : {}) };
  const app = buildApp(context, { logger });
  app.addHook('onClose', async () => context.upstream.close());
  await app.listen({ host: config.host, port: options.port ?? config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { app, context, url: `http://${host}:${port}`, close: () => app.close() };
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
    `  dialect: ${dialect.label} (${describeDialectReason(server.context)})`,
    `  model:   ${describeModelMapping(config)}`,
    `  api key: ${config.backend.apiKey ? 'set' : 'not set'}`,
    '',
    `Use it from Claude Code:  ANTHROPIC_BASE_URL=${server.url} ANTHROPIC_AUTH_TOKEN=infiniproxy claude`,
  ];
  return `${lines.join('\n')}\n`;
}

function describeDialectReason(context: AppContext): string {
  switch (context.dialectReason) {
    case 'configured':
      return 'OPENAI_PROVIDER';
    case 'default':
      return 'no known host; set OPENAI_PROVIDER to choose one';
    default:
      return context.dialectReason;
  }
}

function describeModelMapping(config: Config): string {
  const families = (Object.keys(config.familyModels) as ClaudeFamily[])
    .filter((family) => config.familyModels[family])
    .map((family) => `${family} → ${config.familyModels[family]}`);
  const base = config.model ?? '(client model names pass through; set OPENAI_MODEL for Claude names)';
  return families.length > 0 ? `${base}; ${families.join(', ')}` : base;
}
