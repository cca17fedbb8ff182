// A backend that runs out of output tokens while writing a tool call ends with finish_reason "length".
// Answering that with stop_reason tool_use made Claude Code run the tool on cut-off, repaired input
// (write half a file). The API answers max_tokens, with the incomplete tool_use block last.
import { describe, expect, it } from 'vitest';
import { readJsonFixture, readTextFixture } from '../helpers/load-fixture.js';
import { json, sse } from '../helpers/scripted-backend.js';
import { useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const harness = useProxyAndBackend();
const params = {
  model: 'claude-fixture',
  max_tokens: 24,
  messages: [{ role: 'user' as const, content: 'Write notes.md' }],
  tools: [{ name: 'Write', input_schema: { type: 'object' as const, properties: {} } }],
};

describe('an answer cut off by the output limit while writing a tool call', () => {
  it('reaches the SDK as max_tokens with the cut-off tool_use block last, non-streamed', async () => {
    const { backend, proxy } = await harness.start();
    backend.enqueue(json(200, readJsonFixture('generic/length-during-tool-call.openai-response.json')));
    const message = await proxy.client.messages.create(params);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.content.at(-1)).toMatchObject({ type: 'tool_use', name: 'Write' });
  });

  it('reaches the SDK as max_tokens with the cut-off tool_use block last, streamed', async () => {
    const { backend, proxy } = await harness.start();
    backend.enqueue(sse(readTextFixture('generic/length-during-tool-call.openai.sse')));
    const message = await proxy.client.messages.stream(params).finalMessage();
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.content.at(-1)).toMatchObject({
      type: 'tool_use',
      input: { file_path: 'notes.md', content: '# Notes\nFirst li' },
    });
  });

  it('stays tool_use when the backend finished with "stop" after a complete call', async () => {
    const { backend, proxy } = await harness.start();
    backend.enqueue(sse(readTextFixture('generic/stop-with-tool-calls.openai.sse')));
    const message = await proxy.client.messages.stream(params).finalMessage();
    expect(message.stop_reason).toBe('tool_use');
  });
});
