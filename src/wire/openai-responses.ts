/**
 * OpenAI Responses API wire shapes (`POST /v1/responses`) as the proxy sends and reads them.
 *
 * Requests are the subset the proxy builds. Answers and stream events are deliberately
 * loose: every field is optional, because Responses-compatible servers (vLLM, Moonshot,
 * MiniMax, gateways) leave fields out and add their own, and the readers in translate/
 * check what they use.
 */

export interface ResponsesInputText {
  type: 'input_text';
  text: string;
}

export interface ResponsesInputImage {
  type: 'input_image';
  image_url: string;
  detail: 'auto';
}

export interface ResponsesInputFile {
  type: 'input_file';
  filename: string;
  file_data: string;
}

export type ResponsesInputPart = ResponsesInputText | ResponsesInputImage | ResponsesInputFile;

/** A user, system or assistant turn; assistant text travels as a plain string. */
export interface ResponsesMessageItem {
  type: 'message';
  role: 'user' | 'system' | 'developer' | 'assistant';
  content: string | ResponsesInputPart[];
}

export interface ResponsesFunctionCallItem {
  type: 'function_call';
  call_id: string;
  name: string;
  arguments: string;
}

export interface ResponsesFunctionCallOutputItem {
  type: 'function_call_output';
  call_id: string;
  output: string | ResponsesInputPart[];
}

/**
 * A reasoning item given back as the API returned it: with `store: false` the server keeps
 * nothing, so the item must carry its `encrypted_content`.
 */
export interface ResponsesReasoningItem {
  type: 'reasoning';
  id?: string;
  summary: { type: 'summary_text'; text: string }[];
  encrypted_content?: string | null;
  content?: { type: 'reasoning_text'; text: string }[];
}

export type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesReasoningItem;

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  /** false: the client's schemas are not written for OpenAI's strict mode. */
  strict: boolean;
}

export type ResponsesToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; name: string };

export type ResponsesReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface ResponsesRequest {
  model: string;
  input: ResponsesInputItem[];
  instructions?: string;
  stream?: boolean;
  store: boolean;
  include?: string[];
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  tools?: ResponsesFunctionTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  reasoning?: { effort?: ResponsesReasoningEffort; summary?: 'auto' | 'concise' | 'detailed' };
  text?: { format: { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict: boolean } };
  safety_identifier?: string;
}

/** An output item of an answer, or of a stream's output_item events. */
export interface ResponsesOutputItem {
  type?: string;
  id?: string;
  status?: string | null;
  /** message */
  role?: string;
  content?: ResponsesOutputContent[] | null;
  /** function_call */
  call_id?: string;
  name?: string;
  arguments?: string;
  /** reasoning */
  summary?: { type?: string; text?: string }[] | null;
  encrypted_content?: string | null;
}

export interface ResponsesOutputContent {
  type?: string;
  text?: string;
  refusal?: string;
}

export interface ResponsesUsage {
  input_tokens?: number | null;
  input_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  output_tokens?: number | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
  total_tokens?: number | null;
}

export interface ResponsesError {
  code?: string | null;
  message?: string | null;
}

/** The `response` object: a whole answer, and the payload of response.completed/incomplete/failed. */
export interface ResponsesResponse {
  id?: string;
  object?: string;
  status?: string | null;
  model?: string;
  output?: ResponsesOutputItem[] | null;
  incomplete_details?: { reason?: string | null } | null;
  error?: ResponsesError | null;
  usage?: ResponsesUsage | null;
}

/** One streamed event; `type` names it, the other fields depend on it. */
export interface ResponsesStreamEvent {
  type?: string;
  sequence_number?: number;
  output_index?: number;
  item_id?: string;
  content_index?: number;
  summary_index?: number;
  delta?: string;
  text?: string;
  arguments?: string;
  item?: ResponsesOutputItem;
  response?: ResponsesResponse;
  /** The `error` event. */
  code?: string | null;
  message?: string | null;
  param?: string | null;
}
