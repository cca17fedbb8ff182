import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeReasoningSignature,
  encodeReasoningSignature,
} from '../../src/translate/carry-reasoning-state.js';
import { readTextFixture } from '../helpers/load-fixture.js';
import { normalizeStreamIds } from '../helpers/normalize-stream-ids.js';
import { parseAnthropicSse } from '../helpers/parse-anthropic-sse.js';
import { messagesBody, postMessages } from '../helpers/post-messages.js';
import { json, type SseWriteMode, sse } from '../helpers/scripted-backend.js';
import { startProxy, type TestProxy } from '../helpers/start-proxy.js';
import {
  type StrictResponsesBackend,
  startStrictResponsesBackend,
} from '../helpers/start-strict-responses-backend.js';
import { validateAnthropicStream } from '../helpers/validate-anthropic-stream.js';

let backend: StrictResponsesBackend;
let proxy: TestProxy;

beforeEach(async () => {
  backend = await startStrictResponsesBackend();
  proxy = await startProxy({
    OPENAI_BASE_URL: backend.baseUrl,
    OPENAI_PROTOCOL: 'responses',
    RETRY_ATTEMPTS: '2',
  });
});
afterEach(async () => {
  await proxy.close();
  await backend.close();
});

const ORIGIN = 'default/backend-model';

function sentBody(index = 0): Record<string, unknown> {
  return backend.requests[index]!.body as Record<string, unknown>;
}

const READ_TOOL = {
  name: 'Read',
  description: 'Read a file',
  input_schema: {
    type: 'object' as const,
    properties: { file_path: { type: 'string' } },
    required: ['file_path'],
  },
};

describe('a responses provider through the official SDK', () => {
  it('answers a non-streamed request from a response object, posting a stateless Responses body to /v1/responses', async () => {
    backend.enqueue(
      json(200, {
        id: 'resp_1',
        object: 'response',
        status: 'completed',
        model: 'gpt-5.2',
        output: [
          {
            id: 'msg_1',
            type: 'message',
            role: 'assistant',
            status: 'completed',
            content: [{ type: 'output_text', text: 'Paris.', annotations: [] }],
          },
        ],
        usage: {
          input_tokens: 40,
          input_tokens_details: { cached_tokens: 32 },
          output_tokens: 3,
          total_tokens: 43,
        },
      }),
    );
    const message = await proxy.client.messages.create({
      model: 'claude-sonnet-4-8',
      max_tokens: 2000,
      system: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.197; cc_entrypoint=cli;' },
        { type: 'text', text: 'You answer in one word.' },
      ],
      messages: [{ role: 'user', content: 'Capital of France?' }],
      metadata: { user_id: 'user-1' },
    });
    expect(backend.rejections).toEqual([]);
    expect(backend.requests[0]!.url).toBe('/v1/responses');
    expect(sentBody()).toEqual({
      model: 'backend-model',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Capital of France?' }] },
      ],
      instructions: 'You answer in one word.',
      store: false,
      include: ['reasoning.encrypted_content'],
      max_output_tokens: 2000,
      safety_identifier: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(message).toMatchObject({
      model: 'claude-sonnet-4-8',
      content: [{ type: 'text', text: 'Paris.' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 8, cache_read_input_tokens: 32, output_tokens: 3 },
    });
  });

  it('streams reasoning and a tool call, then gives the encrypted reasoning back with the call and its output', async () => {
    backend.enqueue(sse(readTextFixture('responses/reasoning-summary-then-function-call.responses.sse')));
    const first = await proxy.client.messages
      .stream({
        model: 'claude-opus-4-8',
        max_tokens: 16000,
        thinking: { type: 'enabled', budget_tokens: 8000 },
        tools: [READ_TOOL],
        messages: [{ role: 'user', content: 'What is in the config?' }],
      })
      .finalMessage();
    expect(sentBody()).toMatchObject({
      stream: true,
      store: false,
      include: ['reasoning.encrypted_content'],
      reasoning: { effort: 'medium', summary: 'auto' },
      tools: [
        {
          type: 'function',
          name: 'Read',
          description: 'Read a file',
          parameters: READ_TOOL.input_schema,
          strict: false,
        },
      ],
    });
    expect(first.stop_reason).toBe('tool_use');
    const [thinking, toolUse] = first.content;
    expect(thinking).toMatchObject({
      type: 'thinking',
      thinking: expect.stringContaining('Reading the file'),
    });
    expect(toolUse).toMatchObject({
      type: 'tool_use',
      id: 'call_Read01',
      name: 'Read',
      input: { file_path: '/src/config.ts' },
    });

    backend.enqueue(
      json(200, {
        status: 'completed',
        output: [
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'It exports the port.' }],
          },
        ],
      }),
    );
    const second = await proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 16000,
      thinking: { type: 'enabled', budget_tokens: 8000 },
      tools: [READ_TOOL],
      messages: [
        { role: 'user', content: 'What is in the config?' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_Read01', content: 'export const port = 8080;' },
            { type: 'text', text: '<system-reminder>keep it short</system-reminder>' },
          ],
        },
      ],
    });
    expect(backend.rejections).toEqual([]);
    expect(second.content).toEqual([{ type: 'text', text: 'It exports the port.' }]);
    expect(sentBody(1).input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is in the config?' }] },
      {
        type: 'reasoning',
        id: 'rs_fixture_1',
        summary: [
          {
            type: 'summary_text',
            text: '**Reading the file**\n\nThe user wants the config, so I read it first.',
          },
        ],
        encrypted_content: 'gAAAAABfixture-encrypted-reasoning==',
      },
      {
        type: 'function_call',
        call_id: 'call_Read01',
        name: 'Read',
        arguments: '{"file_path":"/src/config.ts"}',
      },
      { type: 'function_call_output', call_id: 'call_Read01', output: 'export const port = 8080;' },
      {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: '<system-reminder>keep it short</system-reminder>' }],
      },
    ]);
  });

  it('sends tool-result images inside the function output and never replays reasoning another provider signed', async () => {
    backend.enqueue(json(200, { status: 'completed', output: [] }));
    const foreign = encodeReasoningSignature({
      responsesItems: [{ type: 'reasoning', id: 'rs_other', summary: [], encrypted_content: 'other' }],
      origin: 'other/gpt-5.2',
    });
    const image = { type: 'base64' as const, media_type: 'image/png' as const, data: 'iVBORw0KGgo=' };
    await proxy.client.messages.create({
      model: 'claude-sonnet-4-8',
      max_tokens: 100,
      tools: [READ_TOOL],
      messages: [
        { role: 'user', content: 'Look' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'elsewhere', signature: foreign },
            { type: 'tool_use', id: 'toolu_01', name: 'Read', input: { file_path: 'a.png' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_01',
              content: [
                { type: 'text', text: 'a.png' },
                { type: 'image', source: image },
              ],
            },
          ],
        },
      ],
    });
    expect(backend.rejections).toEqual([]);
    const input = sentBody().input as Record<string, unknown>[];
    expect(input.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call_output']);
    expect(input[2]).toEqual({
      type: 'function_call_output',
      call_id: 'toolu_01',
      output: [
        { type: 'input_text', text: 'a.png' },
        { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' },
      ],
    });
  });

  it('writes the reasoning origin into signatures so only this provider and model get the items back', async () => {
    backend.enqueue(sse(readTextFixture('responses/reasoning-summary-two-parts-then-text.responses.sse')));
    const message = await proxy.client.messages
      .stream({ model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: '2+2?' }] })
      .finalMessage();
    const thinking = message.content[0];
    if (thinking?.type !== 'thinking') throw new Error('expected a thinking block');
    expect(decodeReasoningSignature(thinking.signature, ORIGIN)?.responsesItems).toHaveLength(1);
    expect(decodeReasoningSignature(thinking.signature, 'default/another-model')).toBeUndefined();
  });
});

