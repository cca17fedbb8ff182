import { describe, expect, it } from 'vitest';
import { dialectsByName } from '../../src/dialects/all-dialects.js';
import { keepAllowedFields } from '../../src/translate/keep-allowed-fields.js';
import type { OpenAIChatRequest } from '../../src/wire/openai.js';

function everyField(): OpenAIChatRequest {
  return {
    model: 'm',
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: 100,
    temperature: 0.5,
    tools: [],
    tool_choice: 'auto',
    parallel_tool_calls: false,
    user: 'u',
    reasoning_effort: 'high',
    thinking: { type: 'enabled' },
    chat_template_kwargs: { enable_thinking: true },
  };
}

describe('keepAllowedFields', () => {
  it('keeps model, messages and the fields the dialect lists, and explains each removal', () => {
    const warnings: string[] = [];
    const body = keepAllowedFields(everyField(), dialectsByName.mistral, warnings);
    expect(Object.keys(body).sort()).toEqual(
      [
        'max_tokens',
        'messages',
        'model',
        'parallel_tool_calls',
        'stream',
        'temperature',
        'tool_choice',
        'tools',
      ].sort(),
    );
    expect(warnings).toContain('left out stream_options: Mistral does not take it');
    expect(warnings).toContain('left out thinking: Mistral does not take it');
  });

  it('lets DeepSeek have its thinking switch but not chat_template_kwargs', () => {
    const body = keepAllowedFields(everyField(), dialectsByName.deepseek, []);
    expect(body.thinking).toEqual({ type: 'enabled' });
    expect(body).not.toHaveProperty('chat_template_kwargs');
    expect(body).not.toHaveProperty('user');
  });

  it('never sends a field that no dialect lists', () => {
    const body = { ...everyField(), top_k: 5 } as OpenAIChatRequest;
    expect(keepAllowedFields(body, dialectsByName.generic, [])).not.toHaveProperty('top_k');
  });
});
