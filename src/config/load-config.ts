import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { DIALECT_NAMES } from '../dialects/all-dialects.js';
import type { DialectName, ThinkTagMode } from '../dialects/dialect.js';
import { resolveDataDir } from '../gateway/storage/resolve-database-location.js';
import {
  type Config,
  type CooldownPolicy,
  DEFAULT_PROVIDER_NAME,
  isProtocolName,
  type LogFormat,
  PROTOCOL_NAMES,
  type ProtocolName,
  type ProviderConfig,
  type RetryPolicy,
  type RouteChain,
  type Timeouts,
} from './config.js';
import { ConfigError } from './config-error.js';
import { loadFileConfig } from './load-file-config.js';
import { parseBaseUrl } from './parse-base-url.js';

/** Used when OPENAI_BASE_URL is unset: a local Ollama needs no key and no cloud account. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:11434/v1';

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, maxWaitMs: 20_000 };
export const DEFAULT_COOLDOWN: CooldownPolicy = { failures: 3, cooldownMs: 30_000 };
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, firstByteMs: 300_000, idleMs: 300_000 };

export { ConfigError } from './config-error.js';

/** Timers take at most 2^31 - 1 ms; a longer one would fire at once. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** A duration in seconds, fractions allowed, that a timer can hold. */
function seconds() {
  return z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of seconds')
    .transform(Number)
    .refine((value) => value <= MAX_TIMER_SECONDS, `must be at most ${MAX_TIMER_SECONDS} seconds`);
}

/** A whole number from 1 to `max`, named by its unit in the error. */
function wholeNumber(unit: string, max: number) {
  return z
    .string()
    .trim()
    .regex(/^[1-9]\d*$/, `must be a whole number of ${unit}, 1 or more`)
    .transform(Number)
    .refine((value) => value <= max, `must be at most ${max}`);
}

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['', '0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(value), {
    message: 'must be true or false',
  })
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value.length > 0 ? value : undefined));

const envSchema = z.object({
  OPENAI_BASE_URL: optionalText.optional(),
  OPENAI_API_KEY: optionalText.optional(),
  OPENAI_MODEL: optionalText.optional(),
  BIG_MODEL: optionalText.optional(),
  MIDDLE_MODEL: optionalText.optional(),
  SMALL_MODEL: optionalText.optional(),
  PROXY_HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  PROXY_PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a port number (0-65535)')
    .transform(Number)
    .refine((port) => port <= 65535, 'must be a port number (0-65535)')
    .default(8000),
  TIMEOUT: seconds()
    .refine((value) => value >= 0.001, 'must be at least 0.001 (one millisecond)')
    .default(300),
  DEBUG: booleanFlag.default(false),
  OPENAI_PROVIDER: z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => (value.length > 0 ? value : undefined))
    .refine((value) => value === undefined || (DIALECT_NAMES as string[]).includes(value), {
      message: `must be one of ${DIALECT_NAMES.join(', ')}`,
    })
    .optional(),
  OPENAI_PROTOCOL: z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => (value.length > 0 ? value : undefined))
    .refine((value) => value === undefined || isProtocolName(value), {
      message: `must be one of ${PROTOCOL_NAMES.join(', ')}`,
    })
    .optional(),
  MAX_OUTPUT_TOKENS: z
    .string()
    .trim()
    .transform((value) => (value.length > 0 ? value : undefined))
    .refine((value) => value === undefined || /^[1-9]\d*$/.test(value), 'must be a whole number of tokens')
    .transform((value) => (value === undefined ? undefined : Number(value)))
    .optional(),
  PROXY_API_KEY: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key.length > 0),
    )
    .optional(),
  ALLOW_UNAUTHENTICATED: booleanFlag.default(false),
  BODY_LIMIT_MB: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of megabytes')
    .transform(Number)
    .refine((megabytes) => megabytes > 0 && megabytes <= 1024, 'must be between 0 and 1024 megabytes')
    .default(32),
  LOG_FORMAT: z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => value === 'json' || value === 'pretty', 'must be json or pretty')
    .transform((value) => value as LogFormat)
    .default('json'),
  SHUTDOWN_GRACE_SECONDS: seconds().default(8),
  RETRY_ATTEMPTS: z
    .string()
    .trim()
    .regex(/^[1-9]\d*$/, 'must be a whole number of tries, 1 or more')
    .transform(Number)
    .refine((value) => value <= 10, 'must be at most 10')
    .optional(),
  DATABASE_URL: optionalText
    .refine(
      (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
      'must be a postgres:// URL (leave it unset for the SQLite file)',
    )
    .optional(),
  REDIS_URL: optionalText
    .refine((value) => value === undefined || /^rediss?:\/\//.test(value), 'must be a redis:// URL')
    .optional(),
  ADMIN_API_KEY: optionalText
    .refine((value) => value === undefined || value.length >= 16, 'must be at least 16 characters')
    .optional(),
  GATEWAY: booleanFlag.optional(),
  THINK_TAGS: z
    .string()
    .trim()
    .toLowerCase()
    .refine((value) => ['', 'on', 'off', 'open'].includes(value), 'must be on, off or open')
    .transform((value) => (value.length > 0 ? (value as ThinkTagMode) : undefined))
    .optional(),
  // Unlike the other flags, an empty INSPECTOR (left blank in a .env) keeps the default: on.
  INSPECTOR: z.preprocess((value) => (value === '' ? undefined : value), booleanFlag.default(true)),
  INSPECTOR_MAX_EXCHANGES: wholeNumber('exchanges', 100_000).default(200),
  INSPECTOR_MAX_BODY_KB: wholeNumber('kilobytes', 1_048_576).default(256),
});

