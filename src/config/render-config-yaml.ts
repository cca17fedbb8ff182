import { stringify } from 'yaml';
import type { Config, ProviderConfig, RouteChain, RouteTarget, Timeouts } from './config.js';
import { detectProtocol } from './detect-protocol.js';
import { REDACTED_PLACEHOLDER } from './file-config-schema.js';
import { DEFAULT_TIMEOUTS, type Environment } from './load-config.js';

const CHAT_COMPLETIONS_SUFFIX = '/chat/completions';

/** Header names whose values are credentials, redacted like api_key. */
const SECRET_HEADER = /authorization|cookie|key|token|secret/i;

/** Shorter values ("1", "true") would match inside unrelated secrets. */
const MIN_SECRET_LENGTH = 4;

/**
 * The configuration in effect as a config file, for `config print`: a user starts from
 * environment variables and moves to a file by saving this. Secrets never appear. A key that
 * an environment variable holds is written as a `${NAME}` reference to it (OPENAI_API_KEY
 * for an environment-only set-up), so the printed file loads back as it is; a key no variable
 * holds becomes "[redacted]", which the loader refuses with a message saying to fill it in.
 */
export function renderConfigYaml(config: Config, env: Environment): string {
  const timeouts = sharedTimeouts(config.providers);
  const document = {
    providers: Object.fromEntries(
      config.providers.map((provider) => [provider.name, renderProvider(provider, timeouts, env)]),
    ),
    ...optional('routes', renderRoutes(config)),
    retry: {
      attempts: config.retry.attempts,
      max_wait_seconds: toSeconds(config.retry.maxWaitMs),
    },
    cooldown: {
      failures: config.cooldown.failures,
      seconds: toSeconds(config.cooldown.cooldownMs),
    },
    timeouts: renderTimeouts(timeouts),
    ...optional('pricing', renderPricing(config.pricing)),
  };
  const origin =
    config.source.kind === 'file'
      ? `the config file ${config.source.path}`
      : 'environment variables (OPENAI_BASE_URL, OPENAI_MODEL, …)';
  const header = [
    `# infiniproxy configuration, printed from ${origin}.`,
    '# Server settings (PROXY_HOST, PROXY_PORT, PROXY_API_KEY, …) stay in the environment.',
    '',
  ].join('\n');
  return `${header}${stringify(document, { lineWidth: 0 })}`;
}

function renderProvider(
  provider: ProviderConfig,
  shared: Timeouts,
  env: Environment,
): Record<string, unknown> {
  const { backend } = provider;
  const search = backend.chatCompletionsPath.slice(backend.basePath.length + CHAT_COMPLETIONS_SUFFIX.length);
  const overrides = differingTimeouts(provider.timeouts, shared);
  const headers = Object.entries(provider.headers).map(([name, value]) => [
    name,
    SECRET_HEADER.test(name) ? referenceFor(value, env) : value,
  ]);
  return {
    base_url: `${backend.origin}${backend.basePath}${search}`,
    ...optional('api_key', backend.apiKey === undefined ? undefined : referenceFor(backend.apiKey, env)),
    ...optional('dialect', provider.dialect),
    // A detected protocol is written too: the printed file then says what the URL implied.
    ...optional('protocol', provider.protocol ?? nonDefault(detectProtocol(backend))),
    ...optional('auth_header', provider.authHeader),
    ...optional('max_concurrency', provider.maxConcurrency),
    ...optional('headers', headers.length > 0 ? Object.fromEntries(headers) : undefined),
    ...optional('models', provider.models.length > 0 ? [...provider.models] : undefined),
    ...optional('timeouts', Object.keys(overrides).length > 0 ? overrides : undefined),
    ...optional('model_info', renderModelInfo(provider.modelInfo)),
  };
}

/** `model_info` in the file's own words; a provider without any has no key at all. */
function renderModelInfo(modelInfo: ProviderConfig['modelInfo']): Record<string, unknown> | undefined {
  const entries = Object.entries(modelInfo ?? {});
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([model, info]) => [
      model,
      {
        ...optional('context_window', info.contextWindow),
        ...optional('max_output_tokens', info.maxOutputTokens),
        ...optional('vision', info.vision),
        ...optional('tools', info.tools),
        ...optional('reasoning', info.reasoning),
      },
    ]),
  );
}

