import type { StreamContext } from '../../src/translate/create-stream-translator.js';

/**
 * The fixed context every `.openai.sse` fixture is translated with, so the expected
 * `.anthropic.sse` files can spell out ids: tool calls that arrive without an id get
 * toolu_fixture_1, toolu_fixture_2, … and "###" is the request's stop sequence.
 */
export function createFixtureStreamContext(): StreamContext {
  let toolCount = 0;
  return {
    messageId: 'msg_fixture',
    model: 'claude-fixture',
    stopSequences: ['###'],
    createToolId: () => `toolu_fixture_${++toolCount}`,
  };
}
