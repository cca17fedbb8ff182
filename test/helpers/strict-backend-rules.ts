import type { DialectName } from '../../src/dialects/dialect.js';
import {
  type BackendError,
  dashscopeErrorShape,
  deepseekErrorShape,
  type ErrorShape,
  geminiErrorShape,
  groqErrorShape,
  mistralErrorShape,
  openaiErrorShape,
  openrouterErrorShape,
  type Violation,
  vllmErrorShape,
  zhipuErrorShape,
} from './backend-error-bodies.js';

/**
 * What real backends refuse, as checks over the request body they receive. Each rule is
 * written from the backend's documentation or the error it is reported to send, never
 * from the proxy's dialect files, so a test against these rules proves the translation
 * rather than restating it.
 */
export interface StrictRule {
  /** Kebab-case name, reported with a rejection so a failing test says which rule bit. */
  name: string;
  check(body: ChatBody): Violation | undefined;
}

export type ChatBody = Record<string, unknown> & { messages: ChatMessage[] };
export type ChatMessage = Record<string, unknown> & { role: string };

export interface Rejection extends BackendError {
  rule: string;
  message: string;
}

interface BackendProfile {
  errorShape: ErrorShape;
  rules: readonly StrictRule[];
}

/** Every message list must keep tool results beside their calls; Chat Completions APIs all check this. */
const toolResultsFollowTheirCalls: StrictRule = {
  name: 'tool-results-follow-their-calls',
  check(body) {
    let pending: string[] = [];
    let answered = new Set<string>();
    for (const message of body.messages) {
      if (message.role === 'tool') {
        const id = String(message.tool_call_id ?? '');
        if (!pending.includes(id) || answered.has(id))
          return {
            message:
              "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
            param: 'messages',
          };
        answered.add(id);
        continue;
      }
      const unanswered = pending.filter((id) => !answered.has(id));
      if (unanswered.length > 0)
        return {
          message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${unanswered.join(', ')}`,
          param: 'messages',
        };
      pending = toolCallsOf(message).map((call) => String(call.id ?? ''));
      answered = new Set();
    }
    const unanswered = pending.filter((id) => !answered.has(id));
    if (unanswered.length > 0)
      return {
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${unanswered.join(', ')}`,
        param: 'messages',
      };
    return undefined;
  },
};

/** Backends that validate the body against a closed schema: anything else is refused. */
function onlyKnownFields(
  known: readonly string[],
  refuse: (field: string, value: unknown) => Violation,
): StrictRule {
  const allowed = new Set(['model', 'messages', ...known]);
  return {
    name: 'only-known-fields',
    check(body) {
      const unknown = Object.keys(body).find((field) => !allowed.has(field));
      return unknown === undefined ? undefined : refuse(unknown, body[unknown]);
    },
  };
}

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

const openaiRules: StrictRule[] = [
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

const groqRules: StrictRule[] = [
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
];

/** Mistral's chat completion request schema; extra inputs are a pydantic 422. */
const MISTRAL_FIELDS = [
  'temperature',
  'top_p',
  'max_tokens',
  'stream',
  'stop',
  'random_seed',
  'metadata',
  'response_format',
  'tools',
  'tool_choice',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'prediction',
  'parallel_tool_calls',
  'prompt_mode',
  'safe_prompt',
];

const MISTRAL_MESSAGE_FIELDS: Record<string, readonly string[]> = {
  system: ['role', 'content'],
  user: ['role', 'content'],
  assistant: ['role', 'content', 'tool_calls', 'prefix'],
  tool: ['role', 'content', 'tool_call_id', 'name'],
};

const MISTRAL_TOOL_ID = /^[a-zA-Z0-9]{9}$/;

function extraForbidden(location: (string | number)[], input: unknown): Violation {
  return {
    status: 422,
    message: 'Extra inputs are not permitted',
    body: {
      detail: [
        { type: 'extra_forbidden', loc: ['body', ...location], msg: 'Extra inputs are not permitted', input },
      ],
    },
  };
}

const mistralRules: StrictRule[] = [
  onlyKnownFields(MISTRAL_FIELDS, (field, value) => extraForbidden([field], value)),
  {
    name: 'messages-carry-only-known-fields',
    check(body) {
      for (const [index, message] of body.messages.entries()) {
        const allowed = MISTRAL_MESSAGE_FIELDS[message.role] ?? [];
        const extra = Object.keys(message).find((key) => !allowed.includes(key));
        if (extra) return extraForbidden(['messages', index, message.role, extra], message[extra]);
      }
      return undefined;
    },
  },
  {
    name: 'tool-ids-are-nine-alphanumerics',
    check(body) {
      for (const message of body.messages) {
        const ids = [
          ...toolCallsOf(message).map((call) => call.id),
          ...(message.role === 'tool' ? [message.tool_call_id] : []),
        ];
        const bad = ids.find((id) => typeof id !== 'string' || !MISTRAL_TOOL_ID.test(id));
        if (bad !== undefined)
          return {
            message: `Tool call id was ${String(bad)} but must be a-z, A-Z, 0-9, with a length of 9.`,
            code: '3280',
            body: {
              object: 'error',
              message: `Tool call id was ${String(bad)} but must be a-z, A-Z, 0-9, with a length of 9.`,
              type: 'invalid_function_call',
              param: null,
              code: '3280',
            },
          };
      }
      return undefined;
    },
  },
];

/**
 * Qwen3.5 and later ship a chat template that raises "System message must be at the
 * beginning." on a system message after the first; servers rendering it (vLLM, SGLang,
 * llama.cpp, LM Studio) answer with a 400.
 */
const QWEN_STRICT_TEMPLATE = /qwen3\.(?:[5-9]|\d{2,})/i;

const templateSystemFirst: StrictRule = {
  name: 'template-system-message-first',
  check(body) {
    if (!QWEN_STRICT_TEMPLATE.test(String(body.model))) return undefined;
    const late = body.messages.findIndex((message, index) => message.role === 'system' && index > 0);
    return late === -1 ? undefined : { message: 'System message must be at the beginning.' };
  },
};

const qwenRules: StrictRule[] = [
  {
    name: 'system-message-first',
    check(body) {
      const late = body.messages.findIndex((message, index) => message.role === 'system' && index > 0);
      return late === -1 ? undefined : { message: 'System message must be at the beginning.' };
    },
  },
  {
    name: 'thinking-only-when-streaming',
    check(body) {
      if (body.enable_thinking !== true || body.stream === true) return undefined;
      return { message: 'parameter.enable_thinking must be set to false for non-streaming calls' };
    },
  },
  {
    name: 'tool-choice-without-required',
    check(body) {
      if (body.tool_choice !== 'required') return undefined;
      return { message: 'tool_choice only supports "auto", "none" or a named function' };
    },
  },
];

const glmRules: StrictRule[] = [
  {
    name: 'tool-choice-auto-only',
    check(body) {
      if (body.tool_choice === undefined || body.tool_choice === 'auto') return undefined;
      return { message: 'Tool choice must be auto', code: '1214' };
    },
  },
];

/** Output caps per model family, from DeepSeek's model and pricing page. */
const DEEPSEEK_OUTPUT_CAPS: readonly [RegExp, number][] = [
  [/^deepseek-reasoner$/, 65_536],
  [/^deepseek-chat$/, 8_192],
];

const deepseekRules: StrictRule[] = [
  {
    name: 'max-tokens-within-model-cap',
    check(body) {
      const cap = DEEPSEEK_OUTPUT_CAPS.find(([model]) => model.test(String(body.model)))?.[1];
      const value = body.max_tokens;
      if (cap === undefined || value === undefined) return undefined;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= cap)
        return undefined;
      return { message: `Invalid max_tokens value, the valid range of max_tokens is [1, ${cap}]` };
    },
  },
  {
    name: 'reasoning-content-back-in-tool-loops',
    check(body) {
      // deepseek-reasoner always thinks; V4 models think unless told not to.
      const type = isRecord(body.thinking) ? body.thinking.type : undefined;
      const thinking =
        /reasoner/.test(String(body.model)) ||
        type === 'enabled' ||
        (/^deepseek-v4/.test(String(body.model)) && type !== 'disabled');
      if (!thinking) return undefined;
      const missing = body.messages.some(
        (message) =>
          message.role === 'assistant' &&
          toolCallsOf(message).length > 0 &&
          typeof message.reasoning_content !== 'string',
      );
      return missing
        ? { message: 'The `reasoning_content` in the thinking mode must be passed back to the API.' }
        : undefined;
    },
  },
  {
    name: 'text-only-content',
    check(body) {
      for (const [index, message] of body.messages.entries()) {
        if (message.role !== 'user' && typeof message.content !== 'string' && message.content !== null)
          return {
            message: `Failed to deserialize the JSON body into the target type: messages[${index}]: invalid type: sequence, expected a string`,
          };
        if (!Array.isArray(message.content)) continue;
        const part = message.content.find((item) => !isRecord(item) || item.type !== 'text');
        if (part !== undefined)
          return {
            message: `Failed to deserialize the JSON body into the target type: messages[${index}]: unknown variant \`${isRecord(part) ? String(part.type) : 'null'}\`, expected \`text\``,
          };
      }
      return undefined;
    },
  },
];

/** Keywords Gemini's function declarations refuse ("Unknown name … Cannot find field"). */
const GEMINI_REFUSED_KEYWORDS = new Set([
  '$schema',
  '$id',
  '$comment',
  'additionalProperties',
  'const',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'propertyNames',
  'prefixItems',
  'patternProperties',
  'unevaluatedProperties',
  'dependentSchemas',
  'dependentRequired',
  'if',
  'then',
  'else',
]);

const GEMINI_FUNCTION_NAME = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/;

const geminiRules: StrictRule[] = [
  {
    name: 'function-names-follow-gemini-rules',
    check(body) {
      for (const [index, tool] of toolsOf(body).entries()) {
        const name = isRecord(tool.function) ? tool.function.name : undefined;
        if (typeof name === 'string' && GEMINI_FUNCTION_NAME.test(name)) continue;
        return {
          message: `* GenerateContentRequest.tools[0].function_declarations[${index}].name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.\n`,
        };
      }
      return undefined;
    },
  },
  {
    name: 'schemas-use-supported-keywords',
    check(body) {
      for (const [index, tool] of toolsOf(body).entries()) {
        const parameters = isRecord(tool.function) ? tool.function.parameters : undefined;
        const found = findSchemaKeyword(parameters, GEMINI_REFUSED_KEYWORDS, 'parameters');
        if (found)
          return {
            message: `Invalid JSON payload received. Unknown name "${found.keyword}" at 'tools[${index}].function.${found.path}': Cannot find field.`,
          };
      }
      return undefined;
    },
  },
  {
    name: 'enums-are-strings',
    check(body) {
      for (const [index, tool] of toolsOf(body).entries()) {
        const parameters = isRecord(tool.function) ? tool.function.parameters : undefined;
        const found = findSchemaNode(parameters, 'parameters', (node) => 'enum' in node);
        if (!found) continue;
        const values = Array.isArray(found.node.enum) ? found.node.enum : [];
        const where = `tools[0].function_declarations[${index}].${found.path}`;
        if (found.node.type !== 'string')
          return { message: `* GenerateContentRequest.${where}.enum: only allowed for STRING type\n` };
        const bad = values.findIndex((value) => typeof value !== 'string');
        if (bad !== -1)
          return {
            message: `Invalid value at '${where}.enum[${bad}]' (TYPE_STRING), ${JSON.stringify(values[bad])}`,
          };
      }
      return undefined;
    },
  },
  {
    name: 'thought-signatures-on-current-turn-calls',
    check(body) {
      const thinking =
        /^gemini-3/.test(String(body.model)) ||
        (body.reasoning_effort !== undefined && body.reasoning_effort !== 'none');
      if (!thinking) return undefined;
      for (const [position, message] of currentTurn(body.messages)) {
        const first = toolCallsOf(message)[0];
        if (!first) continue;
        const google = isRecord(first.extra_content) ? first.extra_content.google : undefined;
        const signature = isRecord(google) ? google.thought_signature : undefined;
        if (typeof signature === 'string' && signature.length > 0) continue;
        const name = isRecord(first.function) ? String(first.function.name) : '';
        return {
          message: `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${position + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
        };
      }
      return undefined;
    },
  },
];

/** Ollama's /v1 decodes only data URLs of these types, and parses history arguments as JSON. */
const OLLAMA_IMAGE_URL = /^data:image\/(jpeg|jpg|png|webp);base64,/;

const ollamaRules: StrictRule[] = [
  {
    name: 'images-as-data-urls',
    check(body) {
      for (const message of body.messages) {
        if (!Array.isArray(message.content)) continue;
        for (const part of message.content) {
          if (!isRecord(part) || part.type !== 'image_url') continue;
          const url = isRecord(part.image_url) ? part.image_url.url : undefined;
          if (typeof url !== 'string' || !OLLAMA_IMAGE_URL.test(url))
            return { message: 'invalid image input' };
        }
      }
      return undefined;
    },
  },
  {
    name: 'history-arguments-are-json',
    check(body) {
      for (const message of body.messages) {
        for (const call of toolCallsOf(message)) {
          const args = isRecord(call.function) ? call.function.arguments : undefined;
          try {
            JSON.parse(String(args));
          } catch {
            return { message: 'invalid tool call arguments' };
          }
        }
      }
      return undefined;
    },
  },
];

const openrouterRules: StrictRule[] = [
  {
    name: 'reasoning-effort-or-max-tokens',
    check(body) {
      const reasoning = body.reasoning;
      if (!isRecord(reasoning) || reasoning.effort === undefined || reasoning.max_tokens === undefined)
        return undefined;
      return { message: 'Only one of "reasoning.effort" and "reasoning.max_tokens" may be specified' };
    },
  },
];

/** Servers that ignore unknown fields still check the tool history, in their own error shape. */
const profiles: Readonly<Record<DialectName, BackendProfile>> = {
  generic: { errorShape: openaiErrorShape, rules: [templateSystemFirst] },
  openai: { errorShape: openaiErrorShape, rules: openaiRules },
  deepseek: { errorShape: deepseekErrorShape, rules: deepseekRules },
  glm: { errorShape: zhipuErrorShape, rules: glmRules },
  qwen: { errorShape: dashscopeErrorShape, rules: qwenRules },
  openrouter: { errorShape: openrouterErrorShape, rules: openrouterRules },
  vllm: { errorShape: vllmErrorShape, rules: [templateSystemFirst] },
  sglang: { errorShape: vllmErrorShape, rules: [templateSystemFirst] },
  ollama: { errorShape: openaiErrorShape, rules: ollamaRules },
  lmstudio: { errorShape: openaiErrorShape, rules: [templateSystemFirst] },
  groq: { errorShape: groqErrorShape, rules: groqRules },
  mistral: { errorShape: mistralErrorShape, rules: mistralRules },
  gemini: { errorShape: geminiErrorShape, rules: geminiRules },
};

/** The rules a backend of this dialect applies, the shared tool-history rule last. */
export function strictRulesFor(dialect: DialectName): readonly StrictRule[] {
  return [...profiles[dialect].rules, toolResultsFollowTheirCalls];
}

/** The first rule the body breaks, as the backend would answer it; undefined when it would be accepted. */
export function checkStrictRules(dialect: DialectName, body: unknown): Rejection | undefined {
  const profile = profiles[dialect];
  if (!isRecord(body) || typeof body.model !== 'string' || !Array.isArray(body.messages))
    return {
      rule: 'json-body',
      message: 'model and messages are required',
      ...profile.errorShape({ message: 'model and messages are required' }),
    };
  for (const rule of strictRulesFor(dialect)) {
    const violation = rule.check(body as ChatBody);
    if (violation) return { rule: rule.name, message: violation.message, ...profile.errorShape(violation) };
  }
  return undefined;
}

function toolCallsOf(message: ChatMessage): Record<string, unknown>[] {
  return message.role === 'assistant' && Array.isArray(message.tool_calls)
    ? message.tool_calls.filter(isRecord)
    : [];
}

function toolsOf(body: ChatBody): Record<string, unknown>[] {
  return Array.isArray(body.tools) ? body.tools.filter(isRecord) : [];
}

/**
 * The turn Gemini validates: everything after the last user message that starts a turn.
 * A user message right after tool results belongs to the function-response turn it follows.
 */
function currentTurn(messages: ChatMessage[]): [number, ChatMessage][] {
  let start = 0;
  messages.forEach((message, index) => {
    if (message.role === 'user' && messages[index - 1]?.role !== 'tool') start = index + 1;
  });
  return messages.slice(start).map((message, offset) => [start + offset, message]);
}

/** The first schema node, in schema positions, that `matches`. */
function findSchemaNode(
  schema: unknown,
  path: string,
  matches: (node: Record<string, unknown>) => boolean,
): { node: Record<string, unknown>; path: string } | undefined {
  if (!isRecord(schema)) return undefined;
  if (matches(schema)) return { node: schema, path };
  for (const [key, value] of Object.entries(schema)) {
    const children: [unknown, string][] =
      SUBSCHEMA_MAPS.includes(key) && isRecord(value)
        ? Object.entries(value).map(([name, child]) => [child, `${path}.${key}.${name}`])
        : SUBSCHEMA_VALUES.includes(key)
          ? [[value, `${path}.${key}`]]
          : SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)
            ? value.map((child, index) => [child, `${path}.${key}[${index}]`])
            : [];
    for (const [child, childPath] of children) {
      const found = findSchemaNode(child, childPath, matches);
      if (found) return found;
    }
  }
  return undefined;
}

const SUBSCHEMA_MAPS = ['properties', '$defs', 'definitions'];
const SUBSCHEMA_VALUES = ['items', 'not'];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf'];

/** Walks schema positions only, so a property named like a keyword is not mistaken for one. */
function findSchemaKeyword(
  schema: unknown,
  refused: ReadonlySet<string>,
  path: string,
): { keyword: string; path: string } | undefined {
  if (!isRecord(schema)) return undefined;
  for (const [key, value] of Object.entries(schema)) {
    if (refused.has(key)) return { keyword: key, path };
    if (SUBSCHEMA_MAPS.includes(key) && isRecord(value)) {
      for (const [name, child] of Object.entries(value)) {
        const found = findSchemaKeyword(child, refused, `${path}.${key}.${name}`);
        if (found) return found;
      }
    } else if (SUBSCHEMA_VALUES.includes(key)) {
      const found = findSchemaKeyword(value, refused, `${path}.${key}`);
      if (found) return found;
    } else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      for (const [index, child] of value.entries()) {
        const found = findSchemaKeyword(child, refused, `${path}.${key}[${index}]`);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
