import type { AnthropicErrorType } from '../errors.js';

/**
 * How a Responses answer ended, as the Chat Completions finish_reason with the same meaning,
 * so stop reasons come from the one table in map-finish-reason.ts: `completed` is a normal
 * stop (tool calls make it tool_use there), `incomplete` names its reason.
 */
export function mapResponsesStatus(
  status: string | null | undefined,
  incompleteReason: string | null | undefined,
): string | null {
  if (status !== 'incomplete') return 'stop';
  switch (incompleteReason) {
    case 'max_output_tokens':
      return 'length';
    case 'content_filter':
      return 'content_filter';
    default:
      // Cut short for a reason the API added later: the answer is at least not finished.
      return 'length';
  }
}

/** A Responses error code (response.error.code, or the `error` event's code) as an Anthropic error type and status. */
export function mapResponsesErrorCode(code: string | null | undefined): {
  type: AnthropicErrorType;
  status: number;
} {
  switch (code) {
    case 'rate_limit_exceeded':
      return { type: 'rate_limit_error', status: 429 };
    case 'server_error':
    case undefined:
    case null:
      return { type: 'api_error', status: 500 };
    case 'vector_store_timeout':
      return { type: 'timeout_error', status: 504 };
    case 'insufficient_quota':
      return { type: 'billing_error', status: 402 };
    case 'context_length_exceeded':
    case 'invalid_prompt':
      return { type: 'invalid_request_error', status: 400 };
    default:
      // The documented remaining codes all describe the request's own images and prompt.
      return code.includes('image') || code.startsWith('invalid')
        ? { type: 'invalid_request_error', status: 400 }
        : { type: 'api_error', status: 500 };
  }
}
