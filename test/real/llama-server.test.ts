import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';
import { type LlamaServer, startLlamaServer } from './start-llama-server.js';

/**
 * The proxy in front of a real llama-server serving a tiny random-weight model: the
 * server's HTTP, SSE framing, chat template, tool-call grammar and errors are real, its
 * words are noise. So every assertion is about structure, never about text.
 */

let llama: LlamaServer;
let proxy: TestProxy;

beforeAll(async () => {
  llama = await startLlamaServer();
  // No OPENAI_PROVIDER: the proxy has to recognize llama-server on a port that is not 8080.
  proxy = await startProxy(
    { OPENAI_BASE_URL: llama.baseUrl, OPENAI_MODEL: llama.model },
    { serverProbeMs: 5_000 },
  );
});
afterAll(async () => {
  await proxy?.close();
  await llama?.close();
});

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const timeTool: Anthropic.Tool = {
  name: 'get_time',
  description: 'Current time in a time zone',
  input_schema: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] },
};

function expectWellFormed(message: Anthropic.Message): void {
  expect(message.type).toBe('message');
  expect(message.role).toBe('assistant');
  expect(message.id).toMatch(/^msg_/);
  expect(message.usage.input_tokens).toBeGreaterThan(0);
  expect(message.usage.output_tokens).toBeGreaterThan(0);
}

function toolUses(message: Anthropic.Message): Anthropic.ToolUseBlock[] {
  return message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
}

describe('through the proxy to a real llama-server', () => {
  it('recognizes llama-server by asking it at start-up', async () => {
    const info = (await (await fetch(`${proxy.url}/`)).json()) as {
      providers: { dialect: string; dialect_reason: string }[];
    };
    expect(info.providers[0]).toMatchObject({ dialect: 'llamacpp', dialect_reason: 'detected from server' });
  });

  it('answers a plain request with text blocks and usage', async () => {
    const message = await proxy.client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 24,
      messages: [{ role: 'user', content: 'Say hello.' }],
    });
    expectWellFormed(message);
    expect(['end_turn', 'max_tokens']).toContain(message.stop_reason);
    for (const block of message.content) expect(block.type).toBe('text');
  });

  it('streams an answer the official SDK assembles', async () => {
    const stream = proxy.client.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 24,
      messages: [{ role: 'user', content: 'Count to three.' }],
    });
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const message = await stream.finalMessage();
    expectWellFormed(message);
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
  });

  it.each([false, true])('forces a tool call with tool_choice any (streamed: %s)', async (streamed) => {
    const request: Anthropic.MessageCreateParamsNonStreaming = {
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    };
    const message = streamed
      ? await proxy.client.messages.stream(request).finalMessage()
      : await proxy.client.messages.create(request);
    expectWellFormed(message);
    expect(message.stop_reason).toBe('tool_use');
    const [call] = toolUses(message);
    expect(call?.name).toBe('get_weather');
    expect(call?.id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(typeof call?.input).toBe('object');
  });

  it.each([false, true])(
    'calls the named tool out of two, which llama-server would not force as a named function (streamed: %s)',
    async (streamed) => {
      const request: Anthropic.MessageCreateParamsNonStreaming = {
        model: 'claude-sonnet-4-5',
        max_tokens: 256,
        messages: [{ role: 'user', content: 'What time is it in Oslo?' }],
        tools: [weatherTool, timeTool],
        tool_choice: { type: 'tool', name: 'get_time', disable_parallel_tool_use: true },
      };
      const message = streamed
        ? await proxy.client.messages.stream(request).finalMessage()
        : await proxy.client.messages.create(request);
      expectWellFormed(message);
      expect(message.stop_reason).toBe('tool_use');
      // llama-server does not enforce parallel_tool_calls: false, so the call may come more than once.
      const names = toolUses(message).map((call) => call.name);
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names)).toEqual(new Set(['get_time']));
    },
  );

  it('answers the turn after a tool result', async () => {
    const message = await proxy.client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 24,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } }],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: '18 °C, sunny' }],
        },
      ],
    });
    expectWellFormed(message);
    expect(['end_turn', 'max_tokens', 'tool_use']).toContain(message.stop_reason);
  });

  it('answers a prompt larger than the context as prompt is too long, with both numbers', async () => {
    const huge = 'word '.repeat(llama.contextSize + 2_000);
    const failure = await proxy.client.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: huge }] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Anthropic.BadRequestError);
    const error = failure as InstanceType<typeof Anthropic.BadRequestError>;
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((error.error as { error: { message: string } }).error.message).toMatch(
      new RegExp(`^prompt is too long: \\d+ tokens > ${llama.contextSize} maximum`),
    );
  });
});
