/**
 * A dialect describes one family of OpenAI-compatible backends as data: which fields the
 * backend takes and how it wants them. Translation reads these properties; it never checks
 * a backend's name. Adding a backend means adding one file beside this one and listing it
 * in all-dialects.ts.
 */
export interface Dialect {
  /** Stable identifier, as accepted by OPENAI_PROVIDER and named in fixture folders. */
  readonly name: DialectName;
  /** Human-readable name for the start-up banner and logs. */
  readonly label: string;
  /** How the dialect is recognised from OPENAI_BASE_URL when OPENAI_PROVIDER is not set. */
  readonly detect: DialectDetection;

  /**
   * Top-level request fields the backend accepts. The body is built from this allowlist:
   * a field the translator would set but the backend does not list is left out, so nothing
   * unknown ever reaches a backend that rejects unknown fields (Mistral, Groq, OpenAI).
   * `model` and `messages` are always sent.
   */
  readonly requestFields: ReadonlySet<OptionalRequestField>;
  /** The body field that carries the output-token limit. */
  readonly tokenLimitField: 'max_tokens' | 'max_completion_tokens';
  /**
   * Output caps, context windows and capabilities of the backend's known models, first match
   * wins: the built-in table for hosted APIs whose model lists say nothing of them.
   */
  readonly modelLimits: readonly ModelLimit[];

  /** Which tool_choice values the backend takes; others fall back to the nearest it does. */
  readonly toolChoice: ToolChoiceSupport;
  /** Tool names the backend accepts; others are replaced by a reversible short name. */
  readonly toolNames: ToolNameRule;
  /** Tool call id format the backend insists on. */
  readonly toolIds: 'any' | 'nine-alphanumeric';
  /** JSON-Schema keywords the backend rejects inside tool parameters; see strip-schema-keywords.ts. */
  readonly unsupportedSchemaKeywords: ReadonlySet<string>;
  /** Gemini takes `enum` only for strings; other enums move into the description. */
  readonly stringEnumsOnly?: boolean;
  /**
   * Gemini takes a schema `type` as one name only (its schemas are OpenAPI 3.0's); a list
   * such as `["string", "null"]` becomes `nullable: true` beside the one type, or `anyOf`.
   */
  readonly singleSchemaTypes?: boolean;

  /**
   * Models that honour Anthropic's `cache_control` breakpoints on content parts; for them the
   * client's breakpoints are passed on. Every other model gets plain content, so the bytes of
   * a conversation's prefix stay the same from turn to turn for backends that cache by prefix.
   */
  readonly cacheControlModels?: RegExp;

  readonly reasoning: ReasoningSupport;
  /**
   * Whether reasoning that arrives as `<think>…</think>` at the start of the answer text
   * becomes a thinking block; THINK_TAGS overrides it. `on` for local servers, which stream
   * a reasoning model's raw output when they run no reasoning parser; `off` for hosted APIs,
   * which return reasoning in its own field.
   */
  readonly thinkTags: ThinkTagMode;
  /** Gemini returns a thought signature on tool calls and rejects history that lacks it. */
  readonly toolCallThoughtSignatures: boolean;

  /** `first-only`: system messages after the first become user text (Qwen rejects them). */
  readonly systemMessages: 'anywhere' | 'first-only';
  /**
   * Models treated as `first-only` whatever the backend: their chat template raises "System
   * message must be at the beginning." (Qwen3.5 and later, served by vLLM, SGLang, llama.cpp…).
   */
  readonly systemFirstOnlyModels?: RegExp;
  /** `data-only`: image URLs are downloaded and sent inline; `none`: images become a text note. */
  readonly images: 'any' | 'data-only' | 'none';
  /**
   * The models that see images, where the backend also serves text-only ones (GLM's coding
   * models, Qwen's coder and max models): images sent to any other model become a note
   * instead of a 400. Unset: every model is taken to see images.
   */
  readonly imageModels?: RegExp;
  /** Models that reject temperature, top_p and stop (OpenAI's reasoning models). */
  readonly samplingUnsupportedModels?: RegExp;
}

export type DialectName =
  | 'generic'
  | 'openai'
  | 'deepseek'
  | 'glm'
  | 'qwen'
  | 'openrouter'
  | 'vllm'
  | 'sglang'
  | 'ollama'
  | 'lmstudio'
  | 'llamacpp'
  | 'groq'
  | 'mistral'
  | 'gemini';

export interface DialectDetection {
  /** Host names, or suffixes of them starting with a dot (".dashscope.aliyuncs.com"). */
  readonly hosts?: readonly string[];
  /** Default ports of local servers (Ollama 11434, LM Studio 1234). */
  readonly ports?: readonly number[];
  /**
   * `owned_by` values the server writes on its GET /models entries, naming its software
   * (llama-server writes "llamacpp"). Read by the start-up probe and the doctor when the
   * URL alone cannot tell which server it is.
   */
  readonly modelOwners?: readonly string[];
  /**
   * A GET path on the server's origin that only this server answers, with a JSON object
   * that holds `key` (llama-server's /props and its `default_generation_settings`).
   */
  readonly signature?: { readonly path: string; readonly key: string };
}

