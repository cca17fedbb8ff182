import { describe, expect, it } from 'vitest';
import { readTextFixture } from '../helpers/load-fixture.js';
import { messagesBody, postMessages } from '../helpers/post-messages.js';
import { sse } from '../helpers/scripted-backend.js';
import { useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';
import { validateAnthropicStream } from '../helpers/validate-anthropic-stream.js';

const harness = useProxyAndBackend();

// LangChain.js reads input tokens from message_start only, so a stream that reported 0 there
// made every streamed LangChain call cost nothing; the backend's count only comes at the end.
describe('message_start input_tokens', () => {
  it('carries an estimate from the request text, and message_delta the backend count', async () => {
    const { backend, proxy } = await harness.start();
    backend.enqueue(sse(readTextFixture('generic/text-only.openai.sse')));
    const text = 'word '.repeat(720);
    const response = await postMessages(
      proxy.url,
      messagesBody({ stream: true, messages: [{ role: 'user', content: text }] }),
    );
    const events = validateAnthropicStream(await response.text());
    const start = events.find((event) => event.type === 'message_start');
    const delta = events.find((event) => event.type === 'message_delta');
    // 3,600 characters at about 3.6 characters per token.
    expect(start?.type === 'message_start' && start.message.usage.input_tokens).toBe(1000);
    // text-only.openai.sse reports prompt_tokens 12.
    expect(delta?.type === 'message_delta' && delta.usage.input_tokens).toBe(12);
  });
});
