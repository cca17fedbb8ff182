import type Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECT_NAMES } from '../../src/dialects/all-dialects.js';
import type { DialectName } from '../../src/dialects/dialect.js';
import { completion } from '../helpers/scripted-backend.js';
import { type StrictPair, startStrictProxy } from '../helpers/start-strict-proxy.js';

/**
 * OpenRouter's prompt-caching guide: Anthropic models behind it cache only at the
 * `cache_control` breakpoints the request marks on content parts, and Gemini models take
 * them too. Dropping the client's breakpoints (Claude Code marks the system prompt and the
 * newest turn) meant every turn paid for the whole prompt again. Every other backend must
 * keep getting plain content, so its own prefix cache sees the same bytes turn after turn.
 */

let pair: StrictPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

type ChatMessage = { role: string; content: unknown };

const breakpoint = { type: 'ephemeral' } as const;

/** A tool loop marked the way Claude Code marks it: system blocks, an image, and the newest tool result. */
const cachedTurn: Anthropic.MessageCreateParamsNonStreaming = {
  model: 'claude-opus-4-8',
  max_tokens: 4_000,
  system: [
    { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.88.a3f; cch=97bd6;' },
    { type: 'text', text: 'You are Claude Code.', cache_control: breakpoint },
    { type: 'text', text: 'Project notes.', cache_control: { type: 'ephemeral', ttl: '1h' } },
  ],
  tools: [{ name: 'Read', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in the screenshot and in a.txt?' },
        {
          type: 'image',
          source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' },
          cache_control: breakpoint,
        },
      ],
    },
    {
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_01', name: 'Read', input: { path: 'a.txt' } }],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_01', content: 'hello', cache_control: breakpoint },
      ],
    },
  ],
};

async function send(dialect: DialectName, model: string): Promise<ChatMessage[]> {
  pair = await startStrictProxy(dialect, model);
  pair.backend.enqueue(completion({ content: 'ok' }));
  await pair.proxy.client.messages.create(cachedTurn);
  expect(pair.backend.rejections).toEqual([]);
  return (pair.backend.requests[0]!.body as { messages: ChatMessage[] }).messages;
}

describe('openrouter: cache breakpoints', () => {
  it.each(['anthropic/claude-sonnet-4.5', 'google/gemini-2.5-pro'])(
    'passes cache_control on system, image and tool result parts to %s',
    async (model) => {
      const messages = await send('openrouter', model);
      expect(messages[0]).toEqual({
        role: 'system',
        content: [
          { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'Project notes.', cache_control: { type: 'ephemeral', ttl: '1h' } },
        ],
      });
      expect(messages[1]?.content).toEqual([
        { type: 'text', text: 'What is in the screenshot and in a.txt?' },
        {
          type: 'image_url',
          image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' },
          cache_control: { type: 'ephemeral' },
        },
      ]);
      expect(messages[3]).toEqual({
        role: 'tool',
        tool_call_id: 'toolu_01',
        content: [{ type: 'text', text: 'hello', cache_control: { type: 'ephemeral' } }],
      });
    },
  );

  it('sends plain content without cache_control to other models behind OpenRouter', async () => {
    const messages = await send('openrouter', 'openai/gpt-5');
    expect(JSON.stringify(messages)).not.toContain('cache_control');
    expect(messages[0]).toEqual({ role: 'system', content: 'You are Claude Code.\n\nProject notes.' });
    expect(messages[3]).toMatchObject({ role: 'tool', content: 'hello' });
  });

  it.each(DIALECT_NAMES.filter((dialect) => dialect !== 'openrouter'))(
    '%s: sends no cache_control, even for a model named like an Anthropic one',
    async (dialect) => {
      const messages = await send(dialect, 'anthropic/claude-sonnet-4.5');
      expect(JSON.stringify(messages)).not.toContain('cache_control');
    },
  );
});

describe('openrouter: cached tokens in usage', () => {
  it('reports cached_tokens as cache_read_input_tokens and cache_write_tokens as cache_creation_input_tokens', async () => {
    pair = await startStrictProxy('openrouter', 'anthropic/claude-sonnet-4.5');
    pair.backend.enqueue(
      completion(
        { content: 'ok' },
        {
          usage: {
            prompt_tokens: 10_339,
            completion_tokens: 8,
            total_tokens: 10_347,
            cost: 0.0042,
            prompt_tokens_details: { cached_tokens: 10_000, cache_write_tokens: 318 },
          },
        },
      ),
    );
    const message = await pair.proxy.client.messages.create(cachedTurn);
    expect(message.usage).toMatchObject({
      input_tokens: 21,
      output_tokens: 8,
      cache_read_input_tokens: 10_000,
      cache_creation_input_tokens: 318,
    });
  });
});
