import type { Dialect } from '../dialects/dialect.js';
import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicRequest,
  AnthropicToolResultBlock,
} from '../wire/anthropic-request-schema.js';
import type { OpenAIMessage, OpenAITextPart, OpenAIUserPart } from '../wire/openai.js';
import { applyImagePolicy } from './apply-image-policy.js';
import { type AssistantContext, convertAssistantMessage } from './convert-assistant-message.js';
import { convertToolResult } from './convert-tool-result.js';
import {
  assertNever,
  convertUserContent,
  toUserMessageContent,
  withCacheControl,
} from './convert-user-content.js';
import type { ToolNameMap } from './create-tool-name-map.js';
import { toNineAlphanumericId } from './map-tool-id.js';

/** Claude Code's first system block; it changes every turn and would defeat backend prefix caches. */
const BILLING_HEADER_PREFIX = 'x-anthropic-billing-header:';

/** Sent for a tool call the client never answered, because backends reject unanswered calls. */
export const MISSING_TOOL_RESULT_TEXT = '[no result: this tool call was not answered]';

type Block = AnthropicContentBlock;

export interface ConvertMessagesOptions {
  dialect: Dialect;
  /** The backend model; some models' chat templates take a system message only first. */
  model?: string;
  toolNames: ToolNameMap;
  warnings: string[];
  recallReasoning?: AssistantContext['recallReasoning'];
  reasoningOrigin?: AssistantContext['reasoningOrigin'];
  /** Whether the model sees images, when its facts say; otherwise the dialect decides. */
  vision?: boolean | undefined;
}

/**
 * Converts Anthropic `system` + `messages` into Chat Completions messages.
 *
 * Tool history is the part other proxies break, so the invariants are explicit: every
 * assistant tool call is followed directly by exactly one `tool` message per call, in call
 * order; user text, images returned by tools and mid-conversation system messages that sat
 * beside the results come after those tool messages; results with no matching call become
 * user text instead of an orphan `tool` message.
 */
export function convertMessages(
  request: Pick<AnthropicRequest, 'system' | 'messages'>,
  options: ConvertMessagesOptions,
): OpenAIMessage[] {
  const { dialect, warnings } = options;
  const output: OpenAIMessage[] = [];
  const toolCallId = (id: string) =>
    dialect.toolIds === 'nine-alphanumeric' ? toNineAlphanumericId(id) : id;
  const systemFirstOnly =
    dialect.systemMessages === 'first-only' ||
    (options.model !== undefined && dialect.systemFirstOnlyModels?.test(options.model) === true);
  const pushSystem = (text: string) => {
    if (systemFirstOnly && output.length > 0) {
      // Qwen refuses a system message anywhere but first; the instruction still reaches the model.
      appendUser(output, [{ type: 'text', text: `<system>\n${text}\n</system>` }]);
    } else {
      output.push({ role: 'system', content: text });
    }
  };
  const keepCacheControl =
    options.model !== undefined && dialect.cacheControlModels?.test(options.model) === true;
  const systemParts = keepCacheControl ? convertSystemWithBreakpoints(request.system) : undefined;
  if (systemParts) {
    output.push({ role: 'system', content: systemParts });
  } else {
    const systemText = convertSystem(request.system);
    if (systemText) pushSystem(systemText);
  }

  /** Client ids of the tool calls just written, still waiting for their results. */
  let pendingCallIds: string[] = [];
  /** System messages that arrived while calls were pending; they go after the tool messages. */
  let deferredSystem: string[] = [];

  const flushPending = (results: Map<string, AnthropicToolResultBlock>, userParts: OpenAIUserPart[]) => {
    for (const id of pendingCallIds) {
      const result = results.get(id);
      results.delete(id);
      if (!result) {
        warnings.push(`tool call ${id} had no tool_result; sent a placeholder result`);
        output.push({ role: 'tool', tool_call_id: toolCallId(id), content: MISSING_TOOL_RESULT_TEXT });
        continue;
      }
      const converted = convertToolResult(result, warnings);
      const text: OpenAITextPart = { type: 'text', text: converted.text };
      const withBreakpoint = withCacheControl(text, result.cache_control, { keepCacheControl });
      output.push({
        role: 'tool',
        tool_call_id: toolCallId(id),
        content: withBreakpoint === text ? converted.text : [withBreakpoint],
      });
      if (converted.images.length > 0) {
        userParts.push({ type: 'text', text: `Images returned by tool call ${id}:` }, ...converted.images);
      }
    }
    pendingCallIds = [];
    for (const text of deferredSystem) pushSystem(text);
    deferredSystem = [];
  };

  const messages = mergeConsecutiveRoles(request.messages);
  const loopStart = currentToolLoopStart(messages);
  messages.forEach((message, position) => {
    switch (message.role) {
      case 'system': {
        const text = joinText(message.content);
        if (!text) break;
        if (pendingCallIds.length > 0) deferredSystem.push(text);
        else pushSystem(text);
        break;
      }
      case 'assistant': {
        if (pendingCallIds.length > 0) flushPending(new Map(), []);
        const assistant = convertAssistantMessage(message.content, {
          dialect,
          model: options.model,
          toolNames: options.toolNames,
          inCurrentToolLoop: position > loopStart,
          warnings,
          recallReasoning: options.recallReasoning,
          reasoningOrigin: options.reasoningOrigin,
        });
        if (!assistant) break;
        output.push(assistant);
        pendingCallIds = message.content.flatMap((block) => (block.type === 'tool_use' ? [block.id] : []));
        break;
      }
      case 'user': {
        const results = new Map<string, AnthropicToolResultBlock>();
        const otherBlocks: Block[] = [];
        for (const block of message.content) {
          if (block.type === 'tool_result') results.set(block.tool_use_id, block);
          else otherBlocks.push(block);
        }
        const parts: OpenAIUserPart[] = [];
        if (pendingCallIds.length > 0) flushPending(results, parts);
        for (const orphan of results.values()) {
          warnings.push(
            `tool_result ${orphan.tool_use_id} matches no preceding tool call; sent as user text`,
          );
          const converted = convertToolResult(orphan, warnings);
          parts.push({
            type: 'text',
            text: `[result of tool call ${orphan.tool_use_id}]\n${converted.text}`,
          });
          parts.push(...converted.images);
        }
        parts.push(...convertUserContent(otherBlocks, warnings, { keepCacheControl }));
        appendUser(output, applyImagePolicy(parts, dialect, warnings, options.model, options.vision));
        break;
      }
      default:
        assertNever(message.role);
    }
  });
  if (pendingCallIds.length > 0) flushPending(new Map(), []);
  return output;
}

