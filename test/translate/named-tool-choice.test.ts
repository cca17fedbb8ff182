import { describe, expect, it } from 'vitest';
import { dialectsByName } from '../../src/dialects/all-dialects.js';
import type { DialectName } from '../../src/dialects/dialect.js';
import { convertAnthropicRequest } from '../../src/translate/convert-anthropic-request.js';
import { type AnthropicRequest, anthropicRequestSchema } from '../../src/wire/anthropic-request-schema.js';

// llama-server ignores an object tool_choice (it logs a warning and uses "auto"), LM Studio
// refuses it with a 400, and Ollama reads no tool_choice at all: a client that names a tool
// (AI SDK generateObject, LangChain withStructuredOutput) got plain text back. Offering only
// the named tool under "required" forces the same call.

const tools: AnthropicRequest['tools'] = [
  { name: 'get_time', input_schema: { type: 'object', properties: { zone: { type: 'string' } } } },
  { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
];

function convert(dialect: DialectName, toolChoice: AnthropicRequest['tool_choice']) {
  const parsed = anthropicRequestSchema.parse({
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    messages: [{ role: 'user', content: 'What time is it in Oslo?' }],
    tools,
    tool_choice: toolChoice,
  });
  return convertAnthropicRequest(parsed, { model: 'm', dialect: dialectsByName[dialect], stream: false });
}

const toolNames = (body: { tools?: { function: { name: string } }[] }) =>
  body.tools?.map((tool) => tool.function.name);

describe('a named tool choice on backends that take only string tool choices', () => {
  it.each(['llamacpp', 'lmstudio'] as const)(
    '%s: sends tool_choice "required" with only the named tool',
    (dialect) => {
      const { body, warnings } = convert(dialect, { type: 'tool', name: 'get_time' });
      expect(body.tool_choice).toBe('required');
      expect(toolNames(body)).toEqual(['get_time']);
      expect(warnings).toEqual([]);
    },
  );

  it('ollama: sends only the named tool, and no tool_choice, which Ollama does not read', () => {
    const { body } = convert('ollama', { type: 'tool', name: 'get_time' });
    expect(body.tool_choice).toBeUndefined();
    expect(toolNames(body)).toEqual(['get_time']);
  });

  it.each(['llamacpp', 'lmstudio'] as const)('%s: sends any as "required" with every tool', (dialect) => {
    const { body } = convert(dialect, { type: 'any' });
    expect(body.tool_choice).toBe('required');
    expect(toolNames(body)).toEqual(['get_time', 'get_weather']);
  });

  it('keeps every tool when the named one is not among them', () => {
    const { body } = convert('llamacpp', { type: 'tool', name: 'get_tide' });
    expect(body.tool_choice).toBe('required');
    expect(toolNames(body)).toEqual(['get_time', 'get_weather']);
  });

  it('keeps parallel_tool_calls false with the one tool when parallel use is disabled', () => {
    const { body } = convert('llamacpp', { type: 'tool', name: 'get_time', disable_parallel_tool_use: true });
    expect(body.parallel_tool_calls).toBe(false);
    expect(toolNames(body)).toEqual(['get_time']);
  });

  it.each(['generic', 'vllm', 'sglang', 'openai'] as const)(
    '%s: still sends the named function, which it honours',
    (dialect) => {
      const { body } = convert(dialect, { type: 'tool', name: 'get_time' });
      expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'get_time' } });
      expect(toolNames(body)).toEqual(['get_time', 'get_weather']);
    },
  );
});
