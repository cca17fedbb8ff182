import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/dialects/dialect.js';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { buildPng } from '../helpers/build-image.js';
import { completion, sse } from '../helpers/scripted-backend.js';
import { type StrictPair, startStrictProxy } from '../helpers/start-strict-proxy.js';

/**
 * Requests Claude Code makes that a backend would refuse if forwarded as they are; each
 * dialect reshapes them, and the strict backend accepting them is the proof.
 */

let pair: StrictPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function send(
  dialect: DialectName,
  model: string,
  /** Anthropic request fields; loosely typed, as sampling fields are gone from the SDK's types. */
  request: Record<string, unknown>,
  reply = completion({ content: 'ok' }),
): Promise<{ message: Anthropic.Message; body: Record<string, unknown> }> {
  pair = await startStrictProxy(dialect, model);
  pair.backend.enqueue(reply);
  const message = await pair.proxy.client.messages.create({
    model: 'claude-opus-4-8',
    max_tokens: 8_000,
    messages: [{ role: 'user', content: 'Hello' }],
    ...request,
  } as Anthropic.MessageCreateParamsNonStreaming);
  expect(pair.backend.rejections).toEqual([]);
  return { message, body: pair.backend.requests[0]!.body as Record<string, unknown> };
}

const readTool: Anthropic.Tool = { name: 'Read', input_schema: { type: 'object', properties: {} } };

describe('requests each strict backend accepts once reshaped', () => {
  it('openai: leaves temperature, top_p and stop out for gpt-5', async () => {
    const { body } = await send('openai', 'gpt-5', {
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['</answer>'],
    });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('stop');
    expect(body).toHaveProperty('max_completion_tokens', 8_000);
  });

  it('openai: keeps temperature and sends no reasoning_effort for gpt-4o', async () => {
    const { body } = await send('openai', 'gpt-4o', { temperature: 0.2, thinking: { type: 'adaptive' } });
    expect(body).toMatchObject({ temperature: 0.2, max_completion_tokens: 8_000 });
    expect(body).not.toHaveProperty('reasoning_effort');
  });

  it('qwen: streams upstream when a non-streaming request asks for thinking', async () => {
    const { message, body } = await send(
      'qwen',
      'qwen3-max',
      { thinking: { type: 'enabled', budget_tokens: 2_000 } },
      sse(buildChunkStream([{ reasoning: 'Greeting.' }, { text: 'Hi!' }])),
    );
    expect(body).toMatchObject({ stream: true, enable_thinking: true, thinking_budget: 2_000 });
    expect(message.content).toMatchObject([
      { type: 'thinking', thinking: 'Greeting.' },
      { type: 'text', text: 'Hi!' },
    ]);
  });

  it.each<[DialectName, string]>([
    ['glm', 'glm-4.6'],
    ['qwen', 'qwen3-max'],
  ])('%s: sends a forced tool choice as auto', async (dialect, model) => {
    const { body } = await send(dialect, model, { tools: [readTool], tool_choice: { type: 'any' } });
    expect(body.tool_choice).toBe('auto');
  });

  it('glm: sends no tools for tool_choice none, which it cannot express', async () => {
    const { body } = await send('glm', 'glm-4.6', { tools: [readTool], tool_choice: { type: 'none' } });
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
  });

  it('deepseek: lowers max_tokens to the 8192 deepseek-chat takes', async () => {
    const { body } = await send('deepseek', 'deepseek-chat', { max_tokens: 20_000 });
    expect(body.max_tokens).toBe(8_192);
  });

  it('deepseek: sends thinking disabled, and no reasoning fields, when the client turns thinking off', async () => {
    const { body } = await send('deepseek', 'deepseek-chat', { thinking: { type: 'disabled' } });
    expect(body.thinking).toEqual({ type: 'disabled' });
    expect(body).not.toHaveProperty('reasoning_effort');
  });

  it('mistral: sends a named tool choice in the function form', async () => {
    const { body } = await send('mistral', 'mistral-large-latest', {
      tools: [readTool],
      tool_choice: { type: 'tool', name: 'Read' },
    });
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'Read' } });
  });

  it.each([
    ['llamacpp', 'Qwen3-8B-Q4_K_M.gguf'],
    ['lmstudio', 'qwen/qwen3-8b'],
  ] as const)('%s: sends a named tool choice as required with only that tool', async (dialect, model) => {
    const timeTool: Anthropic.Tool = { name: 'get_time', input_schema: { type: 'object', properties: {} } };
    const { body } = await send(dialect, model, {
      tools: [readTool, timeTool],
      tool_choice: { type: 'tool', name: 'get_time' },
    });
    expect(body.tool_choice).toBe('required');
    expect(body.tools).toEqual([
      { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } },
    ]);
  });

  it('mistral: answers a call the client never answered and sends an orphan result as user text', async () => {
    const { body } = await send('mistral', 'mistral-large-latest', {
      tools: [readTool],
      messages: [
        { role: 'user', content: 'Read a and b' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A', name: 'Read', input: {} }] },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_01Z', content: 'stale result' }],
        },
      ],
    });
    const messages = body.messages as { role: string; content: unknown }[];
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'user']);
    expect(JSON.stringify(messages[3]!.content)).toContain('stale result');
  });

  it('deepseek: sends an image a tool returned as a text note', async () => {
    const { body } = await send('deepseek', 'deepseek-chat', {
      tools: [readTool],
      messages: [
        { role: 'user', content: 'Take a screenshot' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01A', name: 'Read', input: {} }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_01A',
              content: [
                { type: 'text', text: 'Screenshot taken' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: buildPng(1, 1) } },
              ],
            },
          ],
        },
      ],
    });
    expect(JSON.stringify(body.messages)).not.toContain('image_url');
  });

  describe('an image given by URL', () => {
    let images: Server | undefined;
    afterEach(async () => {
      images?.close();
      if (images) await once(images, 'close');
      images = undefined;
    });

    it('ollama: downloads the image and sends it as a data URL', async () => {
      const png = Buffer.from(buildPng(2, 2), 'base64');
      images = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'image/png' });
        response.end(png);
      });
      images.listen(0, '127.0.0.1');
      await once(images, 'listening');
      const url = `http://127.0.0.1:${(images.address() as AddressInfo).port}/screenshot.png`;
      const { body } = await send('ollama', 'gemma3:27b', {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', source: { type: 'url', url } },
            ],
          },
        ],
      });
      expect((body.messages as { content: unknown }[])[0]!.content).toEqual([
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` } },
      ]);
    });
  });
});
