/** A content block as the proxy writes it: no `citations` key when there are none. */
type AnswerBlock = Record<string, unknown>;

import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { buildChunkStream } from '../helpers/build-chunk-stream.js';
import { completion, sse } from '../helpers/scripted-backend.js';
import { useProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const harness = useProxyAndBackend();

const tools: Anthropic.Tool[] = [
  { name: 'Read', input_schema: { type: 'object', properties: { file_path: { type: 'string' } } } },
];
const ask: Anthropic.MessageParam = { role: 'user', content: 'What does config.json say?' };
const TAGGED = '<think>\nCheck the sum.\n</think>\n\nIt is 4.';

const CLOSE_ONLY = 'Check the sum.\n</think>\n\nIt is 4.';
const asThinking: AnswerBlock[] = [
  { type: 'thinking', thinking: 'Check the sum.', signature: '' },
  { type: 'text', text: 'It is 4.' },
];
const asText = (text: string): AnswerBlock[] => [{ type: 'text', text }];

interface Row {
  when: string;
  env: Record<string, string>;
  content: string;
  expected: AnswerBlock[];
}

describe('<think> tags in answers, by dialect and THINK_TAGS', () => {
  it.each<Row>([
    { when: 'an unknown (generic) server', env: {}, content: TAGGED, expected: asThinking },
    {
      when: 'an unknown server and an answer with no tag',
      env: {},
      content: '\n  It is 4.\n',
      expected: asText('\n  It is 4.\n'),
    },
    {
      when: 'an unknown server and an answer with markup but no tag',
      env: {},
      content: ' <b>4</b>, as 2 < 3',
      expected: asText(' <b>4</b>, as 2 < 3'),
    },
    { when: 'THINK_TAGS=off', env: { THINK_TAGS: 'off' }, content: TAGGED, expected: asText(TAGGED) },
    { when: 'a hosted API', env: { OPENAI_PROVIDER: 'deepseek' }, content: TAGGED, expected: asText(TAGGED) },
    {
      when: 'a hosted API with THINK_TAGS=on',
      env: { OPENAI_PROVIDER: 'deepseek', THINK_TAGS: 'on' },
      content: TAGGED,
      expected: asThinking,
    },
    {
      when: 'vLLM and only </think>',
      env: { OPENAI_PROVIDER: 'vllm' },
      content: CLOSE_ONLY,
      expected: asText(CLOSE_ONLY),
    },
    {
      when: 'vLLM and only </think> with THINK_TAGS=open',
      env: { OPENAI_PROVIDER: 'vllm', THINK_TAGS: 'open' },
      content: CLOSE_ONLY,
      expected: asThinking,
    },
  ])('gives the expected blocks for $when', async ({ env, content, expected }) => {
    const { backend, proxy } = await harness.start(env);
    backend.enqueue(completion({ content }));
    const message = await proxy.client.messages.create({
      model: 'claude-opus-4-8',
      max_tokens: 100,
      messages: [ask],
    });
    expect(message.content).toEqual(expected);
  });

  describe.each([
    { provider: 'ollama', reasoning: 'Read the file first.' },
    { provider: 'lmstudio', reasoning: undefined },
  ])('sent back in the next turn of a tool loop ($provider)', ({ provider, reasoning }) => {
    it('goes back as the dialect sends reasoning back, never as tags in the content', async () => {
      const { backend, proxy } = await harness.start({ OPENAI_PROVIDER: provider });
      backend.enqueue(
        sse(
          buildChunkStream([
            { text: '<think>\nRead the ' },
            { text: 'file first.\n</think>\n\n' },
            { toolCall: { id: 'call_1', name: 'Read', arguments: '{"file_path":"config.json"}' } },
          ]),
        ),
        completion({ content: 'It turns debug on.' }),
      );
      const first = await proxy.client.messages
        .stream({ model: 'claude-opus-4-8', max_tokens: 1_000, tools, messages: [ask] })
        .finalMessage();
      expect(first.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
      expect(first.content[0]).toMatchObject({ thinking: 'Read the file first.', signature: '' });

      const call = first.content[1] as Anthropic.ToolUseBlock;
      await proxy.client.messages.create({
        model: 'claude-opus-4-8',
        max_tokens: 1_000,
        tools,
        messages: [
          ask,
          { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: call.id, content: '{"debug": true}' }],
          },
        ],
      });
      const sent = (backend.requests[1]!.body as { messages: Record<string, unknown>[] }).messages;
      const assistant = sent.find((message) => message.role === 'assistant');
      expect(assistant?.reasoning).toBe(reasoning);
      expect(JSON.stringify(assistant)).not.toContain('think>');
    });
  });
});
