// The Vercel AI SDK's Anthropic provider validates every answer against its own schema of the
// API: a key written as null where the API leaves it out (citations on text blocks) fails the
// call. These tests run it as a user would, through the proxy, against the scripted backend.
import { type AnthropicProvider, createAnthropic } from '@ai-sdk/anthropic';
import { APICallError, generateText, jsonSchema, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { readTextFixture } from '../helpers/load-fixture.js';
import { completion, json, sse } from '../helpers/scripted-backend.js';
import { useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const harness = useProxyAndBackend();

async function start(): Promise<{ anthropic: AnthropicProvider; backend: typeof harness.current.backend }> {
  // One try per request: these tests pin what the client sees of an error, not the proxy's retries.
  const { backend, proxy } = await harness.start({ RETRY_ATTEMPTS: '1' });
  return { anthropic: createAnthropic({ baseURL: `${proxy.url}/v1`, apiKey: 'test-client-key' }), backend };
}

const weatherTool = tool({
  description: 'Current weather for a city',
  inputSchema: jsonSchema<{ city: string }>({
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  }),
});

describe('Vercel AI SDK (ai + @ai-sdk/anthropic) through the proxy', () => {
  it('generateText reads a text answer and its usage', async () => {
    const { anthropic, backend } = await start();
    backend.enqueue(
      completion(
        { content: 'Hello there' },
        { usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 } },
      ),
    );
    const result = await generateText({ model: anthropic('claude-fixture'), prompt: 'Hi', maxRetries: 0 });
    expect(result.text).toBe('Hello there');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: 11, outputTokens: 3 });
  });

  it('streamText streams a text answer and its usage', async () => {
    const { anthropic, backend } = await start();
    backend.enqueue(sse(readTextFixture('generic/text-only.openai.sse')));
    const result = streamText({ model: anthropic('claude-fixture'), prompt: 'Hi', maxRetries: 0 });
    expect(await result.text).toBe('Hello, world!');
    expect(await result.finishReason).toBe('stop');
    expect(await result.usage).toMatchObject({ inputTokens: 12, outputTokens: 4 });
  });

  it('generateText returns a tool call with parsed input', async () => {
    const { anthropic, backend } = await start();
    backend.enqueue(
      completion(
        {
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          ],
        },
        { finishReason: 'tool_calls' },
      ),
    );
    const result = await generateText({
      model: anthropic('claude-fixture'),
      prompt: 'Weather in Paris?',
      tools: { weather: weatherTool },
      maxRetries: 0,
    });
    expect(result.finishReason).toBe('tool-calls');
    expect(result.toolCalls).toMatchObject([
      { toolCallId: 'call_1', toolName: 'weather', input: { city: 'Paris' } },
    ]);
  });

  it('streamText returns a streamed tool call after the reasoning', async () => {
    const { anthropic, backend } = await start();
    backend.enqueue(sse(readTextFixture('deepseek/reasoning-then-tool-call.openai.sse')));
    const result = streamText({
      model: anthropic('claude-fixture'),
      prompt: 'Weather?',
      tools: { get_weather: tool({ ...weatherTool }) },
      maxRetries: 0,
    });
    const toolCalls = await result.toolCalls;
    expect(toolCalls).toHaveLength(1);
    expect(toolCalls[0]).toMatchObject({ toolName: 'get_weather' });
    expect(await result.finishReason).toBe('tool-calls');
    expect(await result.usage).toMatchObject({ inputTokens: 120, outputTokens: 40 });
  });

  it('reads reasoning as reasoning text, streamed and not', async () => {
    const { anthropic, backend } = await start();
    const thinking = { anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } } } as const;
    backend.enqueue(completion({ reasoning_content: 'Two and two make four.', content: '4' }));
    const generated = await generateText({
      model: anthropic('claude-fixture'),
      prompt: '2+2?',
      providerOptions: thinking,
      maxRetries: 0,
    });
    expect(generated.reasoningText).toBe('Two and two make four.');
    expect(generated.text).toBe('4');

    backend.enqueue(sse(readTextFixture('deepseek/reasoning-then-text.openai.sse')));
    const streamed = streamText({
      model: anthropic('claude-fixture'),
      prompt: '2+2?',
      providerOptions: thinking,
      maxRetries: 0,
    });
    expect(await streamed.reasoningText).toMatch(/2\+2/);
    expect((await streamed.text).length).toBeGreaterThan(0);
  });

  it('reports a backend error as an APICallError with the mapped status', async () => {
    const { anthropic, backend } = await start();
    backend.enqueue(json(429, { error: { message: 'slow down' } }));
    const error = await generateText({
      model: anthropic('claude-fixture'),
      prompt: 'Hi',
      maxRetries: 0,
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(429);
  });

  it('reports a mid-stream error as an error part', async () => {
    const { anthropic, backend } = await start();
    backend.enqueue(sse(readTextFixture('generic/mid-stream-error-chunk.openai.sse')));
    const result = streamText({
      model: anthropic('claude-fixture'),
      prompt: 'Hi',
      maxRetries: 0,
      onError: () => undefined,
    });
    const parts: string[] = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(parts).toContain('error');
  });
});
