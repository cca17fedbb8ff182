import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { completion, sse } from '../helpers/scripted-backend.js';
import { useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const harness = useProxyAndBackend();
const start = (env: Record<string, string>) => harness.start(env);

const question: Anthropic.MessageCreateParamsNonStreaming = {
  model: 'claude-opus-4-8',
  // The SDK refuses non-streaming requests that could outlast ten minutes; 20K stays under that.
  max_tokens: 20_000,
  messages: [{ role: 'user', content: 'Is 91 prime?' }],
};

describe('dialect behaviour through the proxy', () => {
  it('qwen: streams upstream for a non-streaming thinking request and answers with one JSON message', async () => {
    const { backend, proxy } = await start({ OPENAI_PROVIDER: 'qwen', OPENAI_MODEL: 'qwen3-max' });
    backend.enqueue(sse(buildChunkStream([{ reasoning: '91 = 7 × 13.' }, { text: 'No: 7 × 13.' }])));
    const message = await proxy.client.messages.create({ ...question, thinking: { type: 'adaptive' } });
    expect(backend.requests[0]!.body).toMatchObject({
      model: 'qwen3-max',
      stream: true,
      stream_options: { include_usage: true },
      enable_thinking: true,
      max_tokens: 20_000,
    });
    expect(message.content).toEqual([
      { type: 'thinking', thinking: '91 = 7 × 13.', signature: '' },
      { type: 'text', text: 'No: 7 × 13.' },
    ]);
    expect(message.stop_reason).toBe('end_turn');
  });

  it('qwen: leaves a request without thinking non-streaming', async () => {
    const { backend, proxy } = await start({ OPENAI_PROVIDER: 'qwen' });
    backend.enqueue(completion({ content: 'No.' }));
    await proxy.client.messages.create(question);
    expect(backend.requests[0]!.body).not.toHaveProperty('stream', true);
    expect(backend.requests[0]!.body).not.toHaveProperty('enable_thinking');
  });

  it('applies MAX_OUTPUT_TOKENS in the field the dialect uses', async () => {
    const { backend, proxy } = await start({
      OPENAI_PROVIDER: 'openai',
      OPENAI_MODEL: 'gpt-4.1',
      MAX_OUTPUT_TOKENS: '4096',
    });
    backend.enqueue(completion({ content: 'No.' }));
    await proxy.client.messages.create(question);
    expect(backend.requests[0]!.body).toMatchObject({ max_completion_tokens: 4_096 });
    expect(backend.requests[0]!.body).not.toHaveProperty('max_tokens');
  });

  it("lowers max_tokens to the model's known output cap", async () => {
    const { backend, proxy } = await start({ OPENAI_PROVIDER: 'deepseek', OPENAI_MODEL: 'deepseek-chat' });
    backend.enqueue(completion({ content: 'No.' }));
    await proxy.client.messages.create(question);
    expect(backend.requests[0]!.body).toMatchObject({ max_tokens: 8_192 });
  });

  it('glm: streams tool arguments with tool_stream when a streaming request has tools', async () => {
    const { backend, proxy } = await start({ OPENAI_PROVIDER: 'glm', OPENAI_MODEL: 'glm-4.6' });
    backend.enqueue(sse(buildChunkStream([{ text: 'No.' }])));
    await proxy.client.messages
      .stream({
        ...question,
        tools: [{ name: 'Calculator', input_schema: { type: 'object', properties: {} } }],
        tool_choice: { type: 'any' },
      })
      .finalMessage();
    expect(backend.requests[0]!.body).toMatchObject({ stream: true, tool_stream: true, tool_choice: 'auto' });
    expect(backend.requests[0]!.body).not.toHaveProperty('stream_options');
  });

  it.each([
    ['qwen', { thinking_budget: 4_095, max_tokens: 4_096 }],
    ['openrouter', { reasoning: { max_tokens: 4_095 }, max_tokens: 4_096 }],
  ])('%s: keeps the thinking budget below a lowered max_tokens', async (provider, expected) => {
    const { backend, proxy } = await start({ OPENAI_PROVIDER: provider, MAX_OUTPUT_TOKENS: '4096' });
    backend.enqueue(sse(buildChunkStream([{ text: 'No.' }])));
    await proxy.client.messages
      .stream({ ...question, thinking: { type: 'enabled', budget_tokens: 10_000 } })
      .finalMessage();
    expect(backend.requests[0]!.body).toMatchObject(expected);
  });
});
