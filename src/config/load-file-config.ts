import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { parseDocument as ParseDocument } from 'yaml';
import type { z } from 'zod';
import type { DialectName } from '../dialects/dialect.js';
import type { Config, ModelInfo, ProviderConfig, RouteChain, RouteTable, Timeouts } from './config.js';
import { ConfigError } from './config-error.js';
import {
  type FileConfig,
  type FileProvider,
  type FileTimeouts,
  fileConfigSchema,
  KNOWN_KEYS,
} from './file-config-schema.js';
import { formatConfigPath } from './format-config-path.js';
import { DEFAULT_COOLDOWN, DEFAULT_RETRY, DEFAULT_TIMEOUTS, type Environment } from './load-config.js';
import { parseBaseUrl } from './parse-base-url.js';
import { parseRouteChain } from './parse-route-chain.js';
import { substituteVariables } from './substitute-variables.js';
import { suggestKey } from './suggest-key.js';

/** What a config file defines; the server settings (host, port, keys, logs) still come from the environment. */
export type FileDefinedConfig = Pick<
  Config,
  'providers' | 'routes' | 'retry' | 'cooldown' | 'source' | 'pricing'
>;

export interface LoadedFileConfig {
  config: FileDefinedConfig;
  /** Things worth telling the user that do not stop the proxy (a world-readable key, …). */
  warnings: string[];
  /** Environment variables the file refers to as `${NAME}`. */
  referencedVariables: ReadonlySet<string>;
}

/** Provider names are route prefixes up to the first `/`, so they cannot hold one. */
const PROVIDER_NAME = /^[A-Za-z0-9][\w.-]*$/;

/**
 * Reads a YAML (or JSON) config file into the providers, routes and policies of a Config.
 * Throws ConfigError with one line, `FILE: path.to.key: what is wrong`, for the first problem;
 * unknown keys are reported before anything else because a misspelt key is the likely cause
 * of the errors that follow it (a `base_ur:` also makes base_url missing).
 */
