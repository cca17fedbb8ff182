import type { ResponsesInputPart, ResponsesRequest } from '../wire/openai-responses.js';
import { LIMIT_CHARS_PER_TOKEN } from './estimate-input-tokens.js';
import { knownJsonOf } from './known-json.js';

/** The same fixed amounts estimate-input-tokens.ts counts for a Chat Completions request. */
const IMAGE_TOKENS = 1_600;
const FILE_TOKENS = 1_500;

/**
 * The Responses counterpart of estimateInputTokens: one walk over the text of the
 * instructions, input items and tools, images and files by a fixed amount.
 */
export function estimateResponsesInputTokens(
  body: Pick<ResponsesRequest, 'instructions' | 'input' | 'tools'>,
  charsPerToken: number = LIMIT_CHARS_PER_TOKEN,
): number {
  let characters = body.instructions?.length ?? 0;
  let fixedTokens = 0;
  const countParts = (content: string | readonly ResponsesInputPart[]) => {
    if (typeof content === 'string') {
      characters += content.length;
      return;
    }
    for (const part of content) {
      if (part.type === 'input_text') characters += part.text.length;
      else if (part.type === 'input_image') fixedTokens += IMAGE_TOKENS;
      else fixedTokens += FILE_TOKENS;
    }
  };
  for (const item of body.input) {
    switch (item.type) {
      case 'message':
        countParts(item.content);
        break;
      case 'function_call':
        characters += item.name.length + item.arguments.length;
        break;
      case 'function_call_output':
        countParts(item.output);
        break;
      case 'reasoning':
        for (const part of item.summary) characters += part.text.length;
        break;
    }
  }
  if (body.tools) characters += (knownJsonOf(body.tools) ?? JSON.stringify(body.tools)).length;
  return Math.ceil(characters / charsPerToken) + fixedTokens;
}
