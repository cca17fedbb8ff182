import type { ClaudeFamily } from '../config/config.js';
import { readThinkingIntent } from '../translate/read-thinking-intent.js';
import type { AnthropicRequest } from '../wire/anthropic-request-schema.js';
import { isClaudeModel, readClaudeFamily } from './claude-model-names.js';

/** What routing looks at in a request; computed once per request, before any provider is chosen. */
export interface RequestTraits {
  model: string;
  /** Set for Claude model names only: `claude-haiku-4-5` is haiku, `gpt-5` has no family. */
  family: ClaudeFamily | undefined;
  isClaudeModel: boolean;
  thinking: boolean;
  /** Any image anywhere, tool results included. */
  hasImages: boolean;
}

export function readRequestTraits(
  request: Pick<AnthropicRequest, 'model' | 'messages' | 'thinking' | 'output_config'>,
): RequestTraits {
  const claude = isClaudeModel(request.model);
  return {
    model: request.model,
    family: claude ? readClaudeFamily(request.model) : undefined,
    isClaudeModel: claude,
    thinking: readThinkingIntent(request).kind === 'on',
    hasImages: containsImage(request),
  };
}

function containsImage(request: Pick<AnthropicRequest, 'messages'>): boolean {
  for (const message of request.messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type === 'image') return true;
      if (block.type === 'tool_result' && Array.isArray(block.content)) {
        if (block.content.some((part) => part.type === 'image')) return true;
      }
    }
  }
  return false;
}
