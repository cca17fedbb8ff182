import type { Dialect, Effort } from '../dialects/dialect.js';
import type { AnthropicRequest } from '../wire/anthropic-request-schema.js';
import type { OpenAIFunctionTool, OpenAIToolChoice } from '../wire/openai.js';
import type {
  ResponsesFunctionTool,
  ResponsesReasoningEffort,
  ResponsesRequest,
  ResponsesToolChoice,
} from '../wire/openai-responses.js';
import { clampMaxTokens } from './clamp-max-tokens.js';
import { convertSystem } from './convert-messages.js';
import { convertResponsesInput } from './convert-responses-input.js';
import { createToolNameMap, type ToolNameMap } from './create-tool-name-map.js';
import { estimateResponsesInputTokens } from './estimate-responses-input-tokens.js';
import { hashUserId } from './hash-user-id.js';
import { knownJsonOf, rememberJson } from './known-json.js';
import { prepareTools } from './prepare-tools.js';
import { readThinkingIntent, type ThinkingIntent } from './read-thinking-intent.js';

export interface ConvertResponsesRequestOptions {
  /** The backend model the request is routed to. */
  model: string;
  /** Supplies model output caps, tool-name and schema rules, and which models refuse sampling settings. */
  dialect: Dialect;
  stream: boolean;
  maxOutputTokens?: number | undefined;
  /** `provider/model` the request goes to, see carry-reasoning-state.ts. */
  reasoningOrigin?: string | undefined;
}

export interface ConvertedResponsesRequest {
  body: ResponsesRequest;
  warnings: string[];
  toolNames: ToolNameMap;
  thinking: ThinkingIntent;
}

/**
 * What the proxy asks the Responses API for beyond the answer: the encrypted reasoning, so
 * reasoning can round-trip through the client's history while the server stores nothing.
 */
export const RESPONSES_INCLUDE = ['reasoning.encrypted_content'];

/**
 * Builds the Responses body for an Anthropic Messages request. Like the Chat Completions
 * converter, every field is built from what the client asked and nothing is spread from the
 * incoming request. `store` is always false: the conversation lives in the client, as with
 * the Messages API, and the reasoning it needs comes back through the thinking signatures.
 */
export function convertResponsesRequest(
  request: AnthropicRequest,
  options: ConvertResponsesRequestOptions,
): ConvertedResponsesRequest {
  const { dialect, model } = options;
  const warnings: string[] = [];
  const thinking = readThinkingIntent(request);
  const toolNames = createToolNameMap(dialect.toolNames, clientToolNames(request));
  const body: ResponsesRequest = {
    model,
    input: convertResponsesInput(request.messages, {
      toolNames,
      warnings,
      reasoningOrigin: options.reasoningOrigin,
    }),
    store: false,
    include: [...RESPONSES_INCLUDE],
  };
  const instructions = convertSystem(request.system);
  if (instructions) body.instructions = instructions;
  if (options.stream) body.stream = true;

  const prepared = prepareTools(request, { dialect, toolNames, warnings });
  if (prepared.tools) body.tools = toResponsesTools(prepared.tools);
  if (prepared.tool_choice) body.tool_choice = toResponsesToolChoice(prepared.tool_choice);
  if (prepared.parallel_tool_calls !== undefined) body.parallel_tool_calls = prepared.parallel_tool_calls;

  body.max_output_tokens = clampMaxTokens(request.max_tokens, {
    model,
    dialect,
    operatorCap: options.maxOutputTokens,
    estimateInputTokens: () => estimateResponsesInputTokens(body),
    warnings,
  });

  if (thinking.kind === 'on') {
    // A summary is the only reasoning text the API shows; it becomes the thinking block.
    body.reasoning = { effort: toResponsesEffort(thinking.effort), summary: 'auto' };
  } else if (thinking.kind === 'off') {
    warnings.push('left the reasoning effort to the model: "none" is refused by most reasoning models');
  }

  if (dialect.samplingUnsupportedModels?.test(model)) {
    if (request.temperature !== undefined || request.top_p !== undefined)
      warnings.push(`left out temperature and top_p: ${model} does not take them`);
  } else {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.top_p !== undefined) body.top_p = request.top_p;
  }
  if (request.stop_sequences?.length)
    warnings.push('left out stop_sequences: the Responses API has no stop parameter');
  if (request.top_k !== undefined) warnings.push('left out top_k: the Responses API has no such parameter');

  const format = request.output_config?.format;
  if (format?.type === 'json_schema' && format.schema) {
    body.text = { format: { type: 'json_schema', name: 'response', schema: format.schema, strict: false } };
  }
  const userId = request.metadata?.user_id;
  if (userId) body.safety_identifier = hashUserId(userId);
  return { body, warnings, toolNames, thinking };
}

/** Responses forms of tool lists reused from earlier turns (see prepare-tools.ts), built once each. */
const reusedResponsesTools = new WeakMap<readonly OpenAIFunctionTool[], ResponsesFunctionTool[]>();

function toResponsesTools(tools: OpenAIFunctionTool[]): ResponsesFunctionTool[] {
  if (knownJsonOf(tools) === undefined) return tools.map(toResponsesTool);
  let reused = reusedResponsesTools.get(tools);
  if (!reused) {
    reused = rememberJson(tools.map(toResponsesTool));
    reusedResponsesTools.set(tools, reused);
  }
  return reused;
}

function toResponsesTool(tool: OpenAIFunctionTool): ResponsesFunctionTool {
  const { name, description, parameters } = tool.function;
  return { type: 'function', name, ...(description ? { description } : {}), parameters, strict: false };
}

function toResponsesToolChoice(choice: OpenAIToolChoice): ResponsesToolChoice {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.function.name };
}

/** Anthropic's effort levels all exist in the Responses API under the same names. */
function toResponsesEffort(effort: Effort): ResponsesReasoningEffort {
  return effort;
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
