import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completion } from '../../helpers/scripted-backend.js';
import { useSharedProxyAndBackend } from '../../helpers/use-proxy-and-backend.js';

const shared = useSharedProxyAndBackend();

interface ScriptedAnswer {
  reasoning: string[];
  text: string[];
  toolCalls: Array<{ name: string; input: Record<string, unknown>; argumentPieces: number }>;
  finishReason: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  usage: { prompt_tokens: number; completion_tokens: number; cached: number };
  usagePlacement: 'finish-chunk' | 'separate-chunk' | 'x_groq' | 'absent';
  writeSizes: number[];
}

const pieces = fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), { maxLength: 4 });
const answerArbitrary: fc.Arbitrary<ScriptedAnswer> = fc.record({
  reasoning: pieces,
  text: pieces,
  toolCalls: fc.array(
    fc.record({
      name: fc.constantFrom('Bash', 'Read', 'get_weather'),
      input: fc.dictionary(
        fc.string({ maxLength: 8 }).filter((key) => key !== '__proto__'),
        fc.jsonValue({ maxDepth: 2 }),
        { maxKeys: 4 },
      ),
      argumentPieces: fc.integer({ min: 1, max: 4 }),
    }),
    { maxLength: 3 },
  ),
  finishReason: fc.constantFrom('stop', 'length', 'tool_calls', 'content_filter'),
  usage: fc.record({
    prompt_tokens: fc.integer({ min: 0, max: 5000 }),
    completion_tokens: fc.integer({ min: 0, max: 5000 }),
    cached: fc.integer({ min: 0, max: 100 }),
  }),
  usagePlacement: fc.constantFrom('finish-chunk', 'separate-chunk', 'x_groq', 'absent'),
  writeSizes: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 8 }),
});

function openAIUsage(answer: ScriptedAnswer) {
  const { prompt_tokens, completion_tokens, cached } = answer.usage;
  return {
    prompt_tokens: prompt_tokens + cached,
    completion_tokens,
    total_tokens: prompt_tokens + cached + completion_tokens,
    prompt_tokens_details: { cached_tokens: cached },
  };
}

function splitEvenly(text: string, count: number): string[] {
  const size = Math.ceil(text.length / count);
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size));
  return parts.length > 0 ? parts : [''];
}

/** The answer as one Chat Completions chunk stream, reasoning, then text, then tool calls by index. */
function toSse(answer: ScriptedAnswer): string {
  const frames: unknown[] = [{ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }];
  for (const part of answer.reasoning)
    frames.push({ choices: [{ index: 0, delta: { reasoning_content: part } }] });
  for (const part of answer.text) frames.push({ choices: [{ index: 0, delta: { content: part } }] });
  answer.toolCalls.forEach((call, index) => {
    splitEvenly(JSON.stringify(call.input), call.argumentPieces).forEach((argumentsPart, position) => {
      const head = position === 0 ? { id: `call_${index}`, type: 'function' } : {};
      const fn =
        position === 0 ? { name: call.name, arguments: argumentsPart } : { arguments: argumentsPart };
      frames.push({ choices: [{ index: 0, delta: { tool_calls: [{ index, ...head, function: fn }] } }] });
    });
  });
  const usage = openAIUsage(answer);
  const finish = { choices: [{ index: 0, delta: {}, finish_reason: answer.finishReason }] };
  switch (answer.usagePlacement) {
    case 'finish-chunk':
      frames.push({ ...finish, usage });
      break;
    case 'separate-chunk':
      frames.push(finish, { choices: [], usage });
      break;
    case 'x_groq':
      frames.push({ ...finish, x_groq: { usage } });
      break;
    case 'absent':
      frames.push(finish);
      break;
  }
  return `${frames.map((frame) => `data: ${JSON.stringify(frame)}\n\n`).join('')}data: [DONE]\n\n`;
}

/** Writes the body in pieces of the given sizes (cycled), so SSE lines and UTF-8 characters split anywhere. */
function chunkedSse(body: string, sizes: number[]) {
  return async (_request: unknown, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const bytes = Buffer.from(body, 'utf8');
    for (let offset = 0, turn = 0; offset < bytes.length; turn++) {
      const size = sizes[turn % sizes.length]!;
      response.write(bytes.subarray(offset, offset + size));
      offset += size;
      await new Promise((resolve) => setImmediate(resolve));
    }
    response.end();
  };
}

function withoutIds(message: object): unknown {
  const {
    id: _id,
    parsed_output: _parsed,
    ...rest
  } = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
  return rest;
}

const params = {
  model: 'claude-fixture',
  max_tokens: 100,
  messages: [{ role: 'user' as const, content: 'Hi' }],
};

describe('streaming and non-streaming answers agree', () => {
  it('gives the same message through messages.stream().finalMessage() as through messages.create()', async () => {
    await fc.assert(
      fc.asyncProperty(answerArbitrary, async (answer) => {
        shared.backend.enqueue(
          completion(
            {
              reasoning_content: answer.reasoning.join('') || null,
              content: answer.text.join('') || null,
              tool_calls: answer.toolCalls.map((call, index) => ({
                id: `call_${index}`,
                type: 'function',
                function: { name: call.name, arguments: JSON.stringify(call.input) },
              })),
            },
            {
              finishReason: answer.finishReason,
              usage: answer.usagePlacement === 'absent' ? null : openAIUsage(answer),
            },
          ),
        );
        const created = await shared.proxy.client.messages.create(params);

        shared.backend.enqueue(chunkedSse(toSse(answer), answer.writeSizes));
        const streamed = await shared.proxy.client.messages.stream(params).finalMessage();

        if (answer.usagePlacement === 'absent') {
          // Without backend usage a stream keeps message_start's estimate ("Hi" is 1 token); a
          // complete answer has no earlier figure to keep and reports 0.
          expect(streamed.usage.input_tokens).toBe(1);
          streamed.usage.input_tokens = 0;
        }
        expect(withoutIds(streamed)).toEqual(withoutIds(created));
      }),
      { numRuns: 60 },
    );
  });
});
