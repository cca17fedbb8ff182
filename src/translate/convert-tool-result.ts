import type { AnthropicToolResultBlock } from '../wire/anthropic-request-schema.js';
import type { OpenAIImagePart } from '../wire/openai.js';
import { convertImage, convertUserContent } from './convert-user-content.js';

export interface ConvertedToolResult {
  /** The text of the `tool` message. */
  text: string;
  /** Images the tool returned; tool messages take text only, so these travel in a user message after them. */
  images: OpenAIImagePart[];
}

/** Prefix that tells the model a tool failed, since Chat Completions has no is_error flag. */
export const TOOL_ERROR_PREFIX = '[tool error] ';

export function convertToolResult(block: AnthropicToolResultBlock, warnings: string[]): ConvertedToolResult {
  const images: OpenAIImagePart[] = [];
  let text: string;
  if (block.content === undefined) {
    text = '';
  } else if (typeof block.content === 'string') {
    text = block.content;
  } else {
    const texts: string[] = [];
    for (const inner of block.content) {
      if (inner.type === 'image') {
        images.push(convertImage(inner.source));
        continue;
      }
      for (const part of convertUserContent([inner], warnings)) {
        if (part.type === 'text') texts.push(part.text);
        else if (part.type === 'image_url') images.push(part);
        else warnings.push('dropped a file inside a tool_result: tool messages carry text only');
      }
    }
    text = texts.join('\n');
  }
  return { text: block.is_error ? `${TOOL_ERROR_PREFIX}${text}` : text, images };
}
