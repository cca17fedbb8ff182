import type Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/dialects/dialect.js';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { completion, sse } from '../helpers/scripted-backend.js';
import { type StrictPair, startStrictProxy } from '../helpers/start-strict-proxy.js';

/**
 * Two turns of a tool loop through the official SDK, the proxy and a strict backend: the
 * backend's reasoning state comes back in turn 1, the client sends its history back in
 * turn 2, and the strict backend refuses turn 2 unless that state returned where the real
 * backend demands it.
 */

type ChatMessage = { role: string; tool_calls?: ChatToolCall[]; tool_call_id?: string } & Record<
  string,
  unknown
>;
type ChatToolCall = { id: string; function: { name: string; arguments: string } } & Record<string, unknown>;

let pair: StrictPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function start(dialect: DialectName, model: string): Promise<StrictPair> {
  pair = await startStrictProxy(dialect, model);
  return pair;
}

const bash: Anthropic.Tool = {
  name: 'Bash',
  description: 'Run a shell command',
  input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
};

const question: Anthropic.MessageParam = { role: 'user', content: 'List the files.' };

function firstTurn(extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) {
  return {
    model: 'claude-opus-4-8',
    max_tokens: 8_000,
    thinking: { type: 'adaptive' },
    tools: [bash],
    messages: [question],
    ...extra,
  } as Anthropic.MessageCreateParamsNonStreaming;
}

/** Turn 2: the history with turn 1's answer as the client got it, and a result for each call. */
function secondTurn(
  answer: Anthropic.Message,
  extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {},
) {
  const results = answer.content.flatMap((block) =>
    block.type === 'tool_use'
      ? [{ type: 'tool_result' as const, tool_use_id: block.id, content: 'README.md\nsrc' }]
      : [],
  );
  return firstTurn({
    messages: [
      question,
      { role: 'assistant', content: answer.content as Anthropic.ContentBlockParam[] },
      { role: 'user', content: results },
    ],
    ...extra,
  });
}

function received(index: number): ChatMessage[] {
  return (pair!.backend.requests[index]!.body as { messages: ChatMessage[] }).messages;
}

function assistantCalls(index: number): ChatToolCall[] {
  return received(index).flatMap((message) =>
    message.role === 'assistant' ? (message.tool_calls ?? []) : [],
  );
}

/** A chat.completion.chunk SSE body from raw deltas, for fields buildChunkStream does not write. */
function chunks(deltas: Record<string, unknown>[], finishReason: string): string {
  const frames = [
    ...deltas.map((delta) => ({ choices: [{ index: 0, delta, finish_reason: null }] })),
    { choices: [{ index: 0, delta: {}, finish_reason: finishReason }] },
    { choices: [], usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 } },
  ];
  return `${frames
    .map(
      (frame) =>
        `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', ...frame })}\n\n`,
    )
    .join('')}data: [DONE]\n\n`;
}

describe('deepseek: reasoning_content in a thinking tool loop', () => {
  it('deepseek: sends turn 1 reasoning back as reasoning_content on the assistant tool call', async () => {
    const { backend, proxy } = await start('deepseek', 'deepseek-reasoner');
    backend.enqueue(
      sse(
        buildChunkStream([
          { reasoning: 'The user wants a listing; ls will do.' },
          { toolCall: { id: 'call_00_x1Ym2Zn3', name: 'Bash', arguments: '{"command":"ls"}' } },
        ]),
      ),
      sse(buildChunkStream([{ reasoning: 'Two entries.' }, { text: 'README.md and src.' }])),
    );
    const turn1 = await proxy.client.messages.stream(firstTurn()).finalMessage();
    expect(turn1.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
    expect(turn1.content[0]).toMatchObject({ thinking: 'The user wants a listing; ls will do.' });

    const turn2 = await proxy.client.messages.stream(secondTurn(turn1)).finalMessage();
    expect(backend.rejections).toEqual([]);
    expect(turn2.content.at(-1)).toMatchObject({ type: 'text', text: 'README.md and src.' });
    expect(received(1)[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_00_x1Ym2Zn3',
          type: 'function',
          function: { name: 'Bash', arguments: '{"command":"ls"}' },
        },
      ],
      reasoning_content: 'The user wants a listing; ls will do.',
    });
  });

  it('deepseek: the strict backend refuses turn 2 when the assistant tool call lacks reasoning_content', async () => {
    const { backend } = await start('deepseek', 'deepseek-reasoner');
    backend.enqueue(completion({ content: 'unused' }));
    // A client that strips reasoning_content: sent straight to the backend, as a proxy without the dialect would.
    const response = await fetch(`${backend.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'deepseek-reasoner',
        messages: [
          { role: 'user', content: 'List the files.' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'Bash', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'c1', content: 'README.md' },
        ],
      }),
    });
    expect(response.status).toBe(400);
    expect(backend.rejections[0]?.rule).toBe('reasoning-content-back-in-tool-loops');
  });
});