export function convertSystem(system: AnthropicRequest['system']): string {
  if (system === undefined) return '';
  if (typeof system === 'string') return system;
  const texts: string[] = [];
  for (const block of system) {
    if (block.type !== 'text' || block.text.length === 0) continue;
    if (block.text.startsWith(BILLING_HEADER_PREFIX)) continue;
    texts.push(block.text);
  }
  return texts.join('\n\n');
}

/**
 * System blocks as text parts, each with its cache breakpoint, for backends that honour
 * them; undefined when no block has one, so the system message stays one plain string.
 */
function convertSystemWithBreakpoints(system: AnthropicRequest['system']): OpenAITextPart[] | undefined {
  if (!Array.isArray(system) || !system.some((block) => block.type === 'text' && block.cache_control))
    return undefined;
  const parts: OpenAITextPart[] = [];
  for (const block of system) {
    if (block.type !== 'text' || block.text.length === 0) continue;
    if (block.text.startsWith(BILLING_HEADER_PREFIX)) continue;
    parts.push(
      withCacheControl({ type: 'text', text: block.text }, block.cache_control, { keepCacheControl: true }),
    );
  }
  return parts.length > 0 ? parts : undefined;
}

/**
 * Position of the last user turn that is more than tool results: the assistant turns after
 * it form the tool loop still in progress, whose reasoning some backends need back.
 */
function currentToolLoopStart(messages: readonly MergedMessage[]): number {
  for (let position = messages.length - 1; position >= 0; position--) {
    const message = messages[position]!;
    if (message.role === 'user' && !message.content.some((block) => block.type === 'tool_result'))
      return position;
  }
  return -1;
}

/** Appends user content, merging into a directly preceding user message so roles keep alternating. */
function appendUser(output: OpenAIMessage[], parts: OpenAIUserPart[]): void {
  if (parts.length === 0) return;
  const previous = output.at(-1);
  if (previous?.role === 'user') {
    const merged =
      typeof previous.content === 'string'
        ? [{ type: 'text' as const, text: previous.content }, ...parts]
        : [...previous.content, ...parts];
    previous.content = toUserMessageContent(merged);
    return;
  }
  output.push({ role: 'user', content: toUserMessageContent(parts) });
}

interface MergedMessage {
  role: AnthropicMessage['role'];
  content: Block[];
}

/** The API treats consecutive turns of one role as one turn; so do backends, more or less strictly. */
function mergeConsecutiveRoles(messages: readonly AnthropicMessage[]): MergedMessage[] {
  const merged: MergedMessage[] = [];
  for (const message of messages) {
    const blocks = toBlocks(message.content);
    const last = merged.at(-1);
    if (last && last.role === message.role && message.role !== 'system') last.content.push(...blocks);
    else merged.push({ role: message.role, content: [...blocks] });
  }
  return merged;
}

function toBlocks(content: string | readonly Block[]): Block[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  return content as Block[];
}

function joinText(blocks: readonly Block[]): string {
  const texts: string[] = [];
  for (const block of blocks) if (block.type === 'text' && block.text.length > 0) texts.push(block.text);
  return texts.join('\n\n');
}
