import { onlyKnownFields, type StrictRule } from './strict-rule.js';

/** Fields of OpenAI's Chat Completions reference (create chat completion). */
const OPENAI_FIELDS = [
  'audio',
  'frequency_penalty',
  'function_call',
  'functions',
  'logit_bias',
  'logprobs',
  'max_completion_tokens',
  'max_tokens',
  'metadata',
  'modalities',
  'n',
  'parallel_tool_calls',
  'prediction',
  'presence_penalty',
  'prompt_cache_key',
  'prompt_cache_retention',
  'reasoning_effort',
  'response_format',
  'safety_identifier',
  'seed',
  'service_tier',
  'stop',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'user',
  'verbosity',
  'web_search_options',
];

/** o-series and gpt-5 models reason; the API refuses sampling settings and max_tokens for them. */
const OPENAI_REASONING_MODEL = /^(o\d|gpt-5)/;

export const openaiRules: StrictRule[] = [
  onlyKnownFields(OPENAI_FIELDS, (field) => ({
    message: `Unrecognized request argument supplied: ${field}`,
  })),
  {
    name: 'reasoning-models-take-max-completion-tokens',
    check(body) {
      if (!OPENAI_REASONING_MODEL.test(String(body.model)) || body.max_tokens === undefined) return undefined;
      return {
        message:
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        param: 'max_tokens',
        code: 'unsupported_parameter',
      };
    },
  },
  {
    name: 'reasoning-models-take-no-sampling',
    check(body) {
      if (!OPENAI_REASONING_MODEL.test(String(body.model))) return undefined;
      const field = ['temperature', 'top_p'].find((name) => body[name] !== undefined);
      if (!field) return undefined;
      return {
        message: `Unsupported parameter: '${field}' is not supported with this model.`,
        param: field,
        code: 'unsupported_parameter',
      };
    },
  },
  {
    name: 'reasoning-effort-needs-a-reasoning-model',
    check(body) {
      if (body.reasoning_effort === undefined || OPENAI_REASONING_MODEL.test(String(body.model)))
        return undefined;
      return {
        message: `Unrecognized request argument supplied: reasoning_effort`,
        param: 'reasoning_effort',
      };
    },
  },
];
