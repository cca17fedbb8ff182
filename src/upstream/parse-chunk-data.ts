import { type ProxyError, UpstreamProtocolError } from '../errors.js';
import type { OpenAIChatChunk } from '../wire/openai.js';
import { createReportedError } from './map-upstream-error.js';
import type { SseEvent } from './parse-sse.js';

export type ChunkData =
  | { kind: 'chunk'; chunk: OpenAIChatChunk }
  | { kind: 'done' }
  | { kind: 'error'; error: ProxyError };

/**
 * Reads one SSE event of a Chat Completions stream: a chunk, the `[DONE]` sentinel, or an
 * error the backend reported mid-stream. Errors come as `{"error":…}` (OpenAI, OpenRouter),
 * as top-level `{"object":"error",…}` (vLLM, Mistral) or under `event: error`. Never throws.
 */
export function parseChunkData(event: SseEvent, provider?: string): ChunkData {
  const { data } = event;
  if (data === '[DONE]') return { kind: 'done' };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    const preview = data.length > 200 ? `${data.slice(0, 200)}…` : data;
    return {
      kind: 'error',
      error: new UpstreamProtocolError(
        `The backend sent a stream event that is not JSON: ${preview}`,
        cause,
        provider,
      ),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (event.event === 'error') return { kind: 'error', error: createReportedError(data, provider) };
    return {
      kind: 'error',
      error: new UpstreamProtocolError(
        'The backend sent a stream event that is not a JSON object',
        undefined,
        provider,
      ),
    };
  }
  const record = value as Record<string, unknown>;
  if (
    event.event === 'error' ||
    (record.error !== undefined && record.error !== null) ||
    record.object === 'error'
  ) {
    return { kind: 'error', error: createReportedError(data, provider) };
  }
  return { kind: 'chunk', chunk: value as OpenAIChatChunk };
}
