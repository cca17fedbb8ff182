import { json, type RecordedRequest, type Reply, sse } from '../helpers/scripted-backend.js';
import type { ToolLoopStep } from './script-tool-loop.js';
import { BACKGROUND_ANSWER } from './script-tool-loop.js';

/** What a protocol script needs from the request: is it a main turn, and where does it stand. */
interface ProtocolTurn {
  model: string;
  stream: boolean;
  hasTools: boolean;
  /** The id of the last tool call in the history and the output given for it, if any. */
  lastCall: { id: string; output: string | undefined } | undefined;
}

export interface ProtocolToolLoopScript {
  mainModel: string;
  steps: readonly ToolLoopStep[];
  finalText(lastToolOutput: string): string;
}

/**
 * The tool loop of script-tool-loop.ts for a Responses API backend: main turns continue the
 * script from the last function call in `input` and its function_call_output.
 */
export function scriptResponsesToolLoop(script: ProtocolToolLoopScript): (request: RecordedRequest) => Reply {
  return (request) => {
    const turn = request.url === '/v1/responses' ? readResponsesTurn(request.body) : undefined;
    if (!turn)
      return json(404, { error: { message: `No scripted route for ${request.method} ${request.url}` } });
    const answer = answerFor(script, turn);
    if ('problem' in answer) return json(500, { error: { message: `Scripted backend: ${answer.problem}` } });
    return turn.stream ? sse(buildResponsesStream(answer)) : json(200, buildResponsesObject(answer));
  };
}

/**
 * The tool loop for an Anthropic-compatible backend: main turns continue the script from the
 * last tool_use in `messages` and the tool_result after it.
 */
export function scriptAnthropicToolLoop(script: ProtocolToolLoopScript): (request: RecordedRequest) => Reply {
  return (request) => {
    const turn = request.url === '/anthropic/v1/messages' ? readAnthropicTurn(request.body) : undefined;
    if (!turn)
      return json(404, {
        type: 'error',
        error: { type: 'not_found_error', message: `No route ${request.url}` },
      });
    const answer = answerFor(script, turn);
    if ('problem' in answer)
      return json(500, {
        type: 'error',
        error: { type: 'api_error', message: `Scripted backend: ${answer.problem}` },
      });
    return turn.stream
      ? sse(buildMessagesStream(answer, turn.model))
      : json(200, buildMessage(answer, turn.model));
  };
}

type Answer = { reasoning?: string; call?: ToolLoopStep['call']; text?: string } | { problem: string };

function answerFor(script: ProtocolToolLoopScript, turn: ProtocolTurn): Answer {
  if (turn.model !== script.mainModel || !turn.hasTools) return { text: BACKGROUND_ANSWER };
  if (!turn.lastCall) return stepAnswer(script.steps[0], script, '');
  const index = script.steps.findIndex((step) => step.call.id === turn.lastCall?.id);
  if (index === -1) return { problem: `the last tool call ${turn.lastCall.id} is not one the script made` };
  if (turn.lastCall.output === undefined) return { problem: `no output for ${turn.lastCall.id}` };
  return stepAnswer(script.steps[index + 1], script, turn.lastCall.output);
}

function stepAnswer(step: ToolLoopStep | undefined, script: ProtocolToolLoopScript, output: string): Answer {
  if (!step) return { text: script.finalText(output) };
  return { ...(step.reasoning ? { reasoning: step.reasoning } : {}), call: step.call };
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    : [];
}

function readResponsesTurn(body: unknown): ProtocolTurn | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const request = body as Record<string, unknown>;
  const input = records(request.input);
  const call = input.findLast((item) => item.type === 'function_call');
  const output =
    call && input.find((item) => item.type === 'function_call_output' && item.call_id === call.call_id);
  return {
    model: String(request.model),
    stream: request.stream === true,
    hasTools: records(request.tools).length > 0,
    lastCall: call && {
      id: String(call.call_id),
      output: output === undefined ? undefined : textOf(output.output),
    },
  };
}

