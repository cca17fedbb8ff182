import { EFFORT_LEVELS, type Effort } from '../dialects/dialect.js';
import type { AnthropicRequest } from '../wire/anthropic-request-schema.js';

/**
 * What the client asked for about thinking, independent of any backend:
 * `unspecified` (no `thinking` field: send nothing), `off`, or `on` with an effort and,
 * for the older `enabled` form, the token budget it named.
 */
export type ThinkingIntent =
  | { kind: 'unspecified' }
  | { kind: 'off' }
  | { kind: 'on'; effort: Effort; budgetTokens: number | undefined; omitText: boolean };

/** Budgets map onto effort buckets: up to 4K is low, up to 16K medium, more is high. */
const LOW_BUDGET_LIMIT = 4_096;
const MEDIUM_BUDGET_LIMIT = 16_384;

/** Adaptive thinking without an explicit effort runs at Anthropic's default effort, high. */
const DEFAULT_EFFORT: Effort = 'high';

export function readThinkingIntent(
  request: Pick<AnthropicRequest, 'thinking' | 'output_config'>,
): ThinkingIntent {
  const thinking = request.thinking;
  if (!thinking) return { kind: 'unspecified' };
  const requestedEffort = toEffort(request.output_config?.effort);
  const omitText = thinking.type !== 'disabled' && thinking.display === 'omitted';
  switch (thinking.type) {
    case 'disabled':
      return { kind: 'off' };
    case 'adaptive':
      return { kind: 'on', effort: requestedEffort ?? DEFAULT_EFFORT, budgetTokens: undefined, omitText };
    case 'enabled':
      return {
        kind: 'on',
        effort: requestedEffort ?? effortForBudget(thinking.budget_tokens),
        budgetTokens: thinking.budget_tokens,
        omitText,
      };
  }
}

export function effortForBudget(budgetTokens: number): Effort {
  if (budgetTokens <= LOW_BUDGET_LIMIT) return 'low';
  if (budgetTokens <= MEDIUM_BUDGET_LIMIT) return 'medium';
  return 'high';
}

function toEffort(value: string | undefined): Effort | undefined {
  return EFFORT_LEVELS.find((level) => level === value);
}
