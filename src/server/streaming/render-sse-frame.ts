/**
 * The one renderer of Anthropic SSE frames, for content events, pings and errors alike.
 * The SDK routes on the `event:` name and drops frames without one, so it always equals
 * the data's `type`.
 */
export function renderSseFrame(event: { readonly type: string }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Several frames as one string, so a batch of events leaves in a single socket write. */
export function renderSseFrames(events: readonly { readonly type: string }[]): string {
  let text = '';
  for (const event of events) text += renderSseFrame(event);
  return text;
}