export type Environment = Record<string, string | undefined>;

export interface LoadConfigOptions {
  /** `--config FILE`; wins over INFINIPROXY_CONFIG. */
  configPath?: string | undefined;
}

export interface LoadedConfig {
  config: Config;
  /** Worth telling the user, not worth stopping for; the caller prints or logs them. */
  warnings: string[];
}

/**
 * The variables a config file replaces. Set beside a file they would silently do nothing,
 * so the loader says so (unless the file itself reads them as `${NAME}`).
 */
const PROVIDER_VARIABLES = [
  'OPENAI_BASE_URL',
  'OPENAI_API_KEY',
  'OPENAI_MODEL',
  'BIG_MODEL',
  'MIDDLE_MODEL',
  'SMALL_MODEL',
  'OPENAI_PROVIDER',
  'OPENAI_PROTOCOL',
  'TIMEOUT',
] as const;

/** The proxy's own settings, read from the environment whether or not a config file defines the providers. */
const serverSchema = envSchema.omit(
  Object.fromEntries(PROVIDER_VARIABLES.map((name) => [name, true])) as Record<
    (typeof PROVIDER_VARIABLES)[number],
    true
  >,
);

/**
 * Reads the configuration from the environment, with a .env file (in the working
 * directory) filling in what the environment does not set. Throws ConfigError with one
 * line naming the offending variable. `envFile: null` reads no file at all, so tests never
 * pick up a developer's .env (an `undefined` argument would fall back to the default).
 * With `options.configPath` or INFINIPROXY_CONFIG set, providers and routes come from that file.
 */
export function loadConfig(
  env: Environment = process.env,
  envFile: string | null = '.env',
  options: LoadConfigOptions = {},
): Config {
  return loadConfigWithWarnings(env, envFile, options).config;
}

/** loadConfig, also returning the warnings the caller should show. */
export function loadConfigWithWarnings(
  env: Environment = process.env,
  envFile: string | null = '.env',
  options: LoadConfigOptions = {},
): LoadedConfig {
  const merged = mergeEnvironment(env, envFile);
  const configPath = options.configPath ?? (merged.INFINIPROXY_CONFIG?.trim() || undefined);
  if (configPath !== undefined) return loadWithFile(configPath, merged);
  return { config: loadFromEnvironment(merged), warnings: [] };
}

function loadWithFile(configPath: string, merged: Environment): LoadedConfig {
  const server = readServerSettings(parseEnvironment(serverSchema, merged), merged);
  const file = loadFileConfig(configPath, merged);
  const ignored = PROVIDER_VARIABLES.filter(
    (name) => (merged[name] ?? '').trim() !== '' && !file.referencedVariables.has(name),
  );
  const warnings =
    ignored.length === 0
      ? []
      : [
          `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} set but ignored: ${configPath} defines the providers`,
        ];
  return { config: { ...server, ...file.config }, warnings: [...warnings, ...file.warnings] };
}

