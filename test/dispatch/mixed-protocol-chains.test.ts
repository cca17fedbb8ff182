import { afterEach, describe, expect, it } from 'vitest';
import { decodeReasoningSignature } from '../../src/translate/carry-reasoning-state.js';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { readTextFixture } from '../helpers/load-fixture.js';
import { messagesBody, postMessages } from '../helpers/post-messages.js';
import { json, type ScriptedBackend, sse, startScriptedBackend } from '../helpers/scripted-backend.js';
import { chain, startGateway, type TestGateway } from '../helpers/start-gateway.js';

/**
 * Fallback chains whose entries speak different protocols: each attempt is made in its
 * provider's own protocol, and the client sees one answer whichever served it.
 */
const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of started.splice(0).reverse()) await item.close();
});

async function backends(count: number): Promise<ScriptedBackend[]> {
  const list = await Promise.all(Array.from({ length: count }, () => startScriptedBackend()));
  started.push(...list);
  return list;
}

async function gateway(options: Parameters<typeof startGateway>[0]): Promise<TestGateway> {
  const running = await startGateway(options);
  started.push(running);
  return running;
}

const overloaded = () =>
  json(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });

describe('a fallback chain mixing protocols', () => {
  it('falls back from an overloaded anthropic DeepSeek to a chat OpenRouter and streams its answer', async () => {
    const [deepseek, router] = await backends(2);
    const proxy = await gateway({
      providers: {
        deepseek: deepseek!.baseUrl.replace(/\/v1$/, '/anthropic'),
        openrouter: router!.baseUrl,
      },
      routes: { default: chain('deepseek/deepseek-v4-pro', 'openrouter/qwen/qwen3-coder') },
      retry: { attempts: 2, maxWaitMs: 0 },
    });
    deepseek!.enqueue(overloaded(), overloaded());
    router!.enqueue(sse(buildChunkStream([{ text: 'from the fallback' }])));
    const message = await proxy.client.messages
      .stream({ model: 'claude-opus-4-8', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'from the fallback' }]);
    expect(deepseek!.requests.map((request) => request.url)).toEqual([
      '/anthropic/v1/messages',
      '/anthropic/v1/messages',
    ]);
    expect(router!.requests.map((request) => request.url)).toEqual(['/v1/chat/completions']);
    expect(router!.requests[0]!.body).toMatchObject({
      model: 'qwen/qwen3-coder',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('falls back from a responses provider whose key is refused to an anthropic one', async () => {
    const [codex, kimi] = await backends(2);
    const proxy = await gateway({
      providers: {
        codex: { url: codex!.baseUrl, protocol: 'responses' },
        kimi: { url: kimi!.baseUrl.replace(/\/v1$/, '/anthropic'), protocol: 'anthropic' },
      },
      routes: { default: chain('codex/gpt-5.2', 'kimi/kimi-k2.6') },
    });
    codex!.enqueue(
      json(401, {
        error: {
          message: 'Incorrect API key provided',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      }),
    );
    kimi!.enqueue(sse(readTextFixture('anthropic-compatible/text-with-comment.messages.sse')));
    const response = await postMessages(proxy.url, messagesBody({ stream: true }));
    expect(response.headers.get('x-infiniproxy-provider')).toBe('kimi');
    expect(response.headers.get('x-infiniproxy-attempts')).toBe('2');
    expect(await response.text()).toContain('"model":"claude-fixture"');
    expect(codex!.requests[0]!.url).toBe('/v1/responses');
  });

  it('never replays reasoning a responses provider signed to the chat provider that takes over', async () => {
    const [codex, router] = await backends(2);
    const proxy = await gateway({
      providers: { codex: { url: codex!.baseUrl, protocol: 'responses' }, openrouter: router!.baseUrl },
      routes: { default: chain('codex/gpt-5.2', 'openrouter/openai/gpt-5.2') },
      retry: { attempts: 1 },
    });
    codex!.enqueue(sse(readTextFixture('responses/reasoning-summary-then-function-call.responses.sse')));
    const first = await proxy.client.messages
      .stream({ model: 'claude-opus-4-8', max_tokens: 100, messages: [{ role: 'user', content: 'read' }] })
      .finalMessage();
    const thinking = first.content[0];
    if (thinking?.type !== 'thinking') throw new Error('expected a thinking block');
    expect(decodeReasoningSignature(thinking.signature, 'codex/gpt-5.2')?.responsesItems).toHaveLength(1);

    // The responses provider is down for the next turn; the chat one answers it.
    codex!.enqueue(json(503, { error: { message: 'down' } }));
    router!.enqueue(sse(buildChunkStream([{ text: 'done' }])));
    await proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'read' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_Read01', content: 'x' }] },
      ],
    });
    const sent = JSON.stringify(router!.requests[0]!.body);
    expect(sent).not.toContain('gAAAAABfixture-encrypted-reasoning==');
    expect(sent).not.toContain('reasoning_details');
  });
});