describe('deepseek V4: thinking on by default', () => {
  it('deepseek: sends reasoning_content on history tool calls to a V4 model when the client sent no thinking blocks', async () => {
    const { backend, proxy } = await start('deepseek', 'deepseek-v4-pro');
    backend.enqueue(completion({ content: 'Two entries.' }));
    await proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 4_000,
      tools: [bash],
      messages: [
        question,
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'call_00_a', name: 'Bash', input: { command: 'ls' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_00_a', content: 'README.md' }] },
      ],
    });
    expect(backend.rejections).toEqual([]);
    expect(received(0)[1]).toMatchObject({ role: 'assistant', reasoning_content: '' });
  });
});

describe('gemini: thought signatures on tool calls', () => {
  const signature = 'CiQBjz1rX0vC8Kp3AbCdEfGh+/signature==';

  it('gemini: sends turn 1 thought_signature back on the same call in turn 2 (streaming)', async () => {
    const { backend, proxy } = await start('gemini', 'gemini-3-pro-preview');
    backend.enqueue(
      sse(
        chunks(
          [
            {
              role: 'assistant',
              tool_calls: [
                {
                  index: 0,
                  id: 'function-call-9184',
                  type: 'function',
                  function: { name: 'Bash', arguments: '{"command":"ls"}' },
                  extra_content: { google: { thought_signature: signature } },
                },
              ],
            },
          ],
          'tool_calls',
        ),
      ),
      sse(buildChunkStream([{ text: 'Two entries.' }])),
    );
    const turn1 = await proxy.client.messages.stream(firstTurn()).finalMessage();
    const thinking = turn1.content.find((block) => block.type === 'thinking');
    expect(thinking?.signature).toMatch(/^infiniproxy\.v1\./);

    await proxy.client.messages.stream(secondTurn(turn1)).finalMessage();
    expect(backend.rejections).toEqual([]);
    expect(assistantCalls(1)).toEqual([
      {
        id: 'function-call-9184',
        type: 'function',
        function: { name: 'Bash', arguments: '{"command":"ls"}' },
        extra_content: { google: { thought_signature: signature } },
      },
    ]);
  });

  it('gemini: keeps each parallel call its own signature (non-streaming)', async () => {
    const { backend, proxy } = await start('gemini', 'gemini-3-pro-preview');
    backend.enqueue(
      completion(
        {
          content: null,
          tool_calls: [
            {
              id: 'function-call-1',
              type: 'function',
              function: { name: 'Bash', arguments: '{"command":"ls"}' },
              extra_content: { google: { thought_signature: signature } },
            },
            {
              id: 'function-call-2',
              type: 'function',
              function: { name: 'Bash', arguments: '{"command":"pwd"}' },
            },
          ],
        },
        { finishReason: 'tool_calls' },
      ),
      completion({ content: 'Done.' }),
    );
    const turn1 = await proxy.client.messages.create(firstTurn());
    await proxy.client.messages.create(secondTurn(turn1));
    expect(backend.rejections).toEqual([]);
    expect(assistantCalls(1).map((call) => call.extra_content ?? null)).toEqual([
      { google: { thought_signature: signature } },
      null,
    ]);
  });

  it('gemini: the strict backend refuses turn 2 when the client dropped the signature and no stand-in is sent', async () => {
    const { backend } = await start('gemini', 'gemini-3-pro-preview');
    backend.enqueue(completion({ content: 'unused' }));
    const response = await fetch(`${backend.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gemini-3-pro-preview',
        messages: [
          { role: 'user', content: 'List the files.' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'f1', type: 'function', function: { name: 'Bash', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'f1', content: 'README.md' },
        ],
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject([{ error: { status: 'INVALID_ARGUMENT' } }]);
  });
});

describe('openrouter: reasoning_details', () => {
  it('openrouter: sends turn 1 reasoning_details back unchanged on the assistant message (streaming)', async () => {
    const { backend, proxy } = await start('openrouter', 'anthropic/claude-sonnet-4.5');
    backend.enqueue(
      sse(
        chunks(
          [
            {
              role: 'assistant',
              reasoning: 'Listing ',
              reasoning_details: [
                { type: 'reasoning.text', text: 'Listing ', format: 'anthropic-claude-v1', index: 0 },
              ],
            },
            {
              reasoning: 'is enough.',
              reasoning_details: [
                {
                  type: 'reasoning.text',
                  text: 'is enough.',
                  signature: 'EqQBCkYIBxgCKkD+claude-signature',
                  format: 'anthropic-claude-v1',
                  index: 0,
                },
              ],
            },
            {
              tool_calls: [
                {
                  index: 0,
                  id: 'toolu_vrtx_01AbC',
                  type: 'function',
                  function: { name: 'Bash', arguments: '{"command":"ls"}' },
                },
              ],
            },
          ],
          'tool_calls',
        ),
      ),
      sse(buildChunkStream([{ text: 'Two entries.' }])),
    );
    const turn1 = await proxy.client.messages.stream(firstTurn()).finalMessage();
    expect(turn1.content[0]).toMatchObject({ type: 'thinking', thinking: 'Listing is enough.' });

    await proxy.client.messages.stream(secondTurn(turn1)).finalMessage();
    expect(backend.rejections).toEqual([]);
    expect(received(1)[1]).toMatchObject({
      role: 'assistant',
      reasoning_details: [
        {
          type: 'reasoning.text',
          text: 'Listing is enough.',
          signature: 'EqQBCkYIBxgCKkD+claude-signature',
          format: 'anthropic-claude-v1',
          index: 0,
        },
      ],
    });
  });

  it('openrouter: sends non-streaming reasoning_details back unchanged', async () => {
    const { backend, proxy } = await start('openrouter', 'google/gemini-3-pro-preview');
    const details = [
      {
        type: 'reasoning.encrypted',
        data: 'CiQBjz1rX0vC8Kp3',
        id: 'tool_function-call-1',
        format: 'google-gemini-v1',
        index: 0,
      },
    ];
    backend.enqueue(
      completion(
        {
          content: null,
          reasoning_details: details,
          tool_calls: [
            {
              id: 'function-call-1',
              type: 'function',
              function: { name: 'Bash', arguments: '{"command":"ls"}' },
            },
          ],
        },
        { finishReason: 'tool_calls' },
      ),
      completion({ content: 'Done.' }),
    );
    const turn1 = await proxy.client.messages.create(firstTurn());
    await proxy.client.messages.create(secondTurn(turn1));
    expect(backend.rejections).toEqual([]);
    expect(received(1)[1]?.reasoning_details).toEqual(details);
  });
});

describe('mistral: nine-character tool ids', () => {
  it('mistral: gives the client the backend id and sends the same id back in turn 2', async () => {
    const { backend, proxy } = await start('mistral', 'mistral-large-latest');
    backend.enqueue(
      sse(buildChunkStream([{ toolCall: { id: 'D681PevKs', name: 'Bash', arguments: '{"command":"ls"}' } }])),
      sse(buildChunkStream([{ text: 'Two entries.' }])),
    );
    const turn1 = await proxy.client.messages.stream(firstTurn({ thinking: undefined })).finalMessage();
    expect(turn1.content).toMatchObject([{ type: 'tool_use', id: 'D681PevKs', name: 'Bash' }]);

    await proxy.client.messages.stream(secondTurn(turn1, { thinking: undefined })).finalMessage();
    expect(backend.rejections).toEqual([]);
    expect(assistantCalls(1).map((call) => call.id)).toEqual(['D681PevKs']);
    expect(received(1).find((message) => message.role === 'tool')?.tool_call_id).toBe('D681PevKs');
  });

  it('mistral: sends nine-character tool ids stable across turns for Anthropic toolu_ ids in history', async () => {
    const { backend, proxy } = await start('mistral', 'mistral-large-latest');
    backend.enqueue(completion({ content: 'ok' }), completion({ content: 'ok' }));
    const history: Anthropic.MessageParam[] = [
      question,
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_01FkT8wqxRkAQ4ZqW7y5nV3c', name: 'Bash', input: { command: 'ls' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01FkT8wqxRkAQ4ZqW7y5nV3c', content: 'README.md' },
        ],
      },
    ];
    await proxy.client.messages.create(firstTurn({ thinking: undefined, messages: history }));
    await proxy.client.messages.create(
      firstTurn({
        thinking: undefined,
        messages: [
          ...history,
          { role: 'assistant', content: 'One file.' },
          { role: 'user', content: 'Thanks' },
        ],
      }),
    );
    expect(backend.rejections).toEqual([]);
    const [first, second] = [assistantCalls(0)[0]!.id, assistantCalls(1)[0]!.id];
    expect(first).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(second).toBe(first);
    expect(received(1).find((message) => message.role === 'tool')?.tool_call_id).toBe(first);
  });
});

describe('mistral: thinking chunks', () => {
  it('mistral: sends turn 1 thinking back as a thinking chunk before the text of the assistant turn', async () => {
    const { backend, proxy } = await start('mistral', 'magistral-medium-latest');
    backend.enqueue(
      sse(
        chunks(
          [
            {
              role: 'assistant',
              content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'A listing; ' }] }],
            },
            { content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'ls will do.' }] }] },
            { content: [{ type: 'text', text: 'Listing.' }] },
            {
              tool_calls: [{ id: 'D681PevKs', function: { name: 'Bash', arguments: '{"command":"ls"}' } }],
            },
          ],
          'tool_calls',
        ),
      ),
      sse(buildChunkStream([{ text: 'README.md and src.' }])),
    );
    const turn1 = await proxy.client.messages.stream(firstTurn({ thinking: undefined })).finalMessage();
    expect(turn1.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);

    await proxy.client.messages.stream(secondTurn(turn1, { thinking: undefined })).finalMessage();
    expect(backend.rejections).toEqual([]);
    expect(received(1)[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: [{ type: 'text', text: 'A listing; ls will do.' }] },
        { type: 'text', text: 'Listing.' },
      ],
      tool_calls: [
        { id: 'D681PevKs', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
      ],
    });
  });

  it('mistral: sends thinking back on earlier turns too, and plain string content on turns without it', async () => {
    const { backend, proxy } = await start('mistral', 'magistral-medium-latest');
    backend.enqueue(completion({ content: 'ok' }));
    await proxy.client.messages.create(
      firstTurn({
        thinking: undefined,
        messages: [
          { role: 'user', content: 'Hi' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'A greeting.', signature: '' },
              { type: 'text', text: 'Hello!' },
            ],
          },
          { role: 'user', content: 'And again' },
          { role: 'assistant', content: 'Hello again!' },
          { role: 'user', content: 'Thanks' },
        ],
      }),
    );
    expect(backend.rejections).toEqual([]);
    const assistants = received(0).filter((message) => message.role === 'assistant');
    expect(assistants.map((message) => message.content)).toEqual([
      [
        { type: 'thinking', thinking: [{ type: 'text', text: 'A greeting.' }] },
        { type: 'text', text: 'Hello!' },
      ],
      'Hello again!',
    ]);
  });
});

describe('groq: reasoning on Qwen 3 only', () => {
  function reasoningThenCall() {
    return sse(
      chunks(
        [
          { role: 'assistant', reasoning: 'ls will do.' },
          {
            tool_calls: [
              {
                index: 0,
                id: 'call_g1',
                type: 'function',
                function: { name: 'Bash', arguments: '{"command":"ls"}' },
              },
            ],
          },
        ],
        'tool_calls',
      ),
    );
  }

  it('groq: sends turn 1 reasoning back as reasoning on the assistant tool call to qwen/qwen3-32b', async () => {
    const { backend, proxy } = await start('groq', 'qwen/qwen3-32b');
    backend.enqueue(reasoningThenCall(), sse(buildChunkStream([{ text: 'Two entries.' }])));
    const turn1 = await proxy.client.messages.stream(firstTurn()).finalMessage();
    expect(turn1.content[0]).toMatchObject({ type: 'thinking', thinking: 'ls will do.' });

    await proxy.client.messages.stream(secondTurn(turn1)).finalMessage();
    expect(backend.rejections).toEqual([]);
    expect(received(1)[1]).toMatchObject({ role: 'assistant', reasoning: 'ls will do.' });
  });

  it('groq: leaves reasoning out of history for openai/gpt-oss-120b, which does not take it', async () => {
    const { backend, proxy } = await start('groq', 'openai/gpt-oss-120b');
    backend.enqueue(reasoningThenCall(), sse(buildChunkStream([{ text: 'Two entries.' }])));
    const turn1 = await proxy.client.messages.stream(firstTurn()).finalMessage();
    expect(turn1.content[0]).toMatchObject({ type: 'thinking', thinking: 'ls will do.' });

    await proxy.client.messages.stream(secondTurn(turn1)).finalMessage();
    expect(backend.rejections).toEqual([]);
    expect(received(1)[1]).not.toHaveProperty('reasoning');
  });
});

describe('long tool names', () => {
  const longName = 'mcp__issue-tracker-for-the-payments-team__add_comment_to_issue_with_attachments';
  const longTool: Anthropic.Tool = {
    name: longName,
    input_schema: { type: 'object', properties: { body: { type: 'string' } } },
  };

  function backendName(): string {
    const tools = (pair!.backend.requests[0]!.body as { tools: { function: { name: string } }[] }).tools;
    const name = tools[0]!.function.name;
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(/^[a-zA-Z0-9_-]+$/);
    return name;
  }

  it.each<DialectName>(['openai', 'gemini'])(
    '%s: the backend sees a short name and the streaming client the original name',
    async (dialect) => {
      const { backend, proxy } = await start(dialect, dialect === 'openai' ? 'gpt-4.1' : 'gemini-2.5-flash');
      let shortName = '';
      backend.enqueue(
        (request, response) => {
          shortName = (request.body as { tools: { function: { name: string } }[] }).tools[0]!.function.name;
          const body = buildChunkStream([
            { toolCall: { id: 'call_1', name: shortName, arguments: '{"body":"hi"}' } },
          ]);
          return sse(body)(request, response);
        },
        completion({ content: 'ok' }),
      );
      const turn1 = await proxy.client.messages
        .stream(firstTurn({ thinking: undefined, tools: [longTool] }))
        .finalMessage();
      expect(backendName()).toBe(shortName);
      expect(turn1.content).toMatchObject([{ type: 'tool_use', name: longName, input: { body: 'hi' } }]);

      await proxy.client.messages.create(secondTurn(turn1, { thinking: undefined, tools: [longTool] }));
      expect(backend.rejections).toEqual([]);
      expect(assistantCalls(1)[0]!.function.name).toBe(shortName);
    },
  );

  it('generic: the non-streaming client sees the original name of a shortened tool', async () => {
    const { backend, proxy } = await start('generic', 'llama-3.3-70b-instruct');
    backend.enqueue((request, response) => {
      const name = (request.body as { tools: { function: { name: string } }[] }).tools[0]!.function.name;
      return completion(
        {
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name, arguments: '{}' } }],
        },
        { finishReason: 'tool_calls' },
      )(request, response);
    });
    const message = await proxy.client.messages.create(firstTurn({ thinking: undefined, tools: [longTool] }));
    expect(backendName().length).toBeLessThanOrEqual(64);
    expect(message.content).toMatchObject([{ type: 'tool_use', name: longName }]);
    expect(backend.rejections).toEqual([]);
  });
});
