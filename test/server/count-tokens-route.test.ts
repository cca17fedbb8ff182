import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPng } from '../helpers/build-image.js';
import { useSharedProxyAndBackend } from '../helpers/use-proxy-and-backend.js';

const shared = useSharedProxyAndBackend();
afterEach(() => {
  // Counting is local: nothing may ever reach the backend.
  expect(shared.backend.requests).toEqual([]);
});

async function postCount(body: unknown, path = '/v1/messages/count_tokens') {
  const response = await fetch(`${shared.proxy.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /v1/messages/count_tokens', () => {
  it('returns input_tokens through the official SDK without calling the backend', async () => {
    const short = await shared.proxy.client.messages.countTokens({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const longText = 'Tell me about the history of the printing press in Europe. '.repeat(20);
    const long = await shared.proxy.client.messages.countTokens({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: longText }],
    });
    expect(Number.isInteger(short.input_tokens)).toBe(true);
    expect(short.input_tokens).toBeGreaterThan(0);
    expect(long.input_tokens - short.input_tokens).toBe(
      countTokens(longText, { disallowedSpecial: new Set() }) - countTokens('Hi'),
    );
  });

  it('answers the beta path Claude Code calls (?beta=true) through the SDK beta client', async () => {
    const result = await shared.proxy.client.beta.messages.countTokens({
      model: 'claude-opus-4-8',
      system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'List the files.' }] }],
      tools: [
        { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: {} } },
      ],
    });
    const plain = await postCount(
      {
        model: 'claude-opus-4-8',
        system: [{ type: 'text', text: 'You are Claude Code.' }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'List the files.' }] }],
        tools: [
          { name: 'Bash', description: 'Run a command', input_schema: { type: 'object', properties: {} } },
        ],
      },
      '/v1/messages/count_tokens?beta=true',
    );
    expect(plain.status).toBe(200);
    expect(result.input_tokens).toBe(plain.body.input_tokens);
    // The tool-use system prompt alone is 346 tokens.
    expect(result.input_tokens).toBeGreaterThan(346);
  });

  it('counts a 1000x1000 PNG as 1,334 tokens more than the same request without it', async () => {
    const text = { type: 'text', text: 'What is in this picture?' };
    const image = {
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: buildPng(1000, 1000) },
    };
    const without = await postCount({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: [text] }],
    });
    const withImage = await postCount({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: [image, text] }],
    });
    expect(Number(withImage.body.input_tokens) - Number(without.body.input_tokens)).toBe(1334);
  });

  it('accepts what Claude Code sends: system messages inside messages, server tools, unknown blocks', async () => {
    const { status, body } = await postCount({
      model: 'claude-opus-4-8',
      messages: [
        { role: 'user', content: 'Start' },
        { role: 'system', content: 'Available agent types: general-purpose' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'I should list files.', signature: 'abc' },
            { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } },
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01', content: 'a.txt\nb.txt', is_error: false },
          ],
        },
      ],
      tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }],
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['input_tokens']);
  });

  it('returns 400 invalid_request_error naming messages.0.content when content is a number', async () => {
    const { status, body } = await postCount({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 42 }],
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((body.error as { message: string }).message).toContain('messages.0.content');
  });

  it('returns 400 invalid_request_error naming model when it is missing', async () => {
    const { status, body } = await postCount({ messages: [] });
    expect(status).toBe(400);
    expect((body.error as { message: string }).message).toMatch(/^model: /);
  });

  it('returns 400 when the body is a JSON array', async () => {
    const { status, body } = await postCount([]);
    expect(status).toBe(400);
    expect((body.error as { message: string }).message).toBe('Request body must be a JSON object');
  });
});
