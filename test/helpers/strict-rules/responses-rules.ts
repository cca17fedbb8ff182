import type { Violation } from '../backend-error-bodies.js';
import { isRecord } from './strict-rule.js';

/**
 * What OpenAI's Responses API refuses, as checks over the body it receives, written from the
 * API reference (create a response) and the error messages users report, never from the
 * proxy's translator. Each answers in the API's error shape with the status it uses.
 */
export interface ResponsesRule {
  name: string;
  check(body: Record<string, unknown>): Violation | undefined;
}

/** The request body parameters of "create a model response". */
const RESPONSES_FIELDS = new Set([
  'background',
  'context_management',
  'conversation',
  'include',
  'input',
  'instructions',
  'max_output_tokens',
  'max_tool_calls',
  'metadata',
  'model',
  'parallel_tool_calls',
  'previous_response_id',
  'prompt',
  'prompt_cache_key',
  'prompt_cache_retention',
  'reasoning',
  'safety_identifier',
  'service_tier',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'truncation',
  'user',
]);

const INCLUDABLE = new Set([
  'reasoning.encrypted_content',
  'message.output_text.logprobs',
  'message.input_image.image_url',
  'computer_call_output.output.image_url',
  'file_search_call.results',
  'web_search_call.results',
  'web_search_call.action.sources',
  'code_interpreter_call.outputs',
]);

function items(body: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(body.input) ? body.input.filter(isRecord) : [];
}

export const responsesRules: readonly ResponsesRule[] = [
  {
    name: 'only-known-parameters',
    check(body) {
      const unknown = Object.keys(body).find((key) => !RESPONSES_FIELDS.has(key));
      if (unknown === undefined) return undefined;
      return { message: `Unknown parameter: '${unknown}'.`, param: unknown, code: 'unknown_parameter' };
    },
  },
  {
    name: 'model-and-input-required',
    check(body) {
      if (typeof body.model !== 'string')
        return {
          message: "Missing required parameter: 'model'.",
          param: 'model',
          code: 'missing_required_parameter',
        };
      if (typeof body.input !== 'string' && !Array.isArray(body.input))
        return {
          message: "Missing required parameter: 'input'.",
          param: 'input',
          code: 'missing_required_parameter',
        };
      return undefined;
    },
  },
  {
    name: 'include-values-are-known',
    check(body) {
      const include = Array.isArray(body.include) ? body.include : [];
      const bad = include.find((value) => typeof value !== 'string' || !INCLUDABLE.has(value));
      if (bad === undefined) return undefined;
      return {
        message: `Invalid value: '${String(bad)}'. Supported values are: ${[...INCLUDABLE].map((v) => `'${v}'`).join(', ')}.`,
        param: 'include[0]',
        code: 'invalid_value',
      };
    },
  },
  {
    name: 'function-call-output-needs-its-call',
    check(body) {
      const calls = new Set<string>();
      for (const item of items(body)) {
        if (item.type === 'function_call') calls.add(String(item.call_id));
        if (item.type === 'function_call_output' && !calls.has(String(item.call_id)))
          return {
            message: `No tool call found for function call output with call_id ${String(item.call_id)}.`,
            param: 'input',
          };
      }
      return undefined;
    },
  },
  {
    name: 'function-call-needs-its-output',
    check(body) {
      const outputs = new Set(
        items(body)
          .filter((item) => item.type === 'function_call_output')
          .map((item) => String(item.call_id)),
      );
      const unanswered = items(body).find(
        (item) => item.type === 'function_call' && !outputs.has(String(item.call_id)),
      );
      if (!unanswered) return undefined;
      return {
        message: `No tool output found for function call ${String(unanswered.call_id)}.`,
        param: 'input',
      };
    },
  },
  {
    name: 'reasoning-items-need-encrypted-content-without-store',
    check(body) {
      if (body.store !== false) return undefined;
      const stateless = items(body).find(
        (item) => item.type === 'reasoning' && typeof item.encrypted_content !== 'string',
      );
      if (!stateless) return undefined;
      return {
        message: `Item with id '${String(stateless.id)}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
        param: 'input',
      };
    },
  },
  {
    name: 'reasoning-item-needs-a-following-item',
    check(body) {
      const list = items(body);
      const last = list.at(-1);
      if (last?.type !== 'reasoning') return undefined;
      return {
        message: `Item '${String(last.id)}' of type 'reasoning' was provided without its required following item.`,
        param: 'input',
      };
    },
  },
  {
    name: 'function-call-items-have-only-their-fields',
    check(body) {
      const allowed: Record<string, Set<string>> = {
        function_call: new Set(['type', 'id', 'call_id', 'name', 'arguments', 'status']),
        function_call_output: new Set(['type', 'id', 'call_id', 'output', 'status']),
        reasoning: new Set(['type', 'id', 'summary', 'encrypted_content', 'content', 'status']),
      };
      for (const [index, item] of items(body).entries()) {
        const keys = allowed[String(item.type)];
        const extra = keys && Object.keys(item).find((key) => !keys.has(key));
        if (extra)
          return {
            message: `Unknown parameter: 'input[${index}].${extra}'.`,
            param: `input[${index}].${extra}`,
            code: 'unknown_parameter',
          };
      }
      return undefined;
    },
  },
];

/** The first rule the body breaks; undefined when the API would accept it. */
export function checkResponsesRules(body: unknown): (Violation & { rule: string }) | undefined {
  if (!isRecord(body))
    return { rule: 'json-body', message: 'We could not parse the JSON body of your request.' };
  for (const rule of responsesRules) {
    const violation = rule.check(body);
    if (violation) return { rule: rule.name, ...violation };
  }
  return undefined;
}