describe('responses fixtures through the proxy over HTTP', () => {
  const committed = [
    'text-with-cached-input',
    'reasoning-summary-then-function-call',
    'parallel-function-calls',
    'refusal',
    'incomplete-max-output-tokens',
    'incomplete-content-filter',
    'reasoning-summary-two-parts-then-text',
    'closed-before-completed',
  ];
  const modes: SseWriteMode[] = ['whole', 'byte-per-write', 'crlf'];

  describe.each(committed)('%s', (name) => {
    const upstream = readTextFixture(`responses/${name}.responses.sse`);
    const expected = parseAnthropicSse(readTextFixture(`responses/${name}.anthropic.sse`)).map(
      (frame) => frame.data,
    );

    it.each(modes)('sends the expected Anthropic stream when the backend writes %s', async (mode) => {
      backend.enqueue(sse(upstream, mode));
      const response = await postMessages(proxy.url, messagesBody({ stream: true, stop_sequences: ['###'] }));
      expect(response.status).toBe(200);
      const events = validateAnthropicStream(await response.text());
      expect(withoutOrigin(normalizeStreamIds(events))).toEqual(expected);
    });
  });

  it('retries an answer that fails before its first output and serves the retry', async () => {
    backend.enqueue(
      sse(readTextFixture('responses/failed-server-error.responses.sse')),
      sse(readTextFixture('responses/text-with-cached-input.responses.sse')),
    );
    const response = await postMessages(proxy.url, messagesBody({ stream: true }));
    expect(response.headers.get('x-infiniproxy-attempts')).toBe('2');
    const events = validateAnthropicStream(await response.text());
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
  });

  it('answers a rate-limit error event with 429 rate_limit_error once the retries are spent', async () => {
    const limited = readTextFixture('responses/error-event-rate-limit.responses.sse');
    backend.enqueue(sse(limited), sse(limited));
    const response = await postMessages(proxy.url, messagesBody({ stream: true }));
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'rate_limit_error', message: expect.stringContaining('provider default') },
    });
  });

  it('answers a parameter the API refuses with 400 invalid_request_error and does not retry it', async () => {
    backend.enqueue(
      json(400, {
        error: {
          message: "Unknown parameter: 'foo'.",
          type: 'invalid_request_error',
          param: 'foo',
          code: 'unknown_parameter',
        },
      }),
    );
    const response = await postMessages(proxy.url, messagesBody());
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringContaining("Unknown parameter: 'foo'.") },
    });
    expect(backend.requests).toHaveLength(1);
  });
});

/** Through the proxy, signatures also name the provider and model; the fixtures cannot know them. */
function withoutOrigin(events: unknown[]): unknown[] {
  for (const event of events) {
    const delta = (event as { delta?: { type?: string; signature?: string } }).delta;
    if (delta?.type !== 'signature_delta' || !delta.signature) continue;
    const state = decodeReasoningSignature(delta.signature, ORIGIN);
    expect(state?.origin).toBe(ORIGIN);
    delete state?.origin;
    delta.signature = encodeReasoningSignature(state ?? {});
  }
  return events;
}
