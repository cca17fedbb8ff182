import type { DialectName, ThinkTagMode } from '../dialects/dialect.js';

/** The validated configuration every other module receives; nothing else reads the environment. */
export interface Config {
  backend: BackendConfig;
  /** Backend model for Claude model names (OPENAI_MODEL); undefined passes the client's model through. */
  model: string | undefined;
  /** Backend model per Claude family (BIG_MODEL, MIDDLE_MODEL, SMALL_MODEL); an unset family uses `model`. */
  familyModels: FamilyModels;
  host: string;
  port: number;
  /** Upstream timeout: time to response headers, and the longest silence between body chunks. */
  timeoutMs: number;
  debug: boolean;
  /** OPENAI_PROVIDER: the backend dialect; undefined detects it from the base URL. */
  provider: DialectName | undefined;
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
}

export type LogFormat = 'json' | 'pretty';

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

/** The Claude families a client picks by size: opus for hard work, haiku for Claude Code's background calls. */
export type ClaudeFamily = 'opus' | 'sonnet' | 'haiku';

export type FamilyModels = Readonly<Record<ClaudeFamily, string | undefined>>;
