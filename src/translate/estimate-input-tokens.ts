import type { OpenAIAssistantPart, OpenAIChatRequest, OpenAIUserPart } from '../wire/openai.js';

/**
 * Characters per token assumed for the estimate. Tokenizers of current models average
 * 3.5–4 characters per token on English and code; 3 errs towards more tokens, so the
 * output limit derived from it leaves the backend's context some slack.
 */
const CHARS_PER_TOKEN = 3;
/** Anthropic's ceiling for one image; backends count less for most. */
const IMAGE_TOKENS = 1_600;
const FILE_TOKENS = 1_500;

/**
 * A fast upper estimate of a Chat Completions request's input tokens, for keeping
 * max_tokens inside a context window. It walks the text once instead of tokenizing (the
 * exact count would cost milliseconds per turn on a long conversation) and counts images
 * and files by a fixed amount rather than by the size of their base64 data.
 */
export function estimateInputTokens(body: Pick<OpenAIChatRequest, 'messages' | 'tools'>): number {
  let characters = 0;
  let fixedTokens = 0;
  const countPart = (part: OpenAIUserPart | OpenAIAssistantPart) => {
    if (part.type === 'text') characters += part.text.length;
    else if (part.type === 'thinking') part.thinking.forEach(countPart);
    else if (part.type === 'image_url') fixedTokens += IMAGE_TOKENS;
    else fixedTokens += FILE_TOKENS;
  };
  for (const message of body.messages) {
    const content = message.content;
    if (typeof content === 'string') characters += content.length;
    else if (Array.isArray(content)) content.forEach(countPart);
    if (message.role === 'assistant') {
      characters += message.reasoning_content?.length ?? 0;
      for (const call of message.tool_calls ?? [])
        characters += call.function.name.length + call.function.arguments.length;
    }
  }
  if (body.tools) characters += JSON.stringify(body.tools).length;
  return Math.ceil(characters / CHARS_PER_TOKEN) + fixedTokens;
}
