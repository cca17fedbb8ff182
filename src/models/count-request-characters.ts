import type { AnthropicCountTokensRequest } from '../wire/anthropic-request-schema.js';

export interface RequestSize {
  /** Characters of text the model reads: system, messages, tool calls and results, tool definitions. */
  characters: number;
  /** Images, anywhere in the conversation. */
  images: number;
}

/**
 * The size of a request without tokenizing it: one pass over the text. Documents count by
 * their text or, for binary ones, not at all; this is a cheap first look, and whatever it
 * decides near a limit the tokenizer decides again.
 */
export function countRequestCharacters(request: AnthropicCountTokensRequest): RequestSize {
  const size: RequestSize = { characters: 0, images: 0 };
  const system = request.system;
  if (typeof system === 'string') size.characters += system.length;
  else for (const block of system ?? []) if (block.type === 'text') size.characters += block.text.length;
  for (const message of request.messages) {
    if (typeof message.content === 'string') size.characters += message.content.length;
    else for (const block of message.content) countBlock(block, size);
  }
  for (const tool of request.tools ?? []) {
    size.characters += tool.name.length + (tool.description?.length ?? 0);
    if (tool.input_schema) size.characters += JSON.stringify(tool.input_schema).length;
  }
  return size;
}

type Block = Exclude<AnthropicCountTokensRequest['messages'][number]['content'], string>[number];

function countBlock(block: Block, size: RequestSize): void {
  switch (block.type) {
    case 'text':
      size.characters += block.text.length;
      return;
    case 'image':
      size.images += 1;
      return;
    case 'thinking':
      size.characters += block.thinking.length;
      return;
    case 'tool_use':
      size.characters += block.name.length + JSON.stringify(block.input ?? {}).length;
      return;
    case 'tool_result':
      if (typeof block.content === 'string') size.characters += block.content.length;
      else for (const inner of block.content ?? []) countBlock(inner as Block, size);
      return;
    case 'search_result':
      size.characters += block.title.length + block.source.length;
      for (const part of block.content) size.characters += part.text.length;
      return;
    default:
      // Documents and blocks that never reach a backend: left to the tokenizer near a limit.
      return;
  }
}