function parseEnvironment<Schema extends z.ZodType>(schema: Schema, merged: Environment): z.infer<Schema> {
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(`Invalid ${name}=${JSON.stringify(merged[name] ?? '')}: ${issue.message}`);
  }
  return parsed.data;
}

function loadFromEnvironment(merged: Environment): Config {
  const values = parseEnvironment(envSchema, merged);
  const rawUrl = values.OPENAI_BASE_URL ?? DEFAULT_BASE_URL;
  const backendUrl = parseBaseUrl(rawUrl);
  if (!backendUrl) {
    throw new ConfigError(
      `Invalid OPENAI_BASE_URL=${JSON.stringify(rawUrl)}: must be an http:// or https:// URL such as https://api.deepseek.com/v1`,
    );
  }
  const timeoutMs = Math.round(values.TIMEOUT * 1000);
  const provider: ProviderConfig = {
    name: DEFAULT_PROVIDER_NAME,
    backend: {
      ...backendUrl,
      apiKey: values.OPENAI_API_KEY,
      isDefault: values.OPENAI_BASE_URL === undefined,
    },
    dialect: values.OPENAI_PROVIDER as DialectName | undefined,
    protocol: values.OPENAI_PROTOCOL as ProtocolName | undefined,
    authHeader: undefined,
    maxConcurrency: undefined,
    headers: {},
    models: [],
    // TIMEOUT keeps its meaning: the wait for response headers and the longest silence in a body.
    timeouts: {
      connectMs: Math.min(timeoutMs, DEFAULT_TIMEOUTS.connectMs),
      firstByteMs: timeoutMs,
      idleMs: timeoutMs,
    },
  };
  const chain = (model: string | undefined): RouteChain => [{ provider: DEFAULT_PROVIDER_NAME, model }];
  const familyChain = (model: string | undefined) => (model === undefined ? undefined : chain(model));
  return {
    ...readServerSettings(values, merged),
    pricing: {},
    providers: [provider],
    routes: {
      models: {},
      longContext: undefined,
      image: undefined,
      thinking: undefined,
      families: {
        opus: familyChain(values.BIG_MODEL),
        sonnet: familyChain(values.MIDDLE_MODEL),
        haiku: familyChain(values.SMALL_MODEL),
      },
      default: chain(values.OPENAI_MODEL),
    },
    retry: { ...DEFAULT_RETRY, attempts: values.RETRY_ATTEMPTS ?? DEFAULT_RETRY.attempts },
    cooldown: DEFAULT_COOLDOWN,
    source: { kind: 'env' },
  };
}

/** The settings of the proxy itself, which come from the environment whatever defines the providers. */
function readServerSettings(values: z.infer<typeof serverSchema>, merged: Environment) {
  return {
    teamGateway: {
      enabled: values.GATEWAY ?? (values.DATABASE_URL !== undefined || values.ADMIN_API_KEY !== undefined),
      databaseUrl: values.DATABASE_URL,
      dataDir: resolveDataDir(merged),
      redisUrl: values.REDIS_URL,
      adminApiKey: values.ADMIN_API_KEY,
    },
    host: values.PROXY_HOST,
    port: values.PROXY_PORT,
    debug: values.DEBUG,
    maxOutputTokens: values.MAX_OUTPUT_TOKENS,
    proxyApiKeys: values.PROXY_API_KEY ?? [],
    allowUnauthenticated: values.ALLOW_UNAUTHENTICATED,
    bodyLimitBytes: Math.round(values.BODY_LIMIT_MB * 1024 * 1024),
    logFormat: values.LOG_FORMAT,
    shutdownGraceMs: Math.round(values.SHUTDOWN_GRACE_SECONDS * 1000),
    thinkTags: values.THINK_TAGS,
    inspector: {
      enabled: values.INSPECTOR,
      maxExchanges: values.INSPECTOR_MAX_EXCHANGES,
      maxBodyKb: values.INSPECTOR_MAX_BODY_KB,
    },
  };
}

/** The environment with the .env file filling in what it does not set: what `${NAME}` and every setting read. */
export function mergeEnvironment(env: Environment, envFile: string | null): Environment {
  return { ...readEnvFile(envFile), ...definedOnly(env) };
}

function readEnvFile(path: string | null): Environment {
  if (!path || !existsSync(path)) return {};
  try {
    return parseEnv(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ConfigError(`Could not read ${path}: ${(cause as Error).message}`);
  }
}

function definedOnly(env: Environment): Environment {
  const result: Environment = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
