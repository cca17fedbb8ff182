import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicRequest,
  AnthropicToolResultBlock,
} from '../wire/anthropic-request-schema.js';
import type { OpenAIUserPart } from '../wire/openai.js';
import type { ResponsesInputItem, ResponsesInputPart } from '../wire/openai-responses.js';
import { decodeReasoningSignature } from './carry-reasoning-state.js';
import { MISSING_TOOL_RESULT_TEXT } from './convert-messages.js';
import { convertToolResult } from './convert-tool-result.js';
import { assertNever, convertUserContent } from './convert-user-content.js';
import type { ToolNameMap } from './create-tool-name-map.js';

export interface ResponsesInputOptions {
  toolNames: ToolNameMap;
  warnings: string[];
  /** `provider/model` the request goes to: reasoning items another one wrote are not given back. */
  reasoningOrigin: string | undefined;
}

/**
 * Converts Anthropic `messages` into Responses input items (the system prompt travels as
 * `instructions`, see convert-responses-request.ts).
 *
 * The Responses API pairs a `function_call` and its `function_call_output` by `call_id` and
 * refuses either without the other, so the invariants are the Chat Completions ones: each
 * call of an assistant turn gets exactly one output (a placeholder when the client sent
 * none), and a result whose call is not in the history becomes user text. Reasoning items
 * carried in the proxy's thinking signatures go back in place, before the items of the turn
 * that followed them, as the API wants them.
 */
export function convertResponsesInput(
  messages: AnthropicRequest['messages'],
  options: ResponsesInputOptions,
): ResponsesInputItem[] {
  const { warnings } = options;
  const items: ResponsesInputItem[] = [];
  let pendingCallIds: string[] = [];

  const flushPending = (results: Map<string, AnthropicToolResultBlock>, userParts: ResponsesInputPart[]) => {
    for (const id of pendingCallIds) {
      const result = results.get(id);
      results.delete(id);
      if (!result) {
        warnings.push(`tool call ${id} had no tool_result; sent a placeholder result`);
        items.push({ type: 'function_call_output', call_id: id, output: MISSING_TOOL_RESULT_TEXT });
        continue;
      }
      const converted = convertToolResult(result, warnings);
      const images = converted.images.map(toInputPart);
      // The API takes images inside a function output, so they stay with their result.
      items.push({
        type: 'function_call_output',
        call_id: id,
        output:
          images.length === 0 ? converted.text : [{ type: 'input_text', text: converted.text }, ...images],
      });
    }
    pendingCallIds = [];
    if (userParts.length > 0) items.push({ type: 'message', role: 'user', content: userParts });
  };

  for (const { role, blocks } of mergeConsecutiveTurns(messages)) {
    switch (role) {
      case 'system': {
        const text = joinText(blocks);
        if (!text) break;
        if (pendingCallIds.length > 0) flushPending(new Map(), []);
        items.push({ type: 'message', role: 'system', content: text });
        break;
      }
      case 'assistant':
        if (pendingCallIds.length > 0) flushPending(new Map(), []);
        pendingCallIds = appendAssistant(blocks, items, options);
        break;
      case 'user': {
        const results = new Map<string, AnthropicToolResultBlock>();
        const others: AnthropicContentBlock[] = [];
        for (const block of blocks) {
          if (block.type === 'tool_result') results.set(block.tool_use_id, block);
          else others.push(block);
        }
        const parts: ResponsesInputPart[] = [];
        const answered = pendingCallIds.length > 0;
        for (const [id, orphan] of results) {
          if (answered && pendingCallIds.includes(id)) continue;
          warnings.push(`tool_result ${id} matches no preceding tool call; sent as user text`);
          const converted = convertToolResult(orphan, warnings);
          parts.push({ type: 'input_text', text: `[result of tool call ${id}]\n${converted.text}` });
          parts.push(...converted.images.map(toInputPart));
          results.delete(id);
        }
        parts.push(...convertUserContent(others, warnings).map(toInputPart));
        if (answered) flushPending(results, parts);
        else if (parts.length > 0) items.push({ type: 'message', role: 'user', content: parts });
        break;
      }
      default:
        assertNever(role);
    }
  }
  if (pendingCallIds.length > 0) flushPending(new Map(), []);
  return items;
}

/** Appends one assistant turn's items in the order of its blocks; returns the ids of its calls. */
function appendAssistant(
  blocks: readonly AnthropicContentBlock[],
  items: ResponsesInputItem[],
  options: ResponsesInputOptions,
): string[] {
  const callIds: string[] = [];
  let text = '';
  const flushText = () => {
    if (text.length > 0) items.push({ type: 'message', role: 'assistant', content: text });
    text = '';
  };
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        text += block.text;
        break;
      case 'tool_use':
        flushText();
        callIds.push(block.id);
        items.push({
          type: 'function_call',
          call_id: block.id,
          name: options.toolNames.toBackend(block.name),
          arguments: JSON.stringify(block.input ?? {}),
        });
        break;
      case 'thinking': {
        // Only the proxy's own signatures hold reasoning items, and only for the model that wrote them.
        const state = decodeReasoningSignature(block.signature, options.reasoningOrigin);
        if (!state?.responsesItems?.length) break;
        flushText();
        for (const item of state.responsesItems) if (isReasoningItem(item)) items.push(item);
        break;
      }
      case 'redacted_thinking':
        break;
      case 'unsupported':
        options.warnings.push(`dropped a "${block.original_type}" block from an assistant turn`);
        break;
      case 'image':
      case 'document':
      case 'search_result':
      case 'tool_result':
        options.warnings.push(`dropped a "${block.type}" block from an assistant turn`);
        break;
      default:
        assertNever(block);
    }
  }
  flushText();
  return callIds;
}

/** What the signature decoded is checked for before it goes to the backend. */
function isReasoningItem(value: unknown): value is Extract<ResponsesInputItem, { type: 'reasoning' }> {
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Record<string, unknown>;
  return item.type === 'reasoning' && Array.isArray(item.summary);
}

/** A Chat Completions content part as the Responses part with the same meaning. */
function toInputPart(part: OpenAIUserPart): ResponsesInputPart {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text };
    case 'image_url':
      return { type: 'input_image', image_url: part.image_url.url, detail: 'auto' };
    case 'file':
      return { type: 'input_file', filename: part.file.filename, file_data: part.file.file_data };
    default:
      return assertNever(part);
  }
}

/**
 * Consecutive turns of one role are one turn to the API; merged, an assistant turn split in
 * two (thinking, then its tool calls) keeps its calls paired with the results after it.
 */
function mergeConsecutiveTurns(
  messages: readonly AnthropicMessage[],
): { role: AnthropicMessage['role']; blocks: AnthropicContentBlock[] }[] {
  const turns: { role: AnthropicMessage['role']; blocks: AnthropicContentBlock[] }[] = [];
  for (const message of messages) {
    const last = turns.at(-1);
    if (last && last.role === message.role && message.role !== 'system')
      last.blocks.push(...toBlocks(message.content));
    else turns.push({ role: message.role, blocks: [...toBlocks(message.content)] });
  }
  return turns;
}

function toBlocks(content: AnthropicMessage['content']): AnthropicContentBlock[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  return content as AnthropicContentBlock[];
}

function joinText(blocks: readonly AnthropicContentBlock[]): string {
  const texts: string[] = [];
  for (const block of blocks) if (block.type === 'text' && block.text.length > 0) texts.push(block.text);
  return texts.join('\n\n');
}
