import { parseChunkData } from '../../upstream/parse-chunk-data.js';
import { createSseParser, type SseEvent } from '../../upstream/parse-sse.js';
import type { OpenAIUsage } from '../../wire/openai.js';

export interface CollectedToolCall {
  name: string;
  arguments: string;
}

/** A streamed answer put back together: what the probes check. */
export interface CollectedAnswer {
  text: string;
  reasoning: string;
  reasoningField: 'reasoning_content' | 'reasoning' | undefined;
  toolCalls: CollectedToolCall[];
  usage: OpenAIUsage | undefined;
  finishReason: string | undefined;
  /** An error the backend reported inside the stream. */
  streamError: string | undefined;
  sawDone: boolean;
}

/** Reads a Chat Completions SSE body to the end with the proxy's own parser. */
export async function collectChatStream(body: AsyncIterable<Uint8Array>): Promise<CollectedAnswer> {
  const answer: CollectedAnswer = {
    text: '',
    reasoning: '',
    reasoningField: undefined,
    toolCalls: [],
    usage: undefined,
    finishReason: undefined,
    streamError: undefined,
    sawDone: false,
  };
  const parser = createSseParser();
  const callsByIndex = new Map<number, CollectedToolCall>();
  const take = (events: SseEvent[]) => {
    for (const event of events) {
      const data = parseChunkData(event);
      if (data.kind === 'done') answer.sawDone = true;
      else if (data.kind === 'error') answer.streamError ??= data.error.message;
      else {
        const { chunk } = data;
        const usage = chunk.usage ?? chunk.x_groq?.usage;
        if (usage) answer.usage = usage;
        for (const choice of chunk.choices ?? []) {
          if (choice.finish_reason) answer.finishReason = choice.finish_reason;
          const delta = choice.delta;
          if (!delta) continue;
          if (typeof delta.content === 'string') answer.text += delta.content;
          if (typeof delta.reasoning_content === 'string' && delta.reasoning_content.length > 0) {
            answer.reasoning += delta.reasoning_content;
            answer.reasoningField = 'reasoning_content';
          } else if (typeof delta.reasoning === 'string' && delta.reasoning.length > 0) {
            answer.reasoning += delta.reasoning;
            answer.reasoningField ??= 'reasoning';
          }
          for (const call of delta.tool_calls ?? []) {
            const index = call.index ?? callsByIndex.size;
            let collected = callsByIndex.get(index);
            if (!collected) {
              collected = { name: '', arguments: '' };
              callsByIndex.set(index, collected);
              answer.toolCalls.push(collected);
            }
            if (call.function?.name) collected.name += call.function.name;
            if (call.function?.arguments) collected.arguments += call.function.arguments;
          }
        }
      }
    }
  };
  for await (const chunk of body) take(parser.push(chunk));
  take(parser.end());
  return answer;
}
