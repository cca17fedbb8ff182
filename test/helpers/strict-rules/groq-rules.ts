import { onlyKnownFields, type StrictRule } from './strict-rule.js';

/** Groq's chat create reference; everything else is "property 'x' is unsupported". */
const GROQ_FIELDS = [
  'citation_options',
  'compound_custom',
  'disable_tool_validation',
  'documents',
  'exclude_domains',
  'frequency_penalty',
  'function_call',
  'functions',
  'include_domains',
  'include_reasoning',
  'logit_bias',
  'logprobs',
  'max_completion_tokens',
  'max_tokens',
  'metadata',
  'n',
  'parallel_tool_calls',
  'presence_penalty',
  'reasoning_effort',
  'reasoning_format',
  'response_format',
  'search_settings',
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
];

/** Groq validates messages too: per role, only the documented keys. */
const GROQ_MESSAGE_FIELDS: Record<string, readonly string[]> = {
  system: ['role', 'content', 'name'],
  developer: ['role', 'content', 'name'],
  user: ['role', 'content', 'name'],
  assistant: ['role', 'content', 'name', 'tool_calls', 'reasoning', 'function_call'],
  tool: ['role', 'content', 'tool_call_id', 'name'],
};

/** Max completion tokens per model, from Groq's supported-models table. */
const GROQ_OUTPUT_CAPS: readonly [RegExp, number][] = [
  [/^llama-3\.3-70b-versatile$/, 32_768],
  [/^llama-3\.1-8b-instant$/, 131_072],
  [/^openai\/gpt-oss-(120|20)b$/, 65_536],
];

/**
 * Groq's changelog (SDK v0.28.0 / v0.25.0): the assistant `reasoning` field is the reasoning
 * a `parsed` reasoning_format returned, and is only usable with Qwen 3 models.
 */
const REASONING_HISTORY_MODELS = /^qwen\/qwen3-/;

export const groqRules: StrictRule[] = [
  onlyKnownFields(GROQ_FIELDS, (field) => ({ message: `property '${field}' is unsupported` })),
  {
    name: 'max-completion-tokens-within-model-cap',
    check(body) {
      const cap = GROQ_OUTPUT_CAPS.find(([model]) => model.test(String(body.model)))?.[1];
      const value = body.max_completion_tokens ?? body.max_tokens;
      if (cap === undefined || typeof value !== 'number' || value <= cap) return undefined;
      return {
        message: `\`max_completion_tokens\` must be less than or equal to \`${cap}\`, the maximum value for \`max_completion_tokens\` is less than the \`context_window\` for this model`,
      };
    },
  },
  {
    name: 'messages-carry-only-known-fields',
    check(body) {
      for (const [index, message] of body.messages.entries()) {
        const allowed = GROQ_MESSAGE_FIELDS[message.role] ?? [];
        const extra = Object.keys(message).find((key) => !allowed.includes(key));
        if (extra)
          return {
            message: `'messages.${index}' : for 'role:${message.role}' the following must be satisfied[('messages.${index}' : property '${extra}' is unsupported)]`,
          };
      }
      return undefined;
    },
  },
  {
    name: 'assistant-reasoning-only-for-qwen3',
    check(body) {
      for (const [index, message] of body.messages.entries()) {
        if (message.role !== 'assistant' || message.reasoning === undefined) continue;
        if (typeof message.reasoning !== 'string')
          return { message: `'messages.${index}.reasoning' : value must be a string` };
        if (!REASONING_HISTORY_MODELS.test(String(body.model)))
          return {
            message: `'messages.${index}' : property 'reasoning' is only supported for Qwen 3 models, not ${String(body.model)}`,
          };
      }
      return undefined;
    },
  },
];
