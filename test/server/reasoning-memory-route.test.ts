import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { completion, sse } from '../helpers/scripted-backend.js';
import { type ProxyAndBackend, useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const harness = useProxyAndBackend();
const start = (provider: string) => harness.start({ OPENAI_PROVIDER: provider });

const tools: Anthropic.Tool[] = [
  { name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } },
];
const ask: Anthropic.MessageParam = { role: 'user', content: 'What does config.json say?' };

/** The second request of a tool loop from a client that keeps only text and tool_use blocks. */
function nextTurnWithoutThinking(first: Anthropic.Message): Anthropic.MessageCreateParamsNonStreaming {
  const kept = first.content.filter((block) => block.type !== 'thinking') as Anthropic.ContentBlockParam[];
  const call = first.content.find((block) => block.type === 'tool_use');
  return {
    model: 'claude-opus-4-8',
    max_tokens: 1_000,
    thinking: { type: 'adaptive' },
    tools,
    messages: [
      ask,
      { role: 'assistant', content: kept },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.id, content: '{"debug": true}' }] },
    ],
  };
}

/** Streams a first turn: reasoning, then one Read call; the backend's second reply is plain text. */
async function streamReasoningThenCall(
  { backend, proxy }: ProxyAndBackend,
  reasoning: string,
  call: { id: string; arguments: string },
  thinking?: Anthropic.ThinkingConfigParam,
): Promise<Anthropic.Message> {
  backend.enqueue(
    sse(
      buildChunkStream([
        { reasoning },
        { toolCall: { id: call.id, name: 'Read', arguments: call.arguments } },
      ]),
    ),
    completion({ content: 'Done.' }),
  );
  return proxy.client.messages
    .stream({
      model: 'claude-opus-4-8',
      max_tokens: 1_000,
      ...(thinking ? { thinking } : {}),
      tools,
      messages: [ask],
    })
    .finalMessage();
}

function assistantSent(request: { body: unknown }): Record<string, unknown> {
  const messages = (request.body as { messages: Record<string, unknown>[] }).messages;
  return messages.find((message) => message.role === 'assistant')!;
}

describe('reasoning memory for clients that drop thinking blocks', () => {
  it('deepseek: gives the streamed reasoning back as reasoning_content on the next turn', async () => {
    const { backend, proxy } = await start('deepseek');
    const reasoning = 'The answer is in config.json; read it.';
    const first = await streamReasoningThenCall(
      { backend, proxy },
      reasoning,
      { id: 'call_1', arguments: '{"file_path":"config.json"}' },
      { type: 'adaptive' },
    );
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);

    await proxy.client.messages.create(nextTurnWithoutThinking(first));
    expect(assistantSent(backend.requests[1]!)).toMatchObject({
      reasoning_content: reasoning,
      tool_calls: [{ id: 'call_1' }],
    });
  });

  it("deepseek: gives nothing of one client's reasoning to a client presenting another key", async () => {
    const { backend, proxy } = await start('deepseek');
    const first = await streamReasoningThenCall(
      { backend, proxy },
      'Private plan.',
      { id: 'call_0', arguments: '{}' },
      { type: 'adaptive' },
    );
    const otherClient = new Anthropic({ baseURL: proxy.url, apiKey: 'another-client-key', maxRetries: 0 });
    await otherClient.messages.create(nextTurnWithoutThinking(first));
    expect(assistantSent(backend.requests[1]!).reasoning_content).toBe('');
  });

  it('gemini: puts the real thought signature back on the call, not the stand-in', async () => {
    const { backend, proxy } = await start('gemini');
    backend.enqueue(
      completion(
        {
          content: null,
          tool_calls: [
            {
              id: 'function-call-1',
              type: 'function',
              function: { name: 'Read', arguments: '{"file_path":"config.json"}' },
              extra_content: { google: { thought_signature: 'CiQB-real-signature' } },
            },
          ],
        },
        { finishReason: 'tool_calls' },
      ),
      completion({ content: 'Debug is on.' }),
    );
    const first = await proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 1_000,
      thinking: { type: 'adaptive' },
      tools,
      messages: [ask],
    });
    await proxy.client.messages.create(nextTurnWithoutThinking(first));
    expect(assistantSent(backend.requests[1]!)).toMatchObject({
      tool_calls: [
        { id: 'function-call-1', extra_content: { google: { thought_signature: 'CiQB-real-signature' } } },
      ],
    });
  });

  it('generic: keeps nothing, since the backend wants no reasoning back', async () => {
    const { backend, proxy } = await start('generic');
    expect(proxy.server.context.gateway.providers.get('default')?.reasoningMemory).toBeUndefined();
    const first = await streamReasoningThenCall({ backend, proxy }, 'Plan.', {
      id: 'call_1',
      arguments: '{}',
    });
    await proxy.client.messages.create(nextTurnWithoutThinking(first));
    const assistant = assistantSent(backend.requests[1]!);
    expect(assistant).not.toHaveProperty('reasoning_content');
    expect(assistant).not.toHaveProperty('reasoning');
  });
});
