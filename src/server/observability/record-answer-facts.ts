import type { AnthropicStreamEvent } from '../../translate/create-stream-translator.js';
import type { RequestFacts } from '../app-context.js';

/** Time to first content, token counts and stream errors from the events sent to the client. */
export function recordStreamFacts(facts: RequestFacts, events: readonly AnthropicStreamEvent[]): void {
  for (const event of events) {
    switch (event.type) {
      case 'message_start':
        facts.inputTokens = event.message.usage.input_tokens;
        facts.cachedInputTokens = event.message.usage.cache_read_input_tokens;
        break;
      case 'content_block_start':
        if (facts.timeToFirstTokenMs === null) {
          facts.timeToFirstTokenMs = Math.round(performance.now() - facts.startedAt);
        }
        break;
      case 'message_delta':
        facts.outputTokens = event.usage.output_tokens;
        if (typeof event.usage.input_tokens === 'number') facts.inputTokens = event.usage.input_tokens;
        if (typeof event.usage.cache_read_input_tokens === 'number') {
          facts.cachedInputTokens = event.usage.cache_read_input_tokens;
        }
        break;
      case 'error':
        // The backend reported an error mid-stream or cut the answer short.
        if (!facts.endedByShutdown && facts.upstreamErrorKind === null) facts.upstreamErrorKind = 'stream';
        break;
      default:
        break;
    }
  }
}

/** Token counts of a complete (non-streaming) answer, read from the Message about to be sent. */
export function recordMessageFacts(facts: RequestFacts, payload: unknown): void {
  if (typeof payload !== 'object' || payload === null) return;
  const message = payload as {
    type?: unknown;
    usage?: { input_tokens?: unknown; output_tokens?: unknown; cache_read_input_tokens?: unknown };
  };
  if (message.type !== 'message' || typeof message.usage !== 'object' || message.usage === null) return;
  if (typeof message.usage.input_tokens === 'number') facts.inputTokens = message.usage.input_tokens;
  if (typeof message.usage.output_tokens === 'number') facts.outputTokens = message.usage.output_tokens;
  if (typeof message.usage.cache_read_input_tokens === 'number') {
    facts.cachedInputTokens = message.usage.cache_read_input_tokens;
  }
}