/** `pricing` in the file's own words (USD per million tokens); absent when the file set none. */
function renderPricing(pricing: Config['pricing']): Record<string, unknown> | undefined {
  const entries = Object.entries(pricing);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([model, price]) => [
      model,
      {
        input: price.input,
        output: price.output,
        ...optional('cache_read', price.cacheRead),
        ...optional('cache_write', price.cacheWrite),
      },
    ]),
  );
}

function renderRoutes(config: Config): Record<string, unknown> | undefined {
  const { routes } = config;
  const models = Object.entries(routes.models).map(([name, chain]) => [name, renderChain(chain)]);
  const rendered = {
    ...optional('default', routes.default && renderChain(routes.default)),
    ...optional('opus', routes.families.opus && renderChain(routes.families.opus)),
    ...optional('sonnet', routes.families.sonnet && renderChain(routes.families.sonnet)),
    ...optional('haiku', routes.families.haiku && renderChain(routes.families.haiku)),
    ...optional('thinking', routes.thinking && renderChain(routes.thinking)),
    ...optional(
      'long_context',
      routes.longContext && {
        threshold: routes.longContext.threshold,
        to: renderChain(routes.longContext.chain),
      },
    ),
    ...optional('image', routes.image && renderChain(routes.image)),
    ...optional('models', models.length > 0 ? Object.fromEntries(models) : undefined),
  };
  return Object.keys(rendered).length > 0 ? rendered : undefined;
}

/** One entry as a plain string, a fallback chain as a list: the shorter form the loader reads back. */
function renderChain(chain: RouteChain): string | string[] {
  const entries = chain.map(renderTarget);
  return entries.length === 1 ? entries[0]! : entries;
}

/** A target without a model passes the client's model through; the loader reads a bare provider name so. */
export function renderTarget(target: RouteTarget): string {
  return target.model === undefined ? target.provider : `${target.provider}/${target.model}`;
}

/**
 * The secret written with `${NAME}` in place of the environment variable that holds it
 * (`Bearer ${ROUTER_TOKEN}` for a header), preferring the variable an environment-only set-up
 * reads; when no variable holds it, the placeholder. The value itself is never written.
 */
function referenceFor(secret: string, env: Environment): string {
  const holders = Object.keys(env)
    .filter((name) => (env[name]?.length ?? 0) >= MIN_SECRET_LENGTH && secret.includes(env[name]!))
    .sort(
      (a, b) =>
        Number(b === 'OPENAI_API_KEY') - Number(a === 'OPENAI_API_KEY') ||
        env[b]!.length - env[a]!.length ||
        a.localeCompare(b),
    );
  const holder = holders[0];
  return holder === undefined ? REDACTED_PLACEHOLDER : secret.split(env[holder]!).join(`\${${holder}}`);
}

/** Per key, the value every provider shares (written once at the top), else the default. */
function sharedTimeouts(providers: readonly ProviderConfig[]): Timeouts {
  const shared = (key: keyof Timeouts): number => {
    const values = new Set(providers.map((provider) => provider.timeouts[key]));
    return values.size === 1 ? [...values][0]! : DEFAULT_TIMEOUTS[key];
  };
  return { connectMs: shared('connectMs'), firstByteMs: shared('firstByteMs'), idleMs: shared('idleMs') };
}

function differingTimeouts(timeouts: Timeouts, shared: Timeouts): Record<string, number> {
  const rendered = renderTimeouts(timeouts);
  const base = renderTimeouts(shared);
  return Object.fromEntries(
    Object.entries(rendered).filter(([key, value]) => base[key as keyof typeof base] !== value),
  );
}

function renderTimeouts(timeouts: Timeouts) {
  return {
    connect: toSeconds(timeouts.connectMs),
    first_byte: toSeconds(timeouts.firstByteMs),
    idle: toSeconds(timeouts.idleMs),
  };
}

function toSeconds(ms: number): number {
  return ms / 1000;
}

function nonDefault<Value extends string>(value: Value): Value | undefined {
  return value === 'chat' ? undefined : value;
}

/** `{ key: value }` when there is a value, `{}` otherwise, so absent settings leave no `key: null`. */
function optional<Value>(key: string, value: Value | undefined): Record<string, Value> {
  return value === undefined ? {} : { [key]: value };
}
