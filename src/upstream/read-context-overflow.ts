/**
 * A backend's "the request does not fit the context window", read from its error. `prompt`:
 * the prompt alone is too long. `prompt-and-output`: the prompt fits, but not with the
 * output tokens asked for (vLLM and SGLang check max_tokens up front).
 */
export type ContextOverflow =
  | { kind: 'prompt'; promptTokens?: number; contextWindow?: number }
  | { kind: 'prompt-and-output'; promptTokens: number; outputTokens: number; contextWindow: number };

type Reader = (match: RegExpExecArray) => ContextOverflow;

const N = String.raw`([\d,]+)`;

/**
 * Each server's wording, from its source or its reported errors; numbers are captured
 * where the message has them. One table, so a new backend's wording is one more row.
 */
const WORDINGS: ReadonlyArray<readonly [RegExp, Reader]> = [
  // llama.cpp: "request (18778 tokens) exceeds the available context size (4096 tokens), try increasing it"
  [
    new RegExp(String.raw`request \(${N} tokens\) exceeds the available context size \(${N} tokens\)`, 'i'),
    (m) => prompt(m[1], m[2]),
  ],
  // llama.cpp, embeddings and older servers: "input (9000 tokens) is larger than the max context size (8192 tokens)"
  [
    new RegExp(String.raw`input \(${N} tokens\) is larger than the max context size \(${N} tokens\)`, 'i'),
    (m) => prompt(m[1], m[2]),
  ],
  // vLLM before ~0.10: "This model's maximum context length is 4096 tokens. However, you requested 5000
  // tokens (4000 in the messages, 1000 in the completion)." Over only with the completion counted:
  [
    new RegExp(
      String.raw`maximum context length is ${N} tokens\. However, you requested ${N} tokens \(${N} in the messages, ${N} in the completion\)`,
      'i',
    ),
    (m) => promptOrOutput(m[3], m[4], m[1]),
  ],
  // vLLM: "'max_tokens' or 'max_completion_tokens' is too large: 32000. This model's maximum context
  // length is 32768 tokens and your request has 1000 input tokens (32000 > 32768 - 1000)."
  [
    new RegExp(
      String.raw`is too large: ${N}\. This model's maximum context length is ${N} tokens and your request has ${N} input tokens`,
      'i',
    ),
    (m) => promptOrOutput(m[3], m[1], m[2]),
  ],
  // vLLM and OpenAI: "This model's maximum context length is 32768 tokens. However, your request has
  // 40000 input tokens." / "However, your messages resulted in 9000 tokens."
  [
    new RegExp(
      String.raw`maximum context length is ${N} tokens\. However, your (?:request has|messages resulted in) ${N}`,
      'i',
    ),
    (m) => prompt(m[2], m[1]),
  ],
  // vLLM: "Input length (265330) exceeds model's maximum context length (262144)."
  [
    new RegExp(String.raw`Input length \(${N}\) exceeds model's maximum context length \(${N}\)`, 'i'),
    (m) => prompt(m[1], m[2]),
  ],
  // SGLang: "Requested token count exceeds the model's maximum context length of 64000 tokens. You
  // requested a total of 71897 tokens: 7897 tokens from the input messages and 64000 tokens for the completion."
  [
    new RegExp(
      String.raw`maximum context length of ${N} tokens\. You requested a total of ${N} tokens: ${N} tokens from the input messages and ${N} tokens for the completion`,
      'i',
    ),
    (m) => promptOrOutput(m[3], m[4], m[1]),
  ],
  // SGLang (and Together, Fireworks): "The input (150000 tokens) is longer than the model's context length (128000 tokens)."
  [
    new RegExp(
      String.raw`input \(${N} tokens\) is longer than the model's context length \(${N} tokens\)`,
      'i',
    ),
    (m) => prompt(m[1], m[2]),
  ],
  // LM Studio 0.3: "Trying to keep the first 15857 tokens when context the overflows. However, the model
  // is loaded with context length of only 4096 tokens, which is not enough."
  [
    new RegExp(
      String.raw`keep the first ${N} tokens when context the overflows\. However, the model is loaded with context length of only ${N} tokens`,
      'i',
    ),
    (m) => prompt(m[1], m[2]),
  ],
  // LM Studio: "The number of tokens to keep from the initial prompt is greater than the context length
  // (n_keep: 13055>= n_ctx: 4096)"; older llama.cpp inside it: "Cannot truncate prompt with n_keep (15028) >= n_ctx (7424)"
  [new RegExp(String.raw`n_keep:? \(?${N}\)?\s*>=\s*n_ctx:? \(?${N}\)?`, 'i'), (m) => prompt(m[1], m[2])],
  // Mistral: "Prompt contains 40000 tokens, too large for model with 32768 maximum context length"
  [
    new RegExp(`Prompt contains ${N} tokens, too large for model with ${N} maximum context length`, 'i'),
    (m) => prompt(m[1], m[2]),
  ],
  // Without numbers: llama.cpp's older "the request exceeds the available context size", Ollama's
  // "the prompt is longer than the context length currently available to the model" and "the input
  // length exceeds the context length", LM Studio 0.4's "Context size has been exceeded."
  [
    /exceeds the available context size|longer than the context length|input length exceeds the context length|context size has been exceeded/i,
    () => ({ kind: 'prompt' }),
  ],
  // Anyone else who says it plainly (OpenAI's code context_length_exceeded is checked apart).
  [
    /context[_ ]length|maximum context|context window|too many tokens|prompt is too long/i,
    () => ({ kind: 'prompt' }),
  ],
];