/** Every optional top-level Chat Completions field the translator may set. */
export type OptionalRequestField =
  | 'stream'
  | 'stream_options'
  | 'max_tokens'
  | 'max_completion_tokens'
  | 'temperature'
  | 'top_p'
  | 'top_k'
  | 'stop'
  | 'tools'
  | 'tool_choice'
  | 'parallel_tool_calls'
  | 'user'
  | 'safety_identifier'
  | 'response_format'
  | 'reasoning_effort'
  | 'thinking'
  | 'enable_thinking'
  | 'thinking_budget'
  | 'chat_template_kwargs'
  | 'reasoning'
  | 'tool_stream';

export interface ModelLimit {
  /** Matched against the backend model name. */
  readonly model: RegExp;
  readonly maxOutputTokens?: number;
  readonly contextWindow?: number;
  /** Takes images; unset falls back to `images` and `imageModels`. */
  readonly vision?: boolean;
  /** Takes tool definitions and calls them. */
  readonly tools?: boolean;
  /** Reasons before it answers (always, or when asked to). */
  readonly reasoning?: boolean;
}

/**
 * `all`: auto, none, required and a named function. `no-required`: required is sent as
 * auto. `auto-only`: only auto (GLM). `required-with-one-tool`: auto, none and required,
 * but no named function (llama.cpp ignores an object tool_choice, LM Studio refuses it),
 * so a named tool is forced as `required` with only that tool offered. A forced choice the
 * backend cannot express is dropped with a warning rather than failing the request.
 */
export type ToolChoiceSupport = 'all' | 'no-required' | 'auto-only' | 'required-with-one-tool';

export interface ToolNameRule {
  readonly maxLength: number;
  /** A name must match this whole. */
  readonly pattern: RegExp;
}

/** Reasoning effort levels, lowest first. Anthropic's output_config.effort uses the same words. */
export const EFFORT_LEVELS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Effort = (typeof EFFORT_LEVELS)[number];

export interface ReasoningSupport {
  /** How the backend is asked to think, or not to; see build-reasoning-fields.ts. */
  readonly request: ReasoningRequestStyle;
  /** Effort values the backend accepts, lowest first; a requested effort is clamped to these. */
  readonly efforts: readonly Effort[];
  /**
   * How earlier reasoning goes back in history. `drop`: not at all. `reasoning_content` /
   * `reasoning`: as that assistant-message field, for the turns of the current tool loop.
   * `reasoning_details`: OpenRouter's structured details, carried in thinking signatures.
   * `thinking-chunks`: Mistral's `thinking` content chunk ahead of the text, on every
   * assistant turn that reasoned (Mistral asks for the whole trace back, not just the loop's).
   */
  readonly history: 'drop' | 'reasoning_content' | 'reasoning' | 'reasoning_details' | 'thinking-chunks';
  /** Only these models take reasoning back in history; unset, every model does. */
  readonly historyModels?: RegExp;
  /**
   * DeepSeek V4 requires reasoning_content on every assistant message once thinking is in
   * play; older turns get an empty string.
   */
  readonly historyOnEveryAssistantMessage?: boolean;
  /** Qwen rejects thinking on a non-streaming request; the proxy streams upstream instead. */
  readonly requiresStream?: boolean;
  /** Only these models take reasoning fields at all (OpenAI rejects reasoning_effort on gpt-4o). */
  readonly models?: RegExp;
}

export type ReasoningRequestStyle =
  /** `reasoning_effort` when thinking is on; nothing when it is off. */
  | 'reasoning-effort'
  /** `thinking: {type}` plus `reasoning_effort` when on (DeepSeek). */
  | 'thinking-type-and-effort'
  /** `thinking: {type}` only (GLM). */
  | 'thinking-type'
  /** `enable_thinking` plus `thinking_budget` (Qwen on DashScope). */
  | 'enable-thinking'
  /** `chat_template_kwargs: {enable_thinking, thinking}` (vLLM, SGLang serving Qwen, DeepSeek, GLM). */
  | 'chat-template-kwargs'
  /** `reasoning: {effort | max_tokens | enabled}` (OpenRouter). */
  | 'reasoning-object'
  /** The backend has no reasoning switch. */
  | 'none';

/**
 * `off`: answer text passes through unchanged. `on`: an answer that starts with `<think>`
 * has its reasoning, up to `</think>`, moved into a thinking block. `open`: as `on`, for
 * chat templates that write `<think>` into the prompt, so the answer starts inside the
 * reasoning and only `</think>` appears. See create-think-tag-splitter.ts.
 */
export type ThinkTagMode = 'off' | 'on' | 'open';

/** Chat Completions function names: letters, digits, underscore and dash, at most 64. */
export const OPENAI_TOOL_NAMES: ToolNameRule = { maxLength: 64, pattern: /^[a-zA-Z0-9_-]+$/ };

/** The fields nearly every OpenAI-compatible server takes. */
export const COMMON_REQUEST_FIELDS: readonly OptionalRequestField[] = [
  'stream',
  'max_tokens',
  'temperature',
  'top_p',
  'stop',
  'tools',
  'tool_choice',
  'response_format',
];

export function fields(...names: readonly (OptionalRequestField | readonly OptionalRequestField[])[]) {
  return new Set<OptionalRequestField>(names.flat());
}
