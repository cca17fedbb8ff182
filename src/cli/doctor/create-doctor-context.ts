import type { Config, ProviderConfig } from '../../config/config.js';
import type { Dialect } from '../../dialects/dialect.js';
import { type DialectSelection, selectDialect } from '../../dialects/select-dialect.js';
import { createUpstreamClient, type UpstreamClient } from '../../upstream/create-upstream-client.js';
import { createDoctorFindings, type DoctorFindings } from './doctor-findings.js';

export interface DoctorContext {
  config: Config;
  /** The provider this run probes. */
  provider: ProviderConfig;
  dialect: Dialect;
  dialectReason: DialectSelection['reason'];
  /** The backend model the probes ask for; may be filled in from the model list. */
  model: string | undefined;
  modelSource: string;
  /** The proxy's own client for this provider: the doctor sends exactly what the proxy sends. */
  upstream: UpstreamClient;
  /** Longest a single backend call may take. */
  probeTimeoutMs: number;
  /** Aborts when the whole run has taken too long. */
  runSignal: AbortSignal;
  findings: DoctorFindings;
}

export interface DoctorContextOptions {
  modelOverride: string | undefined;
  probeTimeoutMs: number;
  runSignal: AbortSignal;
}

export function createDoctorContext(
  config: Config,
  provider: ProviderConfig,
  options: DoctorContextOptions,
): DoctorContext {
  const { dialect, reason } = selectDialect(provider.backend.displayUrl, provider.dialect);
  const { model, modelSource } = chooseModel(config, provider, options.modelOverride);
  const waits = { connectMs: Math.min(provider.timeouts.connectMs, options.probeTimeoutMs) };
  return {
    config,
    provider,
    dialect,
    dialectReason: reason,
    model,
    modelSource,
    upstream: createUpstreamClient(
      { ...provider, timeouts: { ...provider.timeouts, ...waits } },
      'infiniproxy-doctor',
    ),
    probeTimeoutMs: options.probeTimeoutMs,
    runSignal: options.runSignal,
    findings: createDoctorFindings(),
  };
}

/**
 * The model Claude Code's main requests would reach on this provider: --model, else the
 * first model a route sends to it (default first, then the families), else the first it lists.
 */
function chooseModel(
  config: Config,
  provider: ProviderConfig,
  override: string | undefined,
): { model: string | undefined; modelSource: string } {
  if (override) return { model: override, modelSource: '--model' };
  const env = config.source.kind === 'env';
  const { routes } = config;
  const candidates: Array<
    [string, string, readonly { provider: string; model: string | undefined }[] | undefined]
  > = [
    ['default', 'OPENAI_MODEL', routes.default],
    ['sonnet', 'MIDDLE_MODEL', routes.families.sonnet],
    ['opus', 'BIG_MODEL', routes.families.opus],
    ['haiku', 'SMALL_MODEL', routes.families.haiku],
    ['thinking', '', routes.thinking],
    ['long_context', '', routes.longContext?.chain],
    ['image', '', routes.image],
    ...Object.entries(routes.models).map(
      ([name, chain]) => [`models.${name}`, '', chain] as [string, string, typeof chain],
    ),
  ];
  for (const [route, variable, chain] of candidates) {
    const entry = chain?.find(
      (candidate) => candidate.provider === provider.name && candidate.model !== undefined,
    );
    if (entry?.model)
      return { model: entry.model, modelSource: env && variable ? variable : `routes.${route}` };
  }
  const listed = provider.models[0];
  if (listed) return { model: listed, modelSource: `providers.${provider.name}.models` };
  return { model: undefined, modelSource: 'not configured' };
}
