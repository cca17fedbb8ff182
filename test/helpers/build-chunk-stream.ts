import type { OpenAIChatChunk, OpenAIChunkDelta, OpenAIUsage } from '../../src/wire/openai.js';

/** One piece of a streamed answer, in the order the backend produces it. */
export type ChunkStreamPart =
  | { reasoning: string }
  | { text: string }
  | { toolCall: { id: string; name: string; arguments: string } };

export interface ChunkStreamOptions {
  /** Defaults to tool_calls when the answer calls a tool, else stop. */
  finishReason?: string;
  usage?: OpenAIUsage;
  /** Code points per delta; real backends split text, reasoning and arguments into small pieces. */
  pieceLength?: number;
}

const DEFAULT_USAGE: OpenAIUsage = { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 };

/**
 * Renders an OpenAI chat.completion.chunk SSE body the way streaming backends send it:
 * the role on the first delta, each tool call opened with its id and name and then fed its
 * arguments piece by piece, a finish chunk, a usage-only chunk with empty choices (as
 * stream_options.include_usage asks for), and `data: [DONE]`.
 */
export function buildChunkStream(
  parts: readonly ChunkStreamPart[],
  options: ChunkStreamOptions = {},
): string {
  const pieceLength = options.pieceLength ?? 7;
  const deltas: OpenAIChunkDelta[] = [];
  let toolCallCount = 0;
  for (const part of parts) {
    if ('reasoning' in part) {
      for (const piece of splitIntoPieces(part.reasoning, pieceLength))
        deltas.push({ content: null, reasoning_content: piece });
    } else if ('text' in part) {
      for (const piece of splitIntoPieces(part.text, pieceLength)) deltas.push({ content: piece });
    } else {
      const index = toolCallCount++;
      const { id, name, arguments: argumentText } = part.toolCall;
      deltas.push({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] });
      for (const piece of splitIntoPieces(argumentText, pieceLength))
        deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
  }
  if (deltas[0]) deltas[0] = { role: 'assistant', ...deltas[0] };
  const finishReason = options.finishReason ?? (toolCallCount > 0 ? 'tool_calls' : 'stop');

  const chunks: OpenAIChatChunk[] = [
    ...deltas.map((delta) => chunkOf([{ index: 0, delta, finish_reason: null }])),
    chunkOf([{ index: 0, delta: {}, finish_reason: finishReason }]),
    { ...chunkOf([]), usage: options.usage ?? DEFAULT_USAGE },
  ];
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
}

function chunkOf(choices: OpenAIChatChunk['choices']): OpenAIChatChunk {
  return { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', model: 'scripted-model', choices };
}

/** Splits on code points, never inside a surrogate pair, so every piece is valid JSON text. */
function splitIntoPieces(text: string, pieceLength: number): string[] {
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < codePoints.length; start += pieceLength)
    pieces.push(codePoints.slice(start, start + pieceLength).join(''));
  return pieces;
}
