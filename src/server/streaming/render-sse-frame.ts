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
    else if (event.type !== 'error') text += renderSseFrame(event);
    else {
      const error = new ProxyError('UPSTREAM_REPORTED', event.error.type, event.error.message);
      text += renderSseFrame(toErrorBody(error, requestId, redact));
    }
  }
  return text;
}
