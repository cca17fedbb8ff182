import type Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { SKIP_THOUGHT_SIGNATURE } from '../../src/translate/convert-assistant-message.js';
import { completion, json, type ScriptedBackend, startScriptedBackend } from '../helpers/scripted-backend.js';
import { chain, startGateway, type TestGateway } from '../helpers/start-gateway.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface AssistantMessage {
  role: string;
  reasoning_content?: string;
  tool_calls?: Array<{ id: string; extra_content?: { google?: { thought_signature?: string } } }>;
}

function assistantOf(backend: ScriptedBackend, index: number): AssistantMessage | undefined {
  const body = backend.requests[index]!.body as { messages: AssistantMessage[] };
  return body.messages.find((message) => message.role === 'assistant');
}

describe('reasoning when a tool loop falls back to another provider', () => {
  it('gives DeepSeek its reasoning_content back and Gemini its own history, never the other one’s', async () => {
    const deepseek = await startScriptedBackend();
    const gemini = await startScriptedBackend();
    let proxy: TestGateway | undefined;
    cleanups.push(async () => {
      await proxy?.close();
      await deepseek.close();
      await gemini.close();
    });
    proxy = await startGateway({
      providers: {
        deepseek: { url: deepseek.baseUrl, dialect: 'deepseek' },
        gemini: { url: gemini.baseUrl, dialect: 'gemini' },
      },
      routes: { default: chain('deepseek/deepseek-v4-pro', 'gemini/gemini-3-pro') },
      retry: { attempts: 1 },
    });
    const tools: Anthropic.Tool[] = [
      { name: 'get_time', description: 'Time', input_schema: { type: 'object' as const, properties: {} } },
    ];

    // Turn 1: DeepSeek thinks, then calls a tool.
    deepseek.enqueue(
      completion(
        {
          content: null,
          reasoning_content: 'The user wants the time; call get_time.',
          tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'get_time', arguments: '{}' } }],
        },
        { finishReason: 'tool_calls' },
      ),
    );
    const first = await proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 1000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools,
      messages: [{ role: 'user', content: 'What time is it?' }],
    });
    const call = first.content.find((block) => block.type === 'tool_use');
    expect(call).toBeDefined();

    // Turn 2: DeepSeek is down, Gemini takes over the same conversation.
    deepseek.enqueue(json(503, { error: { message: 'busy' } }));
    gemini.enqueue(completion({ content: 'It is noon.' }));
    const second = await proxy.client.messages
      .create({
        model: 'claude-opus-4-8',
        max_tokens: 1000,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools,
        messages: [
          { role: 'user', content: 'What time is it?' },
          { role: 'assistant', content: first.content as never },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.id, content: '12:00' }] },
        ],
      })
      .withResponse();
    expect(second.response.headers.get('x-infiniproxy-provider')).toBe('gemini');

    expect(assistantOf(deepseek, 1)?.reasoning_content).toBe('The user wants the time; call get_time.');
    const toGemini = assistantOf(gemini, 0);
    expect(toGemini).toBeDefined();
    expect(toGemini).not.toHaveProperty('reasoning_content');
    expect(toGemini?.tool_calls?.[0]?.extra_content?.google?.thought_signature).toBe(SKIP_THOUGHT_SIGNATURE);
  });
});
