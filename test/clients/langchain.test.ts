// LangChain.js's ChatAnthropic through the proxy, against the scripted backend: invoke, stream,
// tools, a tool result sent back, thinking and errors. It reads a stream's input tokens from
// message_start only, so a proxy that reports 0 there makes every streamed call cost nothing.

import { ChatAnthropic } from '@langchain/anthropic';
import type { AIMessageChunk } from '@langchain/core/messages';
import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { readTextFixture } from '../helpers/load-fixture.js';
import { completion, json, type ScriptedBackend, sse } from '../helpers/scripted-backend.js';
import { useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const harness = useProxyAndBackend();

async function start(
  fields: ConstructorParameters<typeof ChatAnthropic>[0] = {},
): Promise<{ model: ChatAnthropic; backend: ScriptedBackend }> {
  // One try per request: these tests pin what the client sees of an error, not the proxy's retries.
  const { backend, proxy } = await harness.start({ RETRY_ATTEMPTS: '1' });
  const model = new ChatAnthropic({
    model: 'claude-fixture',
    anthropicApiUrl: proxy.url,
    apiKey: 'test-client-key',
    maxRetries: 0,
    maxTokens: 2048,
    ...fields,
  });
  return { model, backend };
}

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};

async function collect(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk> {
  let whole: AIMessageChunk | undefined;
  for await (const chunk of stream) whole = whole ? whole.concat(chunk) : chunk;
  if (!whole) throw new Error('the stream yielded nothing');
  return whole;
}

describe('LangChain.js ChatAnthropic through the proxy', () => {
  it('invoke reads a text answer and its usage', async () => {
    const { model, backend } = await start();
    backend.enqueue(
      completion(
        { content: 'Hello there' },
        { usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 } },
      ),
    );
    const message = await model.invoke('Hi');
    expect(message.content).toBe('Hello there');
    expect(message.usage_metadata).toMatchObject({ input_tokens: 11, output_tokens: 3 });
  });

  it('stream yields the text, and its usage reports input tokens from message_start', async () => {
    const { model, backend } = await start();
    backend.enqueue(sse(readTextFixture('generic/text-only.openai.sse')));
    const message = await collect(await model.stream('Hello, how are you today?'));
    expect(message.text).toBe('Hello, world!');
    // The estimate from the request text, since LangChain never reads message_delta's input count.
    expect(message.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(message.usage_metadata?.output_tokens).toBe(4);
  });

  it('bindTools returns tool calls, non-streamed and streamed', async () => {
    const { model, backend } = await start();
    const withTools = model.bindTools([weatherTool]);
    backend.enqueue(
      completion(
        {
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { finishReason: 'tool_calls' },
      ),
    );
    const invoked = await withTools.invoke('Weather in Paris?');
    expect(invoked.tool_calls).toMatchObject([
      { id: 'call_1', name: 'get_weather', args: { city: 'Paris' } },
    ]);
    expect(invoked.response_metadata).toMatchObject({ stop_reason: 'tool_use' });

    backend.enqueue(sse(readTextFixture('deepseek/reasoning-then-tool-call.openai.sse')));
    const streamed = await collect(await withTools.stream('Weather?'));
    expect(streamed.tool_calls).toHaveLength(1);
    expect(streamed.tool_calls?.[0]).toMatchObject({ name: 'get_weather' });
  });

  it('sends a tool result back as a tool message and reads the answer', async () => {
    const { model, backend } = await start();
    backend.enqueue(completion({ content: 'It is sunny in Paris.' }));
    const answer = await model.bindTools([weatherTool]).invoke([
      new HumanMessage('Weather in Paris?'),
      new AIMessage({
        content: '',
        tool_calls: [{ id: 'toolu_1', name: 'get_weather', args: { city: 'Paris' }, type: 'tool_call' }],
      }),
      new ToolMessage({ tool_call_id: 'toolu_1', content: 'sunny, 24°C' }),
    ]);
    expect(answer.content).toBe('It is sunny in Paris.');
    const sent = backend.requests[0]?.body as {
      messages: { role: string; tool_call_id?: string; content?: unknown }[];
    };
    expect(sent.messages.find((message) => message.role === 'tool')).toMatchObject({
      tool_call_id: 'toolu_1',
      content: 'sunny, 24°C',
    });
  });

  it('reads thinking blocks when thinking is on, streamed and not', async () => {
    const { model, backend } = await start({ thinking: { type: 'enabled', budget_tokens: 1024 } });
    backend.enqueue(completion({ reasoning_content: 'Two and two make four.', content: '4' }));
    const invoked = await model.invoke('2+2?');
    expect(invoked.content).toEqual([
      expect.objectContaining({ type: 'thinking', thinking: 'Two and two make four.' }),
      expect.objectContaining({ type: 'text', text: '4' }),
    ]);

    backend.enqueue(sse(readTextFixture('deepseek/reasoning-then-text.openai.sse')));
    const streamed = await collect(await model.stream('2+2?'));
    const blocks = streamed.content as { type: string }[];
    expect(blocks.map((block) => block.type)).toContain('thinking');
    expect(streamed.usage_metadata?.input_tokens).toBeGreaterThan(0);
  });

  it('rejects with the mapped status when the backend fails, and on a mid-stream error', async () => {
    const { model, backend } = await start();
    backend.enqueue(json(429, { error: { message: 'slow down' } }));
    await expect(model.invoke('Hi')).rejects.toMatchObject({ status: 429 });

    backend.enqueue(sse(readTextFixture('generic/mid-stream-error-chunk.openai.sse')));
    await expect(collect(await model.stream('Hi'))).rejects.toThrow();
  });
});
