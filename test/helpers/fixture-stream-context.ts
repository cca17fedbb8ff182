import { loadConfig } from '../../src/config/load-config.js';
import { genericDialect } from '../../src/dialects/generic.js';
import type { StreamContext } from '../../src/translate/create-stream-translator.js';

/**
 * The fixed context every `.openai.sse` fixture is translated with, so the expected
 * `.anthropic.sse` files can spell out ids: tool calls that arrive without an id get
 * toolu_fixture_1, toolu_fixture_2, … and "###" is the request's stop sequence. message_start
 * reports 1 input token: what the proxy estimates for messagesBody()'s "Hi", so a stream
 * through the real proxy compares equal.
 */
export function createFixtureStreamContext(options: Pick<StreamContext, 'thinkTags'> = {}): StreamContext {
  let toolCount = 0;
  return {
    messageId: 'msg_fixture',
    model: 'claude-fixture',
    stopSequences: ['###'],
    estimatedInputTokens: 1,
    createToolId: () => `toolu_fixture_${++toolCount}`,
    ...options,
  };
}

/**
 * The context a fixture case gets through the proxy: the generic dialect (the replay
 * backend listens on a random port) with the settings of the case's `env:` header lines.
 */
export function createFixtureCaseContext(env: Record<string, string>): StreamContext {
  const config = loadConfig(env, null);
  return createFixtureStreamContext({ thinkTags: config.thinkTags ?? genericDialect.thinkTags });
}
