import type { OpenAIResponseContentPart } from '../wire/openai.js';

/** A message or stream delta as far as reasoning and text are concerned. */
export interface ReasoningCarrier {
  reasoning_content?: string | null;
  reasoning?: string | null;
  content?: string | OpenAIResponseContentPart[] | null;
}

export interface MessageParts {
  reasoning: string;
  text: string;
}

/**
 * Splits a message or delta into reasoning and answer text. Backends disagree on where
 * reasoning goes: `reasoning_content` (DeepSeek, GLM, Qwen), `reasoning` (vLLM, Ollama,
 * Groq, OpenRouter), or `thinking` parts inside an array `content` (Mistral).
 */
export function readMessageParts(carrier: ReasoningCarrier): MessageParts {
  let reasoning =
    typeof carrier.reasoning_content === 'string' && carrier.reasoning_content.length > 0
      ? carrier.reasoning_content
      : typeof carrier.reasoning === 'string'
        ? carrier.reasoning
        : '';
  const content = carrier.content;
  if (typeof content === 'string' || content == null) return { reasoning, text: content ?? '' };
  let text = '';
  for (const part of content) {
    if (part.type === 'thinking') reasoning += flattenThinking(part.thinking);
    else if (typeof part.text === 'string') text += part.text;
  }
  return { reasoning, text };
}

function flattenThinking(thinking: OpenAIResponseContentPart['thinking']): string {
  if (typeof thinking === 'string') return thinking;
  if (!Array.isArray(thinking)) return '';
  let text = '';
  for (const part of thinking) if (typeof part.text === 'string') text += part.text;
  return text;
}
