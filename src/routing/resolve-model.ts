import type { ClaudeFamily, Config } from '../config/config.js';
import { InvalidRequestError } from '../errors.js';

export interface ResolvedModel {
  /** What the client asked for; responses echo it. */
  clientModel: string;
  /** What the backend is asked for. */
  backendModel: string;
}

export type ModelMapping = Pick<Config, 'model' | 'familyModels'>;

/** The variable that sets each family's backend model, for error messages and docs. */
export const FAMILY_VARIABLES: Readonly<Record<ClaudeFamily, string>> = {
  opus: 'BIG_MODEL',
  sonnet: 'MIDDLE_MODEL',
  haiku: 'SMALL_MODEL',
};

/** Bare family names some clients send as shorthand; Claude Code expands them itself. */
const FAMILY_ALIASES: ReadonlySet<string> = new Set<ClaudeFamily>(['opus', 'sonnet', 'haiku']);

const CLAUDE_NAME = /^claude(?:[-_.]|$)/i;
const FAMILY_IN_NAME = /(?:^|[-_.])(opus|sonnet|haiku)(?=$|[-_.\d])/i;

/**
 * Claude model names go to the backend model configured for their family (BIG_MODEL for
 * opus, MIDDLE_MODEL for sonnet, SMALL_MODEL for haiku), else to OPENAI_MODEL. Any other
 * name passes through, so a client can pick a backend model directly (`--model deepseek-chat`).
 */
export function resolveModel(mapping: ModelMapping, clientModel: string): ResolvedModel {
  const backendModel = findBackendModel(mapping, clientModel);
  if (backendModel !== undefined) return { clientModel, backendModel };
  const family = readClaudeFamily(clientModel);
  const alternative = family ? ` (or ${FAMILY_VARIABLES[family]} for ${family} models)` : '';
  throw new InvalidRequestError(
    `No backend model is configured for "${clientModel}": set OPENAI_MODEL${alternative} to a model your backend serves`,
  );
}

/** The backend model for a client model name, or undefined when it is a Claude name and nothing is configured for it. */
export function findBackendModel(mapping: ModelMapping, clientModel: string): string | undefined {
  if (!isClaudeModel(clientModel)) return clientModel;
  const family = readClaudeFamily(clientModel);
  return (family && mapping.familyModels[family]) || mapping.model;
}

/**
 * True for Anthropic API model names (`claude-…`) and the bare family aliases. OpenRouter's
 * `anthropic/claude-…` ids are backend model names and pass through.
 */
export function isClaudeModel(model: string): boolean {
  return CLAUDE_NAME.test(model) || FAMILY_ALIASES.has(model.toLowerCase());
}

/** The family a Claude name belongs to: `claude-3-5-haiku-20241022` and `claude-haiku-4-5` are both haiku. */
export function readClaudeFamily(model: string): ClaudeFamily | undefined {
  const match = FAMILY_IN_NAME.exec(model);
  return match ? (match[1]!.toLowerCase() as ClaudeFamily) : undefined;
}
