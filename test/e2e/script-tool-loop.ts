import { buildChunkStream, type ChunkStreamPart } from '../helpers/build-chunk-stream.js';
import { completion, json, type RecordedRequest, type Reply, sse } from '../helpers/scripted-backend.js';
import { type ChatMessage, readChatRequest } from './read-chat-request.js';

export interface ToolLoopStep {
  /** Streamed as reasoning_content deltas before the tool call. */
  reasoning?: string;
  call: { id: string; name: string; input: Record<string, unknown> };
}

export interface ToolLoopScript {
  /** The backend model the main turns ask for; anything else is a background request. */
  mainModel: string;
  /** One tool call per turn, in order. */
  steps: readonly ToolLoopStep[];
  /** The last turn's text, built from what the last tool really returned. */
  finalText(lastToolOutput: string): string;
}

/** What background requests (titles, summaries, small-model calls) get: short and harmless. */
export const BACKGROUND_ANSWER = 'Background answer';

/**
 * Picks the answer for each backend request of an agent run. Main turns, recognised by the
 * main model and the presence of tools, continue the script from the tool call the
 * conversation last made, so extra or repeated requests never shift it; everything else
 * gets a short plain answer. A conversation the script cannot place gets a 500 naming why,
 * which Claude Code shows in its result.
 */
export function scriptToolLoop(script: ToolLoopScript): (request: RecordedRequest) => Reply {
  return (request) => {
    const chat = readChatRequest(request);
    if (!chat)
      return json(404, { error: { message: `No scripted route for ${request.method} ${request.url}` } });
    if (chat.model !== script.mainModel || !chat.tools?.length) {
      return chat.stream
        ? sse(buildChunkStream([{ text: BACKGROUND_ANSWER }]))
        : completion({ content: BACKGROUND_ANSWER });
    }
    const place = placeInScript(chat.messages, script.steps);
    if ('problem' in place) return json(500, { error: { message: `Scripted backend: ${place.problem}` } });
    const next = script.steps[place.nextStep];
    const parts: ChunkStreamPart[] = next
      ? [
          ...(next.reasoning ? [{ reasoning: next.reasoning }] : []),
          {
            toolCall: { id: next.call.id, name: next.call.name, arguments: JSON.stringify(next.call.input) },
          },
        ]
      : [{ text: script.finalText(place.lastToolOutput) }];
    return sse(buildChunkStream(parts));
  };
}

type Place = { nextStep: number; lastToolOutput: string } | { problem: string };

function placeInScript(messages: readonly ChatMessage[], steps: readonly ToolLoopStep[]): Place {
  const callAt = messages.findLastIndex((message) => message.role === 'assistant' && message.tool_calls);
  if (callAt === -1) return { nextStep: 0, lastToolOutput: '' };
  const callId = messages[callAt]?.tool_calls?.[0]?.id;
  const step = steps.findIndex((candidate) => candidate.call.id === callId);
  if (step === -1) return { problem: `the last tool call ${callId} is not one the script made` };
  const result = messages[callAt + 1];
  if (result?.role !== 'tool' || result.tool_call_id !== callId) {
    return { problem: `no tool message for ${callId} right after the assistant message that called it` };
  }
  return {
    nextStep: step + 1,
    lastToolOutput: typeof result.content === 'string' ? result.content : JSON.stringify(result.content),
  };
}
