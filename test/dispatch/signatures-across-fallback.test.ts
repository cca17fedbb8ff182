import type Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { json, type ScriptedBackend, sse, startScriptedBackend } from '../helpers/scripted-backend.js';
import { chain, startGateway, type TestGateway } from '../helpers/start-gateway.js';

/**
 * Thinking signatures an Anthropic-compatible backend issued, sent back by the client on the
 * next turn: after a fallback they must not reach another backend, which (a real Anthropic
 * model does) refuses a signature it did not issue.
 */
const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of started.splice(0).reverse()) await item.close();
});

const SIGNATURE_A = `EqQBCkgIAhABGAIiQ${'A'.repeat(40)}backend-a-${'a1b2c3d4'.repeat(8)}`;
const REDACTED_A = `EmwKAhgBEgy${'R'.repeat(30)}backend-a-redacted-${'e5f6'.repeat(16)}`;
const UNKNOWN = `EqQBCkgIAhABGAIiQ${'U'.repeat(40)}issued-before-a-restart-${'9'.repeat(40)}`;

async function anthropicBackends(): Promise<[ScriptedBackend, ScriptedBackend]> {
  const list = await Promise.all([startScriptedBackend(), startScriptedBackend()]);
  started.push(...list);
  return [list[0]!, list[1]!];
}

async function chainOf(a: ScriptedBackend, b: ScriptedBackend): Promise<TestGateway> {
  const proxy = await startGateway({
    providers: {
      a: a.baseUrl.replace(/\/v1$/, '/anthropic'),
      b: b.baseUrl.replace(/\/v1$/, '/anthropic'),
    },
    routes: { default: chain('a/model-a', 'b/model-b') },
    retry: { attempts: 1, maxWaitMs: 0 },
  });
  started.push(proxy);
  return proxy;
}

const overloaded = () =>
  json(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });

const toolUse = { type: 'tool_use', id: 'toolu_01', name: 'read_file', input: { path: 'a.ts' } };

function answer(content: unknown[], stopReason = 'tool_use') {
  return {
    id: 'msg_backend',
    type: 'message',
    role: 'assistant',
    model: 'model-a',
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  };
}

/** The events of a turn with a thinking block signed in two deltas, a redacted block and a tool call. */
function streamedTurn(): string {
  const events: Array<[string, unknown]> = [
    ['message_start', { type: 'message_start', message: { ...answer([]), stop_reason: null } }],
    [
      'content_block_start',
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
    ],
    [
      'content_block_delta',
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'thinking_delta', thinking: 'Read it first.' },
      },
    ],
    [
      'content_block_delta',
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: SIGNATURE_A.slice(0, 30) },
      },
    ],
    [
      'content_block_delta',
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: SIGNATURE_A.slice(30) },
      },
    ],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    [
      'content_block_start',
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'redacted_thinking', data: REDACTED_A },
      },
    ],
    ['content_block_stop', { type: 'content_block_stop', index: 1 }],
    [
      'content_block_start',
      { type: 'content_block_start', index: 2, content_block: { ...toolUse, input: {} } },
    ],
    [
      'content_block_delta',
      {
        type: 'content_block_delta',
        index: 2,
        delta: { type: 'input_json_delta', partial_json: '{"path":"a.ts"}' },
      },
    ],
    ['content_block_stop', { type: 'content_block_stop', index: 2 }],
    [
      'message_delta',
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: 5 },
      },
    ],
    ['message_stop', { type: 'message_stop' }],
  ];
  return events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join('');
}

/** The second turn: the first one's assistant content sent back, then the tool's result. */
function secondTurn(assistant: Anthropic.ContentBlockParam[]): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: 'claude-opus-4-8',
    max_tokens: 100,
    thinking: { type: 'enabled', budget_tokens: 1024 },
    messages: [
      { role: 'user', content: 'Read a.ts' },
      { role: 'assistant', content: assistant },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'export {}' }] },
    ],
  };
}

const assistantTypes = (backend: ScriptedBackend, index: number) =>
  (
    (backend.requests[index]!.body as { messages: Array<{ role: string; content: Array<{ type: string }> }> })
      .messages[1]!.content ?? []
  ).map((block) => block.type);

describe('thinking signatures across a fallback between Anthropic-compatible backends', () => {
  it('gives a signed block back to the backend that issued it, and leaves it out for the one that takes over', async () => {
    const [a, b] = await anthropicBackends();
    const proxy = await chainOf(a, b);
    const thinking = { type: 'thinking', thinking: 'Read it first.', signature: SIGNATURE_A };
    a.enqueue(json(200, answer([thinking, toolUse])));
    const first = await proxy.client.messages.create({
      ...secondTurn([]),
      messages: [{ role: 'user', content: 'Read a.ts' }],
    });
    expect(first.content[0]).toMatchObject({ type: 'thinking', signature: SIGNATURE_A });

    const history = first.content as Anthropic.ContentBlockParam[];
    a.enqueue(json(200, answer([{ type: 'text', text: 'done' }], 'end_turn')));
    await proxy.client.messages.create(secondTurn(history));
    expect(assistantTypes(a, 1)).toEqual(['thinking', 'tool_use']);

    a.enqueue(overloaded());
    b.enqueue(json(200, answer([{ type: 'text', text: 'done by b' }], 'end_turn')));
    const third = await proxy.client.messages.create(secondTurn(history));
    expect(third.content).toEqual([{ type: 'text', text: 'done by b' }]);
    expect(assistantTypes(a, 2)).toEqual(['thinking', 'tool_use']);
    expect(assistantTypes(b, 0)).toEqual(['tool_use']);
    expect(JSON.stringify(b.requests[0]!.body)).not.toContain(SIGNATURE_A);
  });

  it('learns signatures and redacted thinking from a stream, signed over several deltas', async () => {
    const [a, b] = await anthropicBackends();
    const proxy = await chainOf(a, b);
    a.enqueue(sse(streamedTurn()));
    const first = await proxy.client.messages
      .stream({ ...secondTurn([]), messages: [{ role: 'user', content: 'Read a.ts' }] })
      .finalMessage();
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'redacted_thinking', 'tool_use']);

    a.enqueue(overloaded());
    b.enqueue(json(200, answer([{ type: 'text', text: 'done by b' }], 'end_turn')));
    await proxy.client.messages.create(secondTurn(first.content as Anthropic.ContentBlockParam[]));
    expect(assistantTypes(b, 0)).toEqual(['tool_use']);
    const sent = JSON.stringify(b.requests[0]!.body);
    expect(sent).not.toContain(SIGNATURE_A);
    expect(sent).not.toContain(REDACTED_A);
  });

  it('passes on a signature it never saw issued, as a backend may have issued it before a restart', async () => {
    const [a, b] = await anthropicBackends();
    const proxy = await chainOf(a, b);
    a.enqueue(overloaded());
    b.enqueue(json(200, answer([{ type: 'text', text: 'done by b' }], 'end_turn')));
    const history: Anthropic.ContentBlockParam[] = [
      { type: 'thinking', thinking: 'Earlier.', signature: UNKNOWN },
      toolUse as Anthropic.ToolUseBlockParam,
    ];
    await proxy.client.messages.create(secondTurn(history));
    expect(assistantTypes(b, 0)).toEqual(['thinking', 'tool_use']);
  });
});
