import type { ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import type { ResponseContext } from './convert-openai-response.js';
import { parseToolArguments } from './parse-tool-arguments.js';
import { sanitizeToolId } from './sanitize-tool-id.js';

/** A complete tool call as the backend sent it, whole or reassembled from stream fragments. */
export interface BackendToolCall {
  id: string | null | undefined;
  name: string | null | undefined;
  arguments: string | null | undefined;
}

/**
 * The one conversion of a backend tool call into a tool_use block, for the streaming and
 * non-streaming paths: a safe id, unique among `takenIds` (the message's ids so far), and
 * arguments parsed (or repaired) into an object. Throws an UpstreamProtocolError when the
 * arguments cannot be made into an object.
 */
export function convertToolCall(
  call: BackendToolCall,
  context: Pick<ResponseContext, 'createToolId' | 'toolNames'>,
  takenIds: Set<string>,
): ToolUseBlock {
  const name = context.toolNames ? context.toolNames.toClient(call.name ?? '') : (call.name ?? '');
  return {
    type: 'tool_use',
    id: sanitizeToolId(call.id, context.createToolId, takenIds),
    name,
    input: parseToolArguments(call.arguments, name),
    caller: { type: 'direct' },
  };
}