function readAnthropicTurn(body: unknown): ProtocolTurn | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const request = body as Record<string, unknown>;
  const messages = records(request.messages);
  let lastCall: ProtocolTurn['lastCall'];
  for (const [position, message] of messages.entries()) {
    const call = records(message.content).findLast((block) => block.type === 'tool_use');
    if (message.role !== 'assistant' || !call) continue;
    const result = records(messages[position + 1]?.content).find(
      (block) => block.type === 'tool_result' && block.tool_use_id === call.id,
    );
    lastCall = { id: String(call.id), output: result === undefined ? undefined : textOf(result.content) };
  }
  return {
    model: String(request.model),
    stream: request.stream === true,
    hasTools: records(request.tools).length > 0,
    lastCall,
  };
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return records(value)
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .join('\n');
}

type Parts = Exclude<Answer, { problem: string }>;

function frame(event: Record<string, unknown>): string {
  return `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The Responses event stream for an answer: reasoning summary, then a function call or text. */
function buildResponsesStream(parts: Parts): string {
  const output = buildResponsesObject(parts).output;
  let sequence = 0;
  const events: Record<string, unknown>[] = [
    { type: 'response.created', response: { id: 'resp_e2e', status: 'in_progress', output: [] } },
  ];
  for (const [index, item] of output.entries()) {
    events.push({
      type: 'response.output_item.added',
      output_index: index,
      item: { ...item, ...(item.type === 'function_call' ? { arguments: '' } : {}) },
    });
    if (item.type === 'reasoning')
      events.push({
        type: 'response.reasoning_summary_text.delta',
        item_id: item.id,
        output_index: index,
        summary_index: 0,
        delta: parts.reasoning,
      });
    if (item.type === 'function_call')
      events.push({
        type: 'response.function_call_arguments.delta',
        item_id: item.id,
        output_index: index,
        delta: item.arguments,
      });
    if (item.type === 'message')
      events.push({
        type: 'response.output_text.delta',
        item_id: item.id,
        output_index: index,
        content_index: 0,
        delta: parts.text,
      });
    events.push({ type: 'response.output_item.done', output_index: index, item });
  }
  events.push({ type: 'response.completed', response: buildResponsesObject(parts) });
  return events.map((event) => frame({ ...event, sequence_number: sequence++ })).join('');
}

function buildResponsesObject(parts: Parts) {
  const output: Record<string, unknown>[] = [];
  if (parts.reasoning)
    output.push({
      id: 'rs_e2e',
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: parts.reasoning }],
      encrypted_content: `enc:${parts.reasoning}`,
    });
  if (parts.call)
    output.push({
      id: `fc_${parts.call.id}`,
      type: 'function_call',
      status: 'completed',
      call_id: parts.call.id,
      name: parts.call.name,
      arguments: JSON.stringify(parts.call.input),
    });
  if (parts.text !== undefined)
    output.push({
      id: 'msg_e2e',
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: parts.text, annotations: [] }],
    });
  return {
    id: 'resp_e2e',
    object: 'response',
    status: 'completed',
    output,
    usage: {
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 120,
    },
  };
}

/** The Anthropic Message an Anthropic-compatible backend would return. */
function buildMessage(parts: Parts, model: string) {
  const content: Record<string, unknown>[] = [];
  if (parts.reasoning)
    content.push({ type: 'thinking', thinking: parts.reasoning, signature: 'backend-signature' });
  if (parts.call)
    content.push({ type: 'tool_use', id: parts.call.id, name: parts.call.name, input: parts.call.input });
  if (parts.text !== undefined) content.push({ type: 'text', text: parts.text });
  return {
    id: 'msg_backend',
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: parts.call ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: 100,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 20,
    },
  };
}

function buildMessagesStream(parts: Parts, model: string): string {
  const message = buildMessage(parts, model);
  const events: Record<string, unknown>[] = [
    {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } },
    },
  ];
  for (const [index, block] of message.content.entries()) {
    if (block.type === 'thinking') {
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'thinking_delta', thinking: block.thinking },
      });
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: block.signature },
      });
    } else if (block.type === 'tool_use') {
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    } else {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
    }
    events.push({ type: 'content_block_stop', index });
  }
  events.push({
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: 20 },
  });
  events.push({ type: 'message_stop' });
  return events.map(frame).join('');
}
