import type { ClaudeFamily, Config } from '../config/config.js';
import { InvalidRequestError } from '../errors.js';
import { isClaudeModel } from '../routing/claude-model-names.js';
import { readRequestTraits } from '../routing/read-request-traits.js';
import { type ResolvedTarget, selectRoute } from '../routing/select-route.js';
import type { PlainModelFacts } from './model-facts.js';

/**
 * The Claude ids Claude Code 2.1.197 asks for when no variable pins a family. Pinning the
 * same id keeps the requests as they were (routes still match by family) while the picker
 * can show the backend model's name.
 */
export const CLAUDE_CODE_FAMILY_IDS: Readonly<Record<ClaudeFamily, string>> = {
  opus: 'claude-opus-4-8',
  sonnet: 'claude-sonnet-4-6',
  haiku: 'claude-haiku-4-5',
};

const FAMILIES: readonly ClaudeFamily[] = ['opus', 'sonnet', 'haiku'];

export interface ClaudeCodeEnvironmentInput {
  config: Pick<Config, 'routes' | 'providers' | 'source' | 'maxOutputTokens'>;
  /** The facts of one backend model, as the proxy knows them now. */
  factsOf(provider: string, model: string): PlainModelFacts;
  /** The environment Claude Code would inherit: a variable set there is never replaced. */
  env: Readonly<Record<string, string | undefined>>;
  /** Claude Code's own arguments, for `--model`. */
  claudeArgs: readonly string[];
}

export interface ClaudeCodeEnvironment {
  /** The variables to set, in a stable order. */
  variables: Record<string, string>;
  /** Variables left as the user set them, though the facts would have set them. */
  kept: string[];
}

/**
 * What Claude Code should believe about the models behind the proxy. Each family it picks
 * from (opus, sonnet, haiku) is pinned to the Claude id it already uses and shown with the
 * name of the backend model its route serves. Compaction follows the main model's route:
 * CLAUDE_CODE_AUTO_COMPACT_WINDOW is the smallest known window of that route's chain (any
 * of them may serve a turn), CLAUDE_CODE_MAX_OUTPUT_TOKENS the first model's output limit.
 */
export function buildClaudeCodeEnvironment(input: ClaudeCodeEnvironmentInput): ClaudeCodeEnvironment {
  const { config, env } = input;
  const wanted: Record<string, string> = {};
  const familyIds: Record<string, string> = {};
  for (const family of FAMILIES) {
    const variable = `ANTHROPIC_DEFAULT_${family.toUpperCase()}_MODEL`;
    const id = nonEmpty(env[variable]) ?? CLAUDE_CODE_FAMILY_IDS[family];
    familyIds[family] = id;
    const target = routeTargets(config, id)[0];
    if (!target) continue;
    const facts = input.factsOf(target.provider, target.model);
    wanted[variable] = id;
    wanted[`${variable}_NAME`] = target.model;
    wanted[`${variable}_DESCRIPTION`] = describeTarget(target, facts);
  }

  const mainModel = readMainModel(input.claudeArgs, env, familyIds);
  const chain = routeTargets(config, mainModel);
  const windows = chain
    .map((target) => input.factsOf(target.provider, target.model).contextWindow)
    .filter((window): window is number => window !== undefined);
  if (windows.length > 0) wanted.CLAUDE_CODE_AUTO_COMPACT_WINDOW = String(Math.min(...windows));
  const first = chain[0];
  const output = first && input.factsOf(first.provider, first.model).maxOutputTokens;
  const cappedOutput =
    output === undefined ? config.maxOutputTokens : Math.min(output, config.maxOutputTokens ?? output);
  if (cappedOutput !== undefined) wanted.CLAUDE_CODE_MAX_OUTPUT_TOKENS = String(cappedOutput);

  const variables: Record<string, string> = {};
  const kept: string[] = [];
  for (const [name, value] of Object.entries(wanted)) {
    if (nonEmpty(env[name]) === undefined) variables[name] = value;
    else if (env[name] !== value) kept.push(name);
  }
  return { variables, kept };
}

/** The chain a model name is routed to, or none when no route serves it. */
function routeTargets(config: ClaudeCodeEnvironmentInput['config'], model: string): ResolvedTarget[] {
  try {
    const traits = readRequestTraits({ model, messages: [] });
    return selectRoute(config, { traits, countInputTokens: () => 0 }).targets;
  } catch (error) {
    if (error instanceof InvalidRequestError) return [];
    throw error;
  }
}

/**
 * `--model X` (or `--model=X`), else ANTHROPIC_MODEL, else opus, Claude Code's default. A
 * family alias (`sonnet`, `opus[1m]`) stands for that family's pinned id.
 */
function readMainModel(
  args: readonly string[],
  env: ClaudeCodeEnvironmentInput['env'],
  familyIds: Readonly<Record<string, string>>,
): string {
  let chosen: string | undefined;
  args.forEach((arg, index) => {
    if (arg === '--model') chosen = args[index + 1] ?? chosen;
    else if (arg.startsWith('--model=')) chosen = arg.slice('--model='.length);
  });
  const model = nonEmpty(chosen) ?? nonEmpty(env.ANTHROPIC_MODEL) ?? 'opus';
  const alias = model.replace(/\[1m\]$/i, '').toLowerCase();
  const pinned = familyIds[alias];
  if (pinned !== undefined) return pinned;
  // `default` and `opusplan` start on opus too.
  if (!isClaudeModel(model) && (alias === 'default' || alias === 'opusplan')) return familyIds.opus!;
  return model;
}

/** "deepseek-v4-pro on deepseek: 1048576-token context, 393216-token output, reasoning". */
function describeTarget(target: ResolvedTarget, facts: PlainModelFacts): string {
  const details = [
    facts.contextWindow !== undefined ? `${facts.contextWindow}-token context` : undefined,
    facts.maxOutputTokens !== undefined ? `${facts.maxOutputTokens}-token output` : undefined,
    facts.vision === false ? 'no images' : facts.vision ? 'images' : undefined,
    facts.reasoning ? 'reasoning' : undefined,
  ].filter((detail): detail is string => detail !== undefined);
  const where = `${target.model} on ${target.provider} via infiniproxy`;
  return details.length > 0 ? `${where}: ${details.join(', ')}` : where;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
