import type { Dialect } from '../dialects/dialect.js';
import type { AnthropicRequest } from '../wire/anthropic-request-schema.js';
import type { OpenAIChatRequest } from '../wire/openai.js';
import { convertMessages } from './convert-messages.js';
import { hashUserId } from './hash-user-id.js';
import { prepareTools } from './prepare-tools.js';

export interface ConvertRequestOptions {
  /** The backend model the request is routed to. */
  model: string;
  dialect: Dialect;
  /** Ask the backend for an SSE stream. */
  stream: boolean;
}

export interface ConvertedRequest {
  body: OpenAIChatRequest;
  /** What was dropped or changed on the way, for debug logs. */
  warnings: string[];
}

/** Chat Completions accepts at most four stop sequences. */
const MAX_STOP_SEQUENCES = 4;

/**
 * Builds the Chat Completions body for an Anthropic Messages request.
 *
 * The body is built field by field from what the backend understands; nothing from the
 * incoming request is spread into it, so fields a backend would reject (thinking,
 * output_config, context_management, top_k, service_tier, cache_control) never leak.
 */
export function convertAnthropicRequest(
  request: AnthropicRequest,
  options: ConvertRequestOptions,
): ConvertedRequest {
  const warnings: string[] = [];
  const body: OpenAIChatRequest = {
    model: options.model,
    messages: convertMessages(request, options.dialect, warnings),
  };
  body[options.dialect.tokenLimitField] = request.max_tokens;

  if (options.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.top_p !== undefined) body.top_p = request.top_p;
  if (request.top_k !== undefined) warnings.push('dropped top_k: Chat Completions has no equivalent');

  const stop = request.stop_sequences?.filter((sequence) => sequence.length > 0) ?? [];
  if (stop.length > MAX_STOP_SEQUENCES)
    warnings.push(`kept the first ${MAX_STOP_SEQUENCES} of ${stop.length} stop sequences`);
  if (stop.length > 0) body.stop = stop.slice(0, MAX_STOP_SEQUENCES);

  Object.assign(body, prepareTools(request, warnings));

  const format = request.output_config?.format;
  if (format?.type === 'json_schema' && format.schema) {
    body.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: format.schema } };
  }

  const userId = request.metadata?.user_id;
  if (userId) body.user = hashUserId(userId);
  return { body, warnings };
}
