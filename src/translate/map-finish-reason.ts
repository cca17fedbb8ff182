import type { StopReason } from '@anthropic-ai/sdk/resources/messages';
import type { AnthropicErrorType } from '../errors.js';

export type MappedFinish =
  | { kind: 'stop'; stopReason: StopReason }
  | { kind: 'error'; errorType: AnthropicErrorType; message: string };

/**
 * The one table from an OpenAI finish_reason to an Anthropic stop_reason, shared by the
 * streaming and non-streaming paths.
 *
 * Tool calls decide `tool_use` whatever the backend says: several backends (Ollama, older
 * vLLM, gpt-4o with forced tools) finish with "stop" after calling a tool, and a client
 * that sees `end_turn` never runs the tool. The exception is an answer cut off by the output
 * limit: its last call may be half written, and the API answers that case with `max_tokens`
 * and the incomplete tool_use block last (its stop-reason guide tells clients to retry with a
 * higher max_tokens rather than run it), so Claude Code does not run a tool on cut-off input.
 */
export function mapFinishReason(
  finishReason: string | null | undefined,
  sawToolCalls: boolean,
): MappedFinish {
  if (sawToolCalls && !isCutOff(finishReason)) return { kind: 'stop', stopReason: 'tool_use' };
  switch (finishReason) {
    case 'length':
    case 'model_context_window_exceeded':
      return { kind: 'stop', stopReason: 'max_tokens' };
    case 'tool_calls':
    case 'function_call':
      return { kind: 'stop', stopReason: 'tool_use' };
    case 'content_filter':
    // GLM's name for its content filter.
    case 'sensitive':
      return { kind: 'stop', stopReason: 'refusal' };
    case 'insufficient_system_resource':
      return {
        kind: 'error',
        errorType: 'overloaded_error',
        message: 'The backend ran out of resources mid-answer',
      };
    case 'error':
      return { kind: 'error', errorType: 'api_error', message: 'The backend reported an error mid-answer' };
    case 'network_error':
      // GLM: its inference service failed mid-answer; the answer is incomplete, and a retry may succeed.
      return {
        kind: 'error',
        errorType: 'api_error',
        message: 'The backend reported a network error mid-answer',
      };
    default:
      // "stop", null, and anything new a backend invents.
      return { kind: 'stop', stopReason: 'end_turn' };
  }
}

/** GLM's model_context_window_exceeded: the context window filled up mid-answer, the same cut-off to a client. */
function isCutOff(finishReason: string | null | undefined): boolean {
  return finishReason === 'length' || finishReason === 'model_context_window_exceeded';
}