export function loadFileConfig(path: string, env: Environment): LoadedFileConfig {
  try {
    return readFileConfig(path, env);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${path}: ${error.message}`);
    throw error;
  }
}

/**
 * The YAML parser, loaded when a file is read: a proxy configured by its environment alone
 * never needs it (about 8 MiB resident). Loading a config is synchronous, hence a require
 * of the package's CommonJS build (the one `import` resolves to under Node) over `import()`.
 */
function loadYamlParser(): typeof ParseDocument {
  return (createRequire(import.meta.url)('yaml') as { parseDocument: typeof ParseDocument }).parseDocument;
}

function readFileConfig(path: string, env: Environment): LoadedFileConfig {
  const absolutePath = resolve(path);
  const parseDocument = loadYamlParser();
  const document = parseDocument(readText(absolutePath), { uniqueKeys: true });
  const yamlError = document.errors[0];
  if (yamlError)
    throw new ConfigError(`invalid YAML: ${yamlError.message.split('\n')[0]!.replace(/:$/, '')}`);
  const raw: unknown = document.toJS();
  if (raw === null || raw === undefined)
    throw new ConfigError('the file is empty; it needs a providers section');

  const substituted = substituteVariables(raw, env);
  const problem = substituted.problems[0];
  if (problem) throw new ConfigError(`${formatConfigPath(problem.path)}: ${problem.message}`);

  const parsed = fileConfigSchema.safeParse(substituted.value);
  if (!parsed.success) throw new ConfigError(describeIssue(parsed.error.issues, substituted.value));
  const file = parsed.data;

  const providers = readProviders(file);
  const names = providers.map((provider) => provider.name);
  const literalKeys = providers
    .filter((provider) => provider.backend.apiKey !== undefined)
    .map((provider) => formatConfigPath(['providers', provider.name, 'api_key']))
    .filter((keyPath) => !substituted.substitutedPaths.has(keyPath));
  return {
    config: {
      providers,
      routes: readRoutes(file, names),
      retry: {
        attempts: file.retry?.attempts ?? DEFAULT_RETRY.attempts,
        maxWaitMs: toMs(file.retry?.max_wait_seconds) ?? DEFAULT_RETRY.maxWaitMs,
      },
      cooldown: {
        failures: file.cooldown?.failures ?? DEFAULT_COOLDOWN.failures,
        cooldownMs: toMs(file.cooldown?.seconds) ?? DEFAULT_COOLDOWN.cooldownMs,
      },
      source: { kind: 'file', path: absolutePath },
      pricing: Object.fromEntries(
        Object.entries(file.pricing ?? {}).map(([model, price]) => [
          model,
          {
            input: price.input,
            output: price.output,
            cacheRead: price.cache_read,
            cacheWrite: price.cache_write,
          },
        ]),
      ),
    },
    warnings: warnAboutReadableKeys(path, absolutePath, literalKeys),
    referencedVariables: substituted.referenced,
  };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError('no such file');
    if (code === 'EISDIR') throw new ConfigError('is a directory, not a config file');
    throw new ConfigError(`could not be read: ${(cause as Error).message}`);
  }
}

function readProviders(file: FileConfig): ProviderConfig[] {
  const entries = Object.entries(file.providers);
  if (entries.length === 0) throw new ConfigError('providers: must name at least one provider');
  const base = mergeTimeouts(DEFAULT_TIMEOUTS, file.timeouts);
  return entries.map(([name, settings]) => {
    if (!PROVIDER_NAME.test(name)) {
      throw new ConfigError(
        `${formatConfigPath(['providers', name])}: a provider name is letters, digits, ".", "_" and "-" (no "/": routes write provider/model)`,
      );
    }
    // The schema has already refused a base_url parseBaseUrl cannot read.
    const backendUrl = parseBaseUrl(settings.base_url)!;
    return {
      name,
      backend: { ...backendUrl, apiKey: settings.api_key || undefined, isDefault: false },
      dialect: settings.dialect as DialectName | undefined,
      protocol: settings.protocol,
      authHeader: settings.auth_header,
      maxConcurrency: settings.max_concurrency,
      headers: settings.headers ?? {},
      models: settings.models ?? [],
      timeouts: mergeTimeouts(base, settings.timeouts),
      ...(settings.model_info ? { modelInfo: readModelInfo(settings.model_info) } : {}),
    };
  });
}

function readModelInfo(file: NonNullable<FileProvider['model_info']>): Record<string, ModelInfo> {
  const result: Record<string, ModelInfo> = {};
  for (const [model, info] of Object.entries(file)) {
    result[model] = {
      ...(info.context_window !== undefined ? { contextWindow: info.context_window } : {}),
      ...(info.max_output_tokens !== undefined ? { maxOutputTokens: info.max_output_tokens } : {}),
      ...(info.vision !== undefined ? { vision: info.vision } : {}),
      ...(info.tools !== undefined ? { tools: info.tools } : {}),
      ...(info.reasoning !== undefined ? { reasoning: info.reasoning } : {}),
    };
  }
  return result;
}

function readRoutes(file: FileConfig, names: readonly string[]): RouteTable {
  const routes = file.routes ?? {};
  const chain = (key: string, value: unknown): RouteChain | undefined =>
    value === undefined || value === null ? undefined : parseRouteChain(value, ['routes', key], names);
  const models: Record<string, RouteChain> = {};
  for (const [model, value] of Object.entries(routes.models ?? {})) {
    models[model] = parseRouteChain(value, ['routes', 'models', model], names);
  }
  return {
    models,
    longContext: routes.long_context
      ? {
          threshold: routes.long_context.threshold,
          chain: parseRouteChain(routes.long_context.to, ['routes', 'long_context', 'to'], names),
        }
      : undefined,
    image: chain('image', routes.image),
    thinking: chain('thinking', routes.thinking),
    families: {
      opus: chain('opus', routes.opus),
      sonnet: chain('sonnet', routes.sonnet),
      haiku: chain('haiku', routes.haiku),
    },
    default: chain('default', routes.default),
  };
}

function mergeTimeouts(base: Timeouts, file: FileTimeouts | undefined): Timeouts {
  return {
    connectMs: toMs(file?.connect) ?? base.connectMs,
    firstByteMs: toMs(file?.first_byte) ?? base.firstByteMs,
    idleMs: toMs(file?.idle) ?? base.idleMs,
  };
}

function toMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

/**
 * Group and others can read the file: a key written into it literally is readable by every
 * account on the machine. Windows has no such mode bits, so nothing is said there.
 */
function warnAboutReadableKeys(path: string, absolutePath: string, literalKeys: string[]): string[] {
  if (literalKeys.length === 0 || process.platform === 'win32') return [];
  if ((statSync(absolutePath).mode & 0o044) === 0) return [];
  return [
    `${path} is readable by other users and holds a literal api_key (${literalKeys.join(', ')}): run chmod 600 ${path}, or write the key as \${VARIABLE} and set it in the environment`,
  ];
}

/** The first issue as `path: message`, unknown keys first, a missing key as "is required". */
function describeIssue(issues: readonly z.core.$ZodIssue[], value: unknown): string {
  const issue = issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? issues[0]!;
  const where = formatConfigPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path);
    const described = issue.keys.map((key) => {
      const suggestion = suggestKey(key, known);
      return suggestion ? `"${key}" (did you mean "${suggestion}"?)` : `"${key}"`;
    });
    const noun = issue.keys.length === 1 ? 'unknown key' : 'unknown keys';
    return `${where}: ${noun} ${described.join(', ')}; known keys are ${known.join(', ')}`;
  }
  if (issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined)
    return `${where}: is required`;
  return `${where}: ${issue.message}`;
}

function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  const [first, , third] = path;
  if (path.length === 0) return KNOWN_KEYS.top;
  if (first === 'providers' && path.length === 2) return KNOWN_KEYS.provider;
  if (first === 'providers' && third === 'timeouts') return KNOWN_KEYS.timeouts;
  if (first === 'providers' && third === 'model_info') return KNOWN_KEYS.modelInfo;
  if (first === 'routes' && path.length === 1) return KNOWN_KEYS.routes;
  if (first === 'routes') return KNOWN_KEYS.longContext;
  if (first === 'retry') return KNOWN_KEYS.retry;
  if (first === 'cooldown') return KNOWN_KEYS.cooldown;
  if (first === 'pricing') return KNOWN_KEYS.pricing;
  return KNOWN_KEYS.timeouts;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
