/**
 * OpenAI Chat Completions wire shapes as the proxy sends and reads them.
 *
 * Requests mirror openai-node's ChatCompletionCreateParams (test/wire/openai-types.test.ts
 * checks they stay assignable) plus the extension fields OpenAI-compatible backends take.
 * Responses are deliberately partial and loose: every field is optional because backends
 * omit, rename and add fields, and the readers in translate/ check what they use.
 */

/** Anthropic's cache breakpoint, which OpenRouter passes on to the models that honour it. */
export interface OpenAICacheControl {
  type: string;
  ttl?: string;
}

export interface OpenAITextPart {
  type: 'text';
  text: string;
  cache_control?: OpenAICacheControl;
}

export interface OpenAIImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
  cache_control?: OpenAICacheControl;
}

export interface OpenAIFilePart {
  type: 'file';
  file: { filename: string; file_data: string };
}

export type OpenAIUserPart = OpenAITextPart | OpenAIImagePart | OpenAIFilePart;

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  /** Gemini: the thought signature returned with the call, which must come back with it. */
  extra_content?: GeminiExtraContent;
}

export interface GeminiExtraContent {
  google?: { thought_signature?: string | null } | null;
}

export interface OpenAISystemMessage {
  role: 'system' | 'developer';
  /** Parts only to carry cache breakpoints (OpenRouter). */
  content: string | OpenAITextPart[];
}

export interface OpenAIUserMessage {
  role: 'user';
  content: string | OpenAIUserPart[];
}

/** Mistral: earlier reasoning as a content chunk of an assistant message, before its text. */
export interface OpenAIThinkingPart {
  type: 'thinking';
  thinking: OpenAITextPart[];
}

export type OpenAIAssistantPart = OpenAITextPart | OpenAIThinkingPart;

export interface OpenAIAssistantMessage {
  role: 'assistant';
  /** Parts only where a dialect gives reasoning back as content chunks (Mistral). */
  content: string | OpenAIAssistantPart[] | null;
  tool_calls?: OpenAIToolCall[];
  /** DeepSeek, GLM and Qwen read reasoning back under this name. */
  reasoning_content?: string;
  /** vLLM, Ollama, Groq and OpenRouter use this name. */
  reasoning?: string;
  /** OpenRouter: structured reasoning (with provider signatures), sent back unchanged. */
  reasoning_details?: unknown[];
}

export interface OpenAIToolMessage {
  role: 'tool';
  tool_call_id: string;
  /** Parts only to carry a cache breakpoint (OpenRouter). */
  content: string | OpenAITextPart[];
}

export type OpenAIMessage =
  | OpenAISystemMessage
  | OpenAIUserMessage
  | OpenAIAssistantMessage
  | OpenAIToolMessage;

export interface OpenAIFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export type OpenAIToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };

export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIMessage[];
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  user?: string;
  reasoning_effort?: string;
  safety_identifier?: string;
  response_format?: { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown> } };
  /** Top-level extensions, each taken by some backends only; dialects allowlist them. */
  top_k?: number;
  /** DeepSeek and GLM. */
  thinking?: { type: 'enabled' | 'disabled' };
  /** Qwen on DashScope. */
  enable_thinking?: boolean;
  thinking_budget?: number;
  /** vLLM and SGLang: passed to the model's chat template. */
  chat_template_kwargs?: Record<string, unknown>;
  /** OpenRouter. */
  reasoning?: { effort?: string; max_tokens?: number; enabled?: boolean };
  /** GLM: stream tool-call arguments as they are generated. */
  tool_stream?: boolean;
}

export interface OpenAIUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek reports its prefix cache with these two instead of prompt_tokens_details. */
  prompt_cache_hit_tokens?: number | null;
  prompt_cache_miss_tokens?: number | null;
}

/** A message content part as some backends return it (Mistral returns arrays of these). */
export interface OpenAIResponseContentPart {
  type?: string;
  text?: string;
  thinking?: string | OpenAIResponseContentPart[];
}

export interface OpenAIResponseToolCall {
  index?: number;
  id?: string | null;
  type?: string;
  function?: { name?: string | null; arguments?: string | null } | null;
  extra_content?: GeminiExtraContent | null;
}

export interface OpenAIResponseMessage {
  role?: string;
  content?: string | OpenAIResponseContentPart[] | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  refusal?: string | null;
  tool_calls?: OpenAIResponseToolCall[] | null;
  /** OpenRouter: reasoning as structured entries (text with signature, summary, encrypted). */
  reasoning_details?: unknown;
}

export interface OpenAIChoice {
  index?: number;
  message?: OpenAIResponseMessage | null;
  finish_reason?: string | null;
  /** vLLM: the stop string or token that ended generation. */
  stop_reason?: string | number | null;
}

export interface OpenAIChatResponse {
  id?: string;
  object?: string;
  model?: string;
  choices?: OpenAIChoice[] | null;
  usage?: OpenAIUsage | null;
}

/** The `delta` of a streamed choice; the same loose shape as a message, one fragment at a time. */
export type OpenAIChunkDelta = OpenAIResponseMessage;

export interface OpenAIChunkChoice {
  index?: number;
  delta?: OpenAIChunkDelta | null;
  finish_reason?: string | null;
  /** vLLM: the stop string or token that ended generation. */
  stop_reason?: string | number | null;
}

/** One `chat.completion.chunk` from an SSE stream. */
export interface OpenAIChatChunk {
  id?: string;
  object?: string;
  model?: string;
  choices?: OpenAIChunkChoice[] | null;
  /** With stream_options.include_usage: on the finish chunk or on a last chunk with empty choices. */
  usage?: OpenAIUsage | null;
  /** Groq repeats the usage here. */
  x_groq?: { usage?: OpenAIUsage | null } | null;
}
