import type { DialectName, ThinkTagMode } from '../dialects/dialect.js';

/**
 * The validated configuration every other module receives; nothing else reads the
 * environment or the config file. Environment-only set-ups and config files both produce
 * this one shape: env-only is a config with one provider named `default`.
 */
export interface Config {
  /** The backends, in the order the file (or the environment) lists them. */
  providers: readonly ProviderConfig[];
  routes: RouteTable;
  retry: RetryPolicy;
  cooldown: CooldownPolicy;
  /** Where the configuration came from, for `config print`, the banner and reloads. */
  source: ConfigSource;
  host: string;
  port: number;
  debug: boolean;
  /** MAX_OUTPUT_TOKENS: a cap on max_tokens for every request, below any model's own. */
  maxOutputTokens: number | undefined;
  /** PROXY_API_KEY: keys a client must present on /v1 and /metrics; empty means no check. */
  proxyApiKeys: string[];
  /** ALLOW_UNAUTHENTICATED: lets a proxy without keys listen on a non-loopback address. */
  allowUnauthenticated: boolean;
  /** BODY_LIMIT_MB in bytes: larger request bodies get 413 request_too_large. */
  bodyLimitBytes: number;
  /** LOG_FORMAT: one JSON object per line, or colourised text for a terminal. */
  logFormat: LogFormat;
  /** SHUTDOWN_GRACE_SECONDS in milliseconds: how long open streams may run on after SIGTERM. */
  shutdownGraceMs: number;
  /** THINK_TAGS: whether `<think>` tags in answers become thinking blocks; undefined keeps the dialect's default. */
  thinkTags: ThinkTagMode | undefined;
  /** The config file's `pricing`: USD per million tokens by `provider/model` (or bare model), over the built-in table. */
  pricing: Readonly<Record<string, ModelPrice>>;
  /** Virtual keys, the ledger and shared state; fixed at start-up like the listening address. */
  teamGateway: TeamGatewaySettings;
  /** INSPECTOR*: the page at /ui that shows recent exchanges. */
  inspector: InspectorSettings;
}

export interface InspectorSettings {
  /** INSPECTOR: false records nothing and serves no /ui. */
  enabled: boolean;
  /** INSPECTOR_MAX_EXCHANGES: how many recent exchanges are kept. */
  maxExchanges: number;
  /** INSPECTOR_MAX_BODY_KB: each body kept is cut beyond this many kilobytes (of characters). */
  maxBodyKb: number;
}

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Defaults to `input` when a table leaves it out. */
  cacheRead?: number | undefined;
  cacheWrite?: number | undefined;
}

export interface TeamGatewaySettings {
  /** GATEWAY=on, DATABASE_URL or ADMIN_API_KEY: the server keeps keys and a ledger. */
  enabled: boolean;
  /** DATABASE_URL (postgres://…); undefined uses the SQLite file in `dataDir`. */
  databaseUrl: string | undefined;
  /** INFINIPROXY_DATA_DIR, else $XDG_DATA_HOME/infiniproxy, else ~/.local/share/infiniproxy. */
  dataDir: string | undefined;
  /** REDIS_URL: limits, budgets, cooldowns and reasoning shared by every instance. */
  redisUrl: string | undefined;
  /** ADMIN_API_KEY: the one key that opens /admin/. */
  adminApiKey: string | undefined;
}

export type LogFormat = 'json' | 'pretty';

export type ConfigSource = { kind: 'env' } | { kind: 'file'; path: string };

/** The provider an environment-only configuration defines. */
export const DEFAULT_PROVIDER_NAME = 'default';

