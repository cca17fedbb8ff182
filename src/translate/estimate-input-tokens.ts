import type { OpenAIAssistantPart, OpenAIChatRequest, OpenAIUserPart } from '../wire/openai.js';
import { knownJsonOf } from './known-json.js';

/**
 * Characters per token for keeping max_tokens inside a context window. Tokenizers of current
 * models average 3.5–4 characters per token on English and code; 3 errs towards more tokens,
 * so the output limit derived from it leaves the backend's context some slack.
 */
export const LIMIT_CHARS_PER_TOKEN = 3;
/**
 * Characters per token for the input count reported in message_start, before the backend's
 * exact count arrives: o200k_base gives 3.6–4.3 on prose, docs and code, and about 2.3 on
 * dense JSON, so 3.6 lands near the count for a typical turn without tokenizing it.
 */
export const REPORT_CHARS_PER_TOKEN = 3.6;
/** Anthropic's ceiling for one image; backends count less for most. */
const IMAGE_TOKENS = 1_600;
const FILE_TOKENS = 1_500;

/**
 * A fast estimate of a Chat Completions request's input tokens: an upper one (the default)
 * for keeping max_tokens inside a context window, or a closer one for reporting. It walks
 * the text once instead of tokenizing (the exact count would cost milliseconds per turn on
 * a long conversation) and counts images and files by a fixed amount rather than by the
 * size of their base64 data.
 */
export function estimateInputTokens(
  body: Pick<OpenAIChatRequest, 'messages' | 'tools'>,
  charsPerToken: number = LIMIT_CHARS_PER_TOKEN,
): number {
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
  if (body.tools) characters += (knownJsonOf(body.tools) ?? JSON.stringify(body.tools)).length;
  return Math.ceil(characters / charsPerToken) + fixedTokens;
}
