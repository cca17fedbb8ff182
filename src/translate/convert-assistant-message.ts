import type { Dialect } from '../dialects/dialect.js';
import type { AnthropicContentBlock } from '../wire/anthropic-request-schema.js';
import type { OpenAIAssistantMessage, OpenAIAssistantPart, OpenAIToolCall } from '../wire/openai.js';
import { decodeReasoningSignature } from './carry-reasoning-state.js';
import type { ToolCallIdentity, TurnReasoning } from './collect-turn-reasoning.js';
import { assertNever } from './convert-user-content.js';
import type { ToolNameMap } from './create-tool-name-map.js';
import { toNineAlphanumericId } from './map-tool-id.js';

/**
 * Gemini's documented stand-in for a thought signature the history no longer has (a
 * conversation started on another backend, or a client that dropped thinking blocks).
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

export interface AssistantContext {
  dialect: Dialect;
  /** The backend model, for dialects that take reasoning back from some models only. */
  model?: string | undefined;
  toolNames: ToolNameMap;
  /** True for assistant turns after the last user message that was not only tool results. */
  inCurrentToolLoop: boolean;
  warnings: string[];
  /** `provider/model` the request goes to: signatures another one wrote are not replayed to it. */
  reasoningOrigin?: string | undefined;
  /** The proxy's memory of the reasoning behind a tool call, for clients that drop thinking blocks. */
  recallReasoning?: ((call: ToolCallIdentity) => TurnReasoning | undefined) | undefined;
}

/**
 * Converts one assistant turn. Text is joined into `content`; tool_use blocks become
 * `tool_calls` with the backend's names and ids; thinking is given back in the form the
 * dialect reads (reasoning text, OpenRouter details, Gemini thought signatures, Mistral
 * thinking chunks), or dropped.
 * Returns undefined for a turn with nothing a backend can take.
 */
export function convertAssistantMessage(
  blocks: readonly AnthropicContentBlock[],
  context: AssistantContext,
): OpenAIAssistantMessage | undefined {
  const { dialect, warnings } = context;
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: OpenAIToolCall[] = [];
  let details: unknown[] | undefined;
  const thoughtSignatures = new Map<string, string>();
  const clientCalls: ToolCallIdentity[] = [];

  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        if (block.text.length > 0) texts.push(block.text);
        break;
      case 'tool_use': {
        const inputJson = JSON.stringify(block.input ?? {});
        clientCalls.push({ id: block.id, name: block.name, inputJson });
        toolCalls.push({
          id: toBackendToolId(block.id, dialect),
          type: 'function',
          function: { name: context.toolNames.toBackend(block.name), arguments: inputJson },
        });
        break;
      }
      case 'thinking': {
        if (block.thinking.length > 0) reasoning.push(block.thinking);
        const state = decodeReasoningSignature(block.signature, context.reasoningOrigin);
        if (state?.details) details = state.details;
        for (const [id, signature] of Object.entries(state?.toolSignatures ?? {}))
          thoughtSignatures.set(toBackendToolId(id, dialect), signature);
        break;
      }
      case 'redacted_thinking':
        break;
      case 'unsupported':
        warnings.push(`dropped a "${block.original_type}" block from an assistant turn`);
        break;
      case 'image':
      case 'document':
      case 'search_result':
      case 'tool_result':
        warnings.push(`dropped a "${block.type}" block from an assistant turn`);
        break;
      default:
        assertNever(block);
    }
  }
  if (texts.length === 0 && toolCalls.length === 0) return undefined;

  // What the client left out, the memory may still have: the turn that made the first call.
  const remembered = clientCalls[0] === undefined ? undefined : context.recallReasoning?.(clientCalls[0]);
  if (remembered) {
    if (reasoning.length === 0 && remembered.reasoning.length > 0) reasoning.push(remembered.reasoning);
    details ??= remembered.state.details;
    for (const [id, signature] of Object.entries(remembered.state.toolSignatures ?? {})) {
      const backendId = toBackendToolId(id, dialect);
      if (!thoughtSignatures.has(backendId)) thoughtSignatures.set(backendId, signature);
    }
  }

  const message: OpenAIAssistantMessage = {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('\n\n') : null,
  };
  if (toolCalls.length > 0) {
    if (dialect.toolCallThoughtSignatures) attachThoughtSignatures(toolCalls, thoughtSignatures);
    message.tool_calls = toolCalls;
  }
  giveReasoningBack(message, reasoning.join('\n\n'), details, context);
  return message;
}

/** The reasoning as a thinking chunk first, then the turn's text (if any) as a text chunk. */
function withThinkingChunk(
  reasoning: string,
  content: OpenAIAssistantMessage['content'],
): OpenAIAssistantPart[] {
  const parts: OpenAIAssistantPart[] = [{ type: 'thinking', thinking: [{ type: 'text', text: reasoning }] }];
  if (typeof content === 'string') parts.push({ type: 'text', text: content });
  else if (content) parts.push(...content);
  return parts;
}

function toBackendToolId(id: string, dialect: Dialect): string {
  return dialect.toolIds === 'nine-alphanumeric' ? toNineAlphanumericId(id) : id;
}

/** Gemini validates the first call of each step; later parallel calls carry none. */
function attachThoughtSignatures(toolCalls: OpenAIToolCall[], signatures: ReadonlyMap<string, string>): void {
  toolCalls.forEach((call, index) => {
    const signature = signatures.get(call.id) ?? (index === 0 ? SKIP_THOUGHT_SIGNATURE : undefined);
    if (signature) call.extra_content = { google: { thought_signature: signature } };
  });
}

function giveReasoningBack(
  message: OpenAIAssistantMessage,
  reasoning: string,
  details: unknown[] | undefined,
  context: AssistantContext,
): void {
  const support = context.dialect.reasoning;
  if (support.historyModels && !(context.model !== undefined && support.historyModels.test(context.model)))
    return;
  switch (support.history) {
    case 'drop':
      return;
    case 'reasoning_content':
      // Older turns' reasoning is of no use to the model; an empty field satisfies the API.
      if (context.inCurrentToolLoop) message.reasoning_content = reasoning;
      else if (support.historyOnEveryAssistantMessage) message.reasoning_content = '';
      return;
    case 'reasoning':
      if (context.inCurrentToolLoop && reasoning.length > 0) message.reasoning = reasoning;
      return;
    case 'reasoning_details':
      if (details) message.reasoning_details = details;
      return;
    case 'thinking-chunks':
      if (reasoning.length > 0) message.content = withThinkingChunk(reasoning, message.content);
      return;
    default:
      assertNever(support.history);
  }
}
