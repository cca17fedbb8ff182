import type { Dialect } from '../dialects/dialect.js';
import type { AnthropicRequest } from '../wire/anthropic-request-schema.js';
import type { OpenAIChatRequest } from '../wire/openai.js';
import { buildReasoningFields } from './build-reasoning-fields.js';
import { clampMaxTokens } from './clamp-max-tokens.js';
import { type ConvertMessagesOptions, convertMessages } from './convert-messages.js';
import { createToolNameMap, type ToolNameMap } from './create-tool-name-map.js';
import { estimateInputTokens } from './estimate-input-tokens.js';
import { hashUserId } from './hash-user-id.js';
import { keepAllowedFields } from './keep-allowed-fields.js';
import { prepareTools } from './prepare-tools.js';
import { readThinkingIntent, type ThinkingIntent } from './read-thinking-intent.js';

export interface ConvertRequestOptions {
  /** The backend model the request is routed to. */
  model: string;
  dialect: Dialect;
  /** The client asked for an SSE stream. */
  stream: boolean;
  /** MAX_OUTPUT_TOKENS: the operator's cap on max_tokens, below any model's own. */
  maxOutputTokens?: number | undefined;
  /** Looks up the reasoning behind a tool call when the client's history no longer has it. */
  recallReasoning?: ConvertMessagesOptions['recallReasoning'];
  /** `provider/model` the request goes to, see carry-reasoning-state.ts. */
  reasoningOrigin?: string | undefined;
  /** What is known of the model (see src/models/): its limits and whether it sees images. */
  modelFacts?: KnownModelFacts | undefined;
}

/** The model facts translation acts on; unknown ones are left out. */
export interface KnownModelFacts {
  contextWindow?: number | undefined;
  maxOutputTokens?: number | undefined;
  vision?: boolean | undefined;
}

export interface ConvertedRequest {
  body: OpenAIChatRequest;
  /** What was dropped or changed on the way, for debug logs. */
  warnings: string[];
  /** Turns the backend's tool names in the answer back into the client's. */
  toolNames: ToolNameMap;
  thinking: ThinkingIntent;
}

/** Chat Completions accepts at most four stop sequences. */
const MAX_STOP_SEQUENCES = 4;

/**
 * Builds the Chat Completions body for an Anthropic Messages request, in the dialect of
 * the backend it goes to.
 *
 * Nothing from the incoming request is spread into the body: each field is built from what
 * the client asked, then keepAllowedFields removes whatever the dialect does not list, so
 * fields a backend would reject (thinking, output_config, context_management, top_k,
 * service_tier, cache_control, another backend's extensions) never leak.
 */
export function convertAnthropicRequest(
  request: AnthropicRequest,
  options: ConvertRequestOptions,
): ConvertedRequest {
  const { dialect, model } = options;
  const warnings: string[] = [];
  const thinking = readThinkingIntent(request);
  const toolNames = createToolNameMap(dialect.toolNames, clientToolNames(request));
  const body: OpenAIChatRequest = {
    model,
    messages: convertMessages(request, {
      dialect,
      model,
      toolNames,
      warnings,
      recallReasoning: options.recallReasoning,
      reasoningOrigin: options.reasoningOrigin,
      vision: options.modelFacts?.vision,
    }),
  };
  Object.assign(body, prepareTools(request, { dialect, toolNames, warnings }));
  const maxTokens = clampMaxTokens(request.max_tokens, {
    model,
    dialect,
    operatorCap: options.maxOutputTokens,
    known: options.modelFacts,
    estimateInputTokens: () => estimateInputTokens(body),
    warnings,
  });
  body[dialect.tokenLimitField] = maxTokens;

  const reasoning = buildReasoningFields(fitBudget(thinking, maxTokens, warnings), dialect, model);
  Object.assign(body, reasoning);
  // Qwen answers 400 to thinking on a non-streaming call; the proxy streams and assembles instead.
  const upstreamStream =
    options.stream || (dialect.reasoning.requiresStream === true && thinking.kind === 'on');
  if (upstreamStream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
    if (body.tools) body.tool_stream = true;
  }

  if (dialect.samplingUnsupportedModels?.test(model)) {
    if (request.temperature !== undefined || request.top_p !== undefined || request.stop_sequences?.length)
      warnings.push(`left out temperature, top_p and stop: ${model} does not take them`);
  } else {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.top_p !== undefined) body.top_p = request.top_p;
    const stop = request.stop_sequences?.filter((sequence) => sequence.length > 0) ?? [];
    if (stop.length > MAX_STOP_SEQUENCES)
      warnings.push(`kept the first ${MAX_STOP_SEQUENCES} of ${stop.length} stop sequences`);
    if (stop.length > 0) body.stop = stop.slice(0, MAX_STOP_SEQUENCES);
  }
  if (request.top_k !== undefined) body.top_k = request.top_k;

  const format = request.output_config?.format;
  if (format?.type === 'json_schema' && format.schema) {
    body.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: format.schema } };
  }

  const userId = request.metadata?.user_id;
  if (userId) {
    const hashed = hashUserId(userId);
    if (dialect.requestFields.has('safety_identifier')) body.safety_identifier = hashed;
    else body.user = hashed;
  }
  return { body: keepAllowedFields(body, dialect, warnings), warnings, toolNames, thinking };
}

/** Every tool name the request mentions: its definitions and the calls in its history. */
function clientToolNames(request: AnthropicRequest): string[] {
  const names = (request.tools ?? []).map((tool) => tool.name);
  for (const message of request.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) if (block.type === 'tool_use') names.push(block.name);
  }
  return names;
}

/**
 * A thinking budget must stay below the output limit (Anthropic's own rule, which backends
 * that take a budget share); once max_tokens was lowered for the backend, so is the budget.
 */
function fitBudget(intent: ThinkingIntent, maxTokens: number, warnings: string[]): ThinkingIntent {
  if (intent.kind !== 'on' || intent.budgetTokens === undefined || intent.budgetTokens < maxTokens)
    return intent;
  const budgetTokens = Math.max(1, maxTokens - 1);
  warnings.push(
    `lowered the thinking budget from ${intent.budgetTokens} to ${budgetTokens}: below max_tokens`,
  );
  return { ...intent, budgetTokens };
}
