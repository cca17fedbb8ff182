import type { AnthropicStreamEvent } from '../../src/translate/create-stream-translator.js';

const GENERATED_TOOL_ID = /^toolu_[0-9A-Za-z]{24}$/;

/**
 * Replaces the ids the proxy generates at random (the msg_ id, toolu_ ids for tool calls
 * that came without one) with the fixed ones the fixture context uses, and drops the
 * request_id of error events, so a stream from the real proxy can be compared with an
 * `.anthropic.sse` fixture.
 */
export function normalizeStreamIds(events: readonly AnthropicStreamEvent[]): AnthropicStreamEvent[] {
  let toolCount = 0;
  return events.map((event) => {
    if (event.type === 'error') {
      const { request_id: _requestId, ...rest } = event as typeof event & { request_id?: string };
      return rest;
    }
    if (event.type === 'message_start') {
      return { ...event, message: { ...event.message, id: 'msg_fixture' } };
    }
    if (
      event.type === 'content_block_start' &&
      event.content_block.type === 'tool_use' &&
      GENERATED_TOOL_ID.test(event.content_block.id)
    ) {
      return { ...event, content_block: { ...event.content_block, id: `toolu_fixture_${++toolCount}` } };
    }
    return event;
  });
}