/**
 * Whether a backend error says the request does not fit the model's context, and the
 * numbers when it gives them. `body` is the parsed error body (llama.cpp puts the numbers
 * in fields: `{"error":{"type":"exceed_context_size_error","n_prompt_tokens","n_ctx"}}`);
 * `message` and `code` are what readUpstreamErrorMessage read from it.
 */
export function readContextOverflow(
  body: unknown,
  message: string,
  code: string | undefined,
): ContextOverflow | undefined {
  const fields = readOverflowFields(body);
  if (fields) return fields;
  for (const [pattern, read] of WORDINGS) {
    const match = pattern.exec(message);
    if (match) return read(match);
  }
  return code === 'context_length_exceeded' ? { kind: 'prompt' } : undefined;
}

/** llama.cpp's structured error, also found serialized inside Ollama's `error` string. */
function readOverflowFields(body: unknown): ContextOverflow | undefined {
  let error = isRecord(body) ? body.error : undefined;
  if (typeof error === 'string' && error.startsWith('{')) {
    try {
      error = (JSON.parse(error) as { error?: unknown }).error;
    } catch {
      return undefined;
    }
  }
  if (!isRecord(error) || error.type !== 'exceed_context_size_error') return undefined;
  const promptTokens = typeof error.n_prompt_tokens === 'number' ? error.n_prompt_tokens : undefined;
  const contextWindow = typeof error.n_ctx === 'number' ? error.n_ctx : undefined;
  return {
    kind: 'prompt',
    ...(promptTokens !== undefined ? { promptTokens } : {}),
    ...(contextWindow !== undefined ? { contextWindow } : {}),
  };
}

function prompt(tokens: string | undefined, window: string | undefined): ContextOverflow {
  return { kind: 'prompt', promptTokens: toNumber(tokens), contextWindow: toNumber(window) };
}

/** A prompt that fills the window on its own is too long; otherwise the output asked for is the excess. */
function promptOrOutput(
  input: string | undefined,
  output: string | undefined,
  window: string | undefined,
): ContextOverflow {
  const promptTokens = toNumber(input);
  const contextWindow = toNumber(window);
  if (promptTokens >= contextWindow) return { kind: 'prompt', promptTokens, contextWindow };
  return { kind: 'prompt-and-output', promptTokens, outputTokens: toNumber(output), contextWindow };
}

function toNumber(digits: string | undefined): number {
  return Number((digits ?? '').replaceAll(',', ''));
}

/**
 * Anthropic's own wording, which Claude Code acts on: "prompt is too long: N tokens > M
 * maximum" makes it compact the conversation; "input length and `max_tokens` exceed context
 * limit: N + K > M, …" makes it retry with fewer output tokens. Without numbers, the
 * backend's own message follows "prompt is too long: ".
 */
export function describeContextOverflow(overflow: ContextOverflow, backendMessage: string): string {
  if (overflow.kind === 'prompt-and-output') {
    return `input length and \`max_tokens\` exceed context limit: ${overflow.promptTokens} + ${overflow.outputTokens} > ${overflow.contextWindow}, decrease input length or \`max_tokens\` and try again`;
  }
  const { promptTokens, contextWindow } = overflow;
  if (promptTokens !== undefined && contextWindow !== undefined && promptTokens > 0 && contextWindow > 0) {
    return `prompt is too long: ${promptTokens} tokens > ${contextWindow} maximum`;
  }
  return `prompt is too long: ${backendMessage}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
