import { freezeDeeply } from '../translate/known-json.js';
import {
  type AnthropicRequest,
  type AnthropicTool,
  anthropicRequestSchema,
} from '../wire/anthropic-request-schema.js';
import { parseRequestBody } from './parse-request-body.js';

/**
 * Validated forms of the tool lists the JSON parser reuses between turns (frozen, one
 * object per list; see limits/parse-request-json.ts), each from a request that validated.
 */
const validatedLists = new WeakMap<object, AnthropicTool[]>();

/**
 * parseRequestBody with the Messages schema, validating a reused tool list once: a body
 * whose `tools` is a frozen list seen in a valid request before is validated without it and
 * given the validated list kept from then. The tool schema looks at nothing but the list, so
 * the result, and any 400 the rest of the body earns, are what validating the whole body gives.
 */
export function parseMessagesRequest(body: unknown): AnthropicRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return parseRequestBody(anthropicRequestSchema, body);
  const tools = (body as { tools?: unknown }).tools;
  if (!Array.isArray(tools) || !Object.isFrozen(tools)) return parseRequestBody(anthropicRequestSchema, body);
  const validated = validatedLists.get(tools);
  if (!validated) {
    const request = parseRequestBody(anthropicRequestSchema, body);
    if (request.tools) {
      freezeDeeply(request.tools);
      validatedLists.set(tools, request.tools);
    }
    return request;
  }
  // `tools: undefined` keeps the member's place in the validated object's key order.
  const request = parseRequestBody(anthropicRequestSchema, { ...body, tools: undefined });
  request.tools = validated;
  return request;
}
