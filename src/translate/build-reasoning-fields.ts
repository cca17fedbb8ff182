import type { Dialect, Effort, ReasoningSupport } from '../dialects/dialect.js';
import { EFFORT_LEVELS } from '../dialects/dialect.js';
import type { OpenAIChatRequest } from '../wire/openai.js';
import { assertNever } from './convert-user-content.js';
import type { ThinkingIntent } from './read-thinking-intent.js';

export type ReasoningFields = Pick<
  OpenAIChatRequest,
  | 'reasoning_effort'
  | 'thinking'
  | 'enable_thinking'
  | 'thinking_budget'
  | 'chat_template_kwargs'
  | 'reasoning'
>;

/**
 * The body fields that ask a backend to think, or not to, in its own terms. Exactly one
 * mechanism per dialect, so a backend never gets contradictory switches. An unspecified
 * intent sends nothing and leaves the backend's default alone.
 */
export function buildReasoningFields(
  intent: ThinkingIntent,
  dialect: Dialect,
  model: string,
): ReasoningFields {
  const support = dialect.reasoning;
  if (intent.kind === 'unspecified') return {};
  if (support.models && !support.models.test(model)) return {};
  const on = intent.kind === 'on';
  const effort = on ? clampEffort(intent.effort, support) : undefined;
  switch (support.request) {
    case 'none':
      return {};
    case 'reasoning-effort':
      return effort ? { reasoning_effort: effort } : {};
    case 'thinking-type-and-effort':
      return on
        ? { thinking: { type: 'enabled' }, ...(effort ? { reasoning_effort: effort } : {}) }
        : { thinking: { type: 'disabled' } };
    case 'thinking-type':
      return { thinking: { type: on ? 'enabled' : 'disabled' } };
    case 'enable-thinking':
      return on && intent.budgetTokens !== undefined
        ? { enable_thinking: true, thinking_budget: intent.budgetTokens }
        : { enable_thinking: on };
    case 'chat-template-kwargs':
      // Qwen3 and GLM templates read enable_thinking, DeepSeek's reads thinking; each ignores the other.
      return {
        chat_template_kwargs: { enable_thinking: on, thinking: on },
        ...(effort ? { reasoning_effort: effort } : {}),
      };
    case 'reasoning-object':
      if (!on) return { reasoning: { enabled: false } };
      return intent.budgetTokens !== undefined
        ? { reasoning: { max_tokens: intent.budgetTokens } }
        : { reasoning: { effort: effort ?? intent.effort } };
    default:
      return assertNever(support.request);
  }
}

/**
 * The nearest effort the backend takes: the same level, else the next one up (DeepSeek has
 * `max` but no `xhigh`), else its highest. Undefined when the backend takes no effort levels.
 */
export function clampEffort(effort: Effort, support: ReasoningSupport): Effort | undefined {
  if (support.efforts.length === 0) return undefined;
  if (support.efforts.includes(effort)) return effort;
  const rank = EFFORT_LEVELS.indexOf(effort);
  const above = support.efforts.find((level) => EFFORT_LEVELS.indexOf(level) > rank);
  return above ?? support.efforts.at(-1);
}
