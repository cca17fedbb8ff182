import type { AnthropicStreamEvent } from '../../src/translate/create-stream-translator.js';

/** One frame of an Anthropic event stream as it was on the wire. */
export interface AnthropicFrame {
  /** The `event:` line's value, or undefined when the frame had none. */
  event: string | undefined;
  data: AnthropicStreamEvent;
}

/**
 * Splits an Anthropic SSE body (from the proxy or an `.anthropic.sse` fixture) into
 * frames. Test-side only: the proxy never parses its own output. Comment lines are skipped.
 */
export function parseAnthropicSse(text: string): AnthropicFrame[] {
  const frames: AnthropicFrame[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split('\n\n')) {
    let event: string | undefined;
    const dataLines: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line.length === 0) continue;
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) dataLines.push(line.slice(5).trimStart());
      else throw new Error(`unexpected line in an Anthropic stream: ${line}`);
    }
    if (dataLines.length === 0) {
      if (event !== undefined) throw new Error(`frame "${event}" has no data line`);
      continue;
    }
    frames.push({ event, data: JSON.parse(dataLines.join('\n')) as AnthropicStreamEvent });
  }
  return frames;
}
