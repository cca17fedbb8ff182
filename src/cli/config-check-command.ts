import type { Config, ProviderConfig, RouteChain } from '../config/config.js';
import { ConfigError, type LoadedConfig, loadConfigWithWarnings } from '../config/load-config.js';
import { renderTarget } from '../config/render-config-yaml.js';
import { describeDialectReason } from '../dialects/describe-dialect-reason.js';
import { selectDialect } from '../dialects/select-dialect.js';
import { selectAnthropicEndpoint } from '../providers/anthropic/anthropic-endpoints.js';
import { selectProtocol } from '../providers/select-protocol.js';
import { NAME } from '../version.js';
import type { ConfigCommandIo } from './config-command-io.js';
import { renderTable } from './render-table.js';

/**
 * `infiniproxy config check [FILE]`: validates FILE (or the configuration in effect) and shows
 * what it resolves to — each provider with the dialect it will be spoken to in and why, and
 * the routes in the order they are tried. Exit status 0 when valid, 1 with the one-line error.
 */
export function runConfigCheck(file: string | undefined, io: ConfigCommandIo): number {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfigWithWarnings(io.env, io.envFile, { configPath: file ?? io.configPath });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${NAME}: ${error.message}\n`);
    return 1;
  }
  for (const warning of loaded.warnings) io.stderr.write(`${NAME}: warning: ${warning}\n`);
  io.stdout.write(renderCheckReport(loaded.config));
  return 0;
}

function renderCheckReport(config: Config): string {
  const source =
    config.source.kind === 'file'
      ? `${config.source.path} is valid.`
      : 'No config file in use; the environment configuration is valid.';
  const providers = [
    ['NAME', 'URL', 'PROTOCOL', 'DIALECT', 'CHOSEN BY', 'API KEY'],
    ...config.providers.map((provider) => describeProvider(provider, config)),
  ];
  const { retry, cooldown } = config;
  return [
    source,
    '',
    'Providers:',
    renderTable(providers),
    '',
    'Routes, in the order they are tried (a client model written provider/model goes to that provider):',
    renderTable([['ROUTE', 'CHAIN (first preferred, then fallbacks)'], ...describeRoutes(config)]),
    '',
    `Retry: ${retry.attempts} attempt${retry.attempts === 1 ? '' : 's'} per chain entry, waits of at most ${retry.maxWaitMs / 1000} s. ` +
      `Cooldown: ${cooldown.failures} failures in a row rest a provider for ${cooldown.cooldownMs / 1000} s.`,
    '',
  ].join('\n');
}

function describeProvider(provider: ProviderConfig, config: Config): string[] {
  const fromFile = config.source.kind === 'file';
  const { protocol, reason: protocolReason } = selectProtocol(provider.backend, provider.protocol);
  const { dialect, reason } = selectDialect(provider.backend.displayUrl, provider.dialect);
  // An Anthropic-compatible endpoint is not spoken to in a dialect; its entry is chosen by host.
  const anthropic = protocol === 'anthropic';
  const dialectChosenBy = anthropic
    ? 'endpoint by host'
    : reason === 'configured' && fromFile
      ? `set by providers.${provider.name}.dialect`
      : describeDialectReason(reason);
  const protocolChosenBy =
    protocolReason === 'default'
      ? undefined
      : protocolReason === 'configured'
        ? fromFile
          ? `protocol set by providers.${provider.name}.protocol`
          : 'protocol set by OPENAI_PROTOCOL'
        : `protocol ${protocolReason}`;
  return [
    provider.name,
    provider.backend.displayUrl,
    protocol,
    anthropic ? selectAnthropicEndpoint(provider.backend.displayUrl).label : dialect.label,
    protocolChosenBy ? `${dialectChosenBy}; ${protocolChosenBy}` : dialectChosenBy,
    provider.backend.apiKey ? 'set' : 'not set',
  ];
}

function describeRoutes(config: Config): string[][] {
  const { routes } = config;
  return [
    ...Object.entries(routes.models).map(([name, chain]) => [`models: ${name}`, describeChain(chain)]),
    [
      routes.longContext ? `long_context (over ${routes.longContext.threshold} tokens)` : 'long_context',
      describeChain(routes.longContext?.chain),
    ],
    ['image', describeChain(routes.image)],
    ['thinking', describeChain(routes.thinking)],
    ['opus', describeChain(routes.families.opus)],
    ['sonnet', describeChain(routes.families.sonnet)],
    ['haiku', describeChain(routes.families.haiku)],
    ['default', describeChain(routes.default)],
  ];
}

function describeChain(chain: RouteChain | undefined): string {
  if (!chain) return '-';
  return chain
    .map((target) =>
      target.model === undefined ? `${renderTarget(target)} (the client's model name)` : renderTarget(target),
    )
    .join(' → ');
}
