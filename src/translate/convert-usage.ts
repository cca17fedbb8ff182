import type { AnthropicDeltaUsage, AnthropicUsage } from '../wire/anthropic-response.js';
import type { OpenAIUsage } from '../wire/openai.js';

/** Token counts in Anthropic's terms: input excludes cached tokens. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  thinkingTokens: number;
}

export const ZERO_USAGE: TokenUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadInputTokens: 0,
  cacheCreationInputTokens: 0,
  thinkingTokens: 0,
});

/**
 * The one place OpenAI usage becomes Anthropic usage. OpenAI's prompt_tokens include
 * cached tokens; Anthropic's input_tokens exclude them, and clients add the cache fields
 * back, so counting them twice would inflate every cost and context estimate.
 */
export function convertUsage(usage: OpenAIUsage | null | undefined): TokenUsage {
  if (!usage) return { ...ZERO_USAGE };
  const promptTokens = count(usage.prompt_tokens);
  const details = usage.prompt_tokens_details;
  const cacheRead = count(details?.cached_tokens ?? usage.prompt_cache_hit_tokens);
  const cacheWrite = count(details?.cache_write_tokens);
  const input =
    usage.prompt_cache_miss_tokens != null
      ? count(usage.prompt_cache_miss_tokens)
      : Math.max(0, promptTokens - cacheRead - cacheWrite);
  const completionTokens = count(usage.completion_tokens);
  const thinkingTokens = count(usage.completion_tokens_details?.reasoning_tokens);
  return {
    inputTokens: input,
    outputTokens: excludesReasoning(usage, promptTokens, completionTokens, thinkingTokens)
      ? completionTokens + thinkingTokens
      : completionTokens,
    cacheReadInputTokens: cacheRead,
    cacheCreationInputTokens: cacheWrite,
    thinkingTokens,
  };
}

/**
 * OpenAI counts reasoning inside completion_tokens; Gemini's endpoint counts it beside them
 * (total = prompt + completion + reasoning). Anthropic's output_tokens include thinking, so
 * the reasoning is added back when the total shows it was left out.
 */
function excludesReasoning(
  usage: OpenAIUsage,
  promptTokens: number,
  completionTokens: number,
  thinkingTokens: number,
): boolean {
  return thinkingTokens > 0 && count(usage.total_tokens) === promptTokens + completionTokens + thinkingTokens;
}

/**
 * A message's (and message_start's) usage with the keys the API writes: the cache split by
 * lifetime always (the proxy's cache writes count as the default 5-minute kind), thinking
 * tokens only when there were some, and nothing for server tools, geography or speed,
 * which the API leaves out when they do not apply.
 */
export function toAnthropicUsage(usage: TokenUsage): AnthropicUsage {
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheCreationInputTokens,
    cache_read_input_tokens: usage.cacheReadInputTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cacheCreationInputTokens,
      ephemeral_1h_input_tokens: 0,
    },
    output_tokens: usage.outputTokens,
    ...(usage.thinkingTokens > 0 ? { output_tokens_details: { thinking_tokens: usage.thinkingTokens } } : {}),
    service_tier: 'standard',
  };
}

/** message_delta usage is cumulative, and the SDK assigns output_tokens unconditionally, so it is always set. */
export function toDeltaUsage(usage: TokenUsage): AnthropicDeltaUsage {
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheCreationInputTokens,
    cache_read_input_tokens: usage.cacheReadInputTokens,
    output_tokens: usage.outputTokens,
    ...(usage.thinkingTokens > 0 ? { output_tokens_details: { thinking_tokens: usage.thinkingTokens } } : {}),
  };
}

function count(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
