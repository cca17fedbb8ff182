import { Pool } from 'undici';
import type { Config } from '../../config/config.js';
import type { Dialect } from '../../dialects/dialect.js';
import { type DialectSelection, selectDialect } from '../../dialects/select-dialect.js';
import { createDoctorFindings, type DoctorFindings } from './doctor-findings.js';

export interface DoctorContext {
  config: Config;
  dialect: Dialect;
  dialectReason: DialectSelection['reason'];
  /** The backend model the probes ask for; may be filled in from the model list. */
  model: string | undefined;
  modelSource: string;
  /** A pool of its own for this run, closed when the run ends. */
  pool: Pool;
  headers: Record<string, string>;
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

export function createDoctorContext(config: Config, options: DoctorContextOptions): DoctorContext {
  const { dialect, reason } = selectDialect(config.backend.displayUrl, config.provider);
  const { model, modelSource } = chooseModel(config, options.modelOverride);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'user-agent': 'infiniproxy-doctor',
  };
  if (config.backend.apiKey) headers.authorization = `Bearer ${config.backend.apiKey}`;
  return {
    config,
    dialect,
    dialectReason: reason,
    model,
    modelSource,
    pool: new Pool(config.backend.origin, {
      connections: 4,
      headersTimeout: options.probeTimeoutMs,
      bodyTimeout: options.probeTimeoutMs,
      connect: { timeout: options.probeTimeoutMs },
    }),
    headers,
    probeTimeoutMs: options.probeTimeoutMs,
    runSignal: options.runSignal,
    findings: createDoctorFindings(),
  };
}

/** The model Claude Code's main requests would reach: --model, else OPENAI_MODEL, else a family model. */
function chooseModel(
  config: Config,
  override: string | undefined,
): { model: string | undefined; modelSource: string } {
  if (override) return { model: override, modelSource: '--model' };
  if (config.model) return { model: config.model, modelSource: 'OPENAI_MODEL' };
  const family = config.familyModels;
  if (family.sonnet) return { model: family.sonnet, modelSource: 'MIDDLE_MODEL' };
  if (family.opus) return { model: family.opus, modelSource: 'BIG_MODEL' };
  if (family.haiku) return { model: family.haiku, modelSource: 'SMALL_MODEL' };
  return { model: undefined, modelSource: 'not configured' };
}
