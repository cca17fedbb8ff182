import { ProxyError } from '../../errors.js';
import type { AnthropicStreamEvent } from '../../translate/create-stream-translator.js';
import { toErrorBody } from '../render-error.js';

/**
 * The one renderer of Anthropic SSE frames, for content events, pings and errors alike.
 * The SDK routes on the `event:` name and drops frames without one, so it always equals
 * the data's `type`.
 */
export function renderSseFrame(event: { readonly type: string }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * The frame of a text, thinking or tool-input delta, most of any answer's frames, written
 * from a template with only the delta's text serialised: the same bytes renderSseFrame
 * writes for these events as the translator builds them (`type`, `index`, `delta`; the
 * delta's `type` then its text), for a third of the cost. Any other event, or a delta of
 * another kind, goes through renderSseFrame. The equivalence over every event the fixture
 * corpus produces is pinned by test/server/streaming/render-sse-frame.test.ts.
 */
function renderEventFrame(event: AnthropicStreamEvent): string {
  if (event.type === 'content_block_delta') {
    const { delta, index } = event;
    switch (delta.type) {
      case 'text_delta':
        return `${DELTA_PREFIX}${index},"delta":{"type":"text_delta","text":${JSON.stringify(delta.text)}}}\n\n`;
      case 'thinking_delta':
        return `${DELTA_PREFIX}${index},"delta":{"type":"thinking_delta","thinking":${JSON.stringify(delta.thinking)}}}\n\n`;
      case 'input_json_delta':
        return `${DELTA_PREFIX}${index},"delta":{"type":"input_json_delta","partial_json":${JSON.stringify(delta.partial_json)}}}\n\n`;
    }
  }
  return renderSseFrame(event);
}

const DELTA_PREFIX = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":';

/**
 * Several events as one string, so a batch leaves in a single socket write. Error events
 * take the same body as an HTTP error response (request id, secrets scrubbed), since their
 * message may quote the backend.
 */
export function renderStreamEvents(
  events: readonly AnthropicStreamEvent[],
  requestId: string,
  redact: (text: string) => string,
  rawFrame?: (event: AnthropicStreamEvent) => string | undefined,
): string {
  let text = '';
  for (const event of events) {
    // A passed-on stream keeps the backend's bytes; the proxy's own events (errors) are rendered.
    const raw = rawFrame?.(event);
    if (raw !== undefined) text += raw;
    else if (event.type !== 'error') text += renderEventFrame(event);
    else {
      const error = new ProxyError('UPSTREAM_REPORTED', event.error.type, event.error.message);
      text += renderSseFrame(toErrorBody(error, requestId, redact));
    }
  }
  return text;
}