/** One backend: where it is, how to talk to it, and how hard to push it. */
export interface ProviderConfig {
  /** The key under `providers:`; route entries name it as `name/model`. */
  name: string;
  backend: BackendConfig;
  /** The dialect set in the config (or OPENAI_PROVIDER); undefined detects it from the URL. */
  dialect: DialectName | undefined;
  /**
   * The protocol set in the config (or OPENAI_PROTOCOL); undefined detects it from the URL
   * (see providers/select-protocol.ts), which means `chat` unless the URL says otherwise.
   */
  protocol: ProtocolName | undefined;
  /**
   * How an `anthropic` provider is given its key; undefined takes the header the endpoint
   * documents (providers/anthropic/anthropic-endpoints.ts). Other protocols always send Bearer.
   */
  authHeader: AuthHeader | undefined;
  /** Requests in flight to this provider at most; beyond it requests queue. Undefined: no limit. */
  maxConcurrency: number | undefined;
  /** Extra headers sent on every request to this provider (OpenRouter's X-Title, …). */
  headers: Readonly<Record<string, string>>;
  /** Models the provider serves, advertised on GET /v1/models as `provider/model`. */
  models: readonly string[];
  timeouts: Timeouts;
  /**
   * `model_info`: facts about the provider's models the user states, by backend model name.
   * They win over what the backend publishes and over the built-in table. Absent: none.
   */
  modelInfo?: Readonly<Record<string, ModelInfo>>;
}

/** What the config file may say about one backend model; anything left out stays to the other sources. */
export interface ModelInfo {
  contextWindow?: number;
  maxOutputTokens?: number;
  vision?: boolean;
  tools?: boolean;
  reasoning?: boolean;
}

/** The wire protocols a provider may speak; `chat` is OpenAI Chat Completions. */
export const PROTOCOL_NAMES = ['chat', 'responses', 'anthropic'] as const;
export type ProtocolName = (typeof PROTOCOL_NAMES)[number];

export function isProtocolName(value: string): value is ProtocolName {
  return (PROTOCOL_NAMES as readonly string[]).includes(value);
}

/** `x-api-key: KEY` (the Anthropic API's own header) or `Authorization: Bearer KEY`. */
export const AUTH_HEADERS = ['x-api-key', 'bearer'] as const;
export type AuthHeader = (typeof AUTH_HEADERS)[number];

export interface BackendConfig {
  /** Origin only, e.g. https://api.deepseek.com — the undici pool's key. */
  origin: string;
  /** Path of the chat completions endpoint, e.g. /v1/chat/completions. */
  chatCompletionsPath: string;
  /** Path prefix the other endpoints (models) hang off, e.g. /v1. */
  basePath: string;
  /** The base URL as the user would recognise it (no credentials), for banners and errors. */
  displayUrl: string;
  apiKey: string | undefined;
  /** True when OPENAI_BASE_URL was not set and the local Ollama default is in use. */
  isDefault: boolean;
}

/** Milliseconds each wait on a backend may take before it counts as a failure. */
export interface Timeouts {
  /** Opening the connection (TCP and TLS). */
  connectMs: number;
  /** From the request to the response headers. */
  firstByteMs: number;
  /** The longest silence between two pieces of the answer body. */
  idleMs: number;
}

/** The Claude families a client picks by size: opus for hard work, haiku for Claude Code's background calls. */
export type ClaudeFamily = 'opus' | 'sonnet' | 'haiku';

/** One entry of a route: a provider, and the model to ask it for. */
export interface RouteTarget {
  provider: string;
  /** Undefined passes the client's model name through (env-only set-ups without OPENAI_MODEL). */
  model: string | undefined;
}

/** A fallback chain: the first entry is preferred, the next ones take over when it fails. */
export type RouteChain = readonly RouteTarget[];

/** Which chain serves a request; see routing/select-route.ts for the order they are tried in. */
export interface RouteTable {
  /** Exact client model names (`routes.models`). */
  models: Readonly<Record<string, RouteChain>>;
  longContext: { threshold: number; chain: RouteChain } | undefined;
  image: RouteChain | undefined;
  thinking: RouteChain | undefined;
  families: Readonly<Record<ClaudeFamily, RouteChain | undefined>>;
  default: RouteChain | undefined;
}

export interface RetryPolicy {
  /** Tries per chain entry, before the first byte went to the client; 1 means no retry. */
  attempts: number;
  /** Longest single wait, backoff or retry-after; a longer retry-after gives the entry up at once. */
  maxWaitMs: number;
}

export interface CooldownPolicy {
  /** Consecutive retryable failures that put a provider in cooldown. */
  failures: number;
  cooldownMs: number;
}
