import type { ClaudeFamily } from '../config/config.js';

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
