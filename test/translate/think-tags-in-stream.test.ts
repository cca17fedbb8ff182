import { describe, expect, it } from 'vitest';
import type { ThinkTagMode } from '../../src/dialects/dialect.js';
import {
  type AnthropicStreamEvent,
  createStreamTranslator,
} from '../../src/translate/create-stream-translator.js';
import type { OpenAIChatChunk, OpenAIChunkDelta } from '../../src/wire/openai.js';
import { createFixtureStreamContext } from '../helpers/fixture-stream-context.js';
import { validateAnthropicStream } from '../helpers/validate-anthropic-stream.js';

const delta = (value: OpenAIChunkDelta): OpenAIChatChunk => ({ choices: [{ index: 0, delta: value }] });
const finish = (reason: string): OpenAIChatChunk => ({
  choices: [{ index: 0, delta: {}, finish_reason: reason }],
  usage: { prompt_tokens: 10, completion_tokens: 3 },
});

function translate(
  chunks: OpenAIChatChunk[],
  options: { thinkTags?: ThinkTagMode; omitThinkingText?: boolean } = {},
): AnthropicStreamEvent[] {
  const translator = createStreamTranslator({ ...createFixtureStreamContext(), ...options });
  const events = chunks.flatMap((chunk) => translator.push(chunk));
  events.push(...translator.end({ kind: 'done' }));
  return validateAnthropicStream(events);
}

/** Each block as `type:content`, its deltas joined. */
function blocks(events: AnthropicStreamEvent[]): string[] {
  const result: string[] = [];
  for (const event of events) {
    if (event.type === 'content_block_start') result.push(`${event.content_block.type}:`);
    else if (event.type === 'content_block_delta') {
      const { delta: part } = event;
      const text =
        part.type === 'text_delta'
          ? part.text
          : part.type === 'thinking_delta'
            ? part.thinking
            : part.type === 'input_json_delta'
              ? part.partial_json
              : '';
      result[result.length - 1] += text;
    }
  }
  return result;
}

describe('<think> tags in the stream translator', () => {
  it('passes the tags through as text when thinkTags is unset or off', () => {
    const chunks = [delta({ content: '<think>r</think>a' }), finish('stop')];
    expect(blocks(translate(chunks))).toEqual(['text:<think>r</think>a']);
    expect(blocks(translate(chunks, { thinkTags: 'off' }))).toEqual(['text:<think>r</think>a']);
  });

  it('sends text held back as a possible tag before the tool_use block that follows it', () => {
    const chunks = [
      delta({ content: '<thi' }),
      delta({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'Bash', arguments: '{}' } }] }),
      finish('tool_calls'),
    ];
    expect(blocks(translate(chunks, { thinkTags: 'on' }))).toEqual(['text:<thi', 'tool_use:{}']);
  });

  it('sends held-back text that the end of the answer leaves undecided', () => {
    expect(blocks(translate([delta({ content: ' <think' }), finish('length')], { thinkTags: 'on' }))).toEqual(
      ['text: <think'],
    );
  });

  it('stops looking for tags in the text once the backend sent a reasoning field', () => {
    const chunks = [
      delta({ content: '<thi' }),
      delta({ reasoning: 'r' }),
      delta({ content: 'nk>x' }),
      finish('stop'),
    ];
    expect(blocks(translate(chunks, { thinkTags: 'on' }))).toEqual(['text:<thi', 'thinking:r', 'text:nk>x']);
  });

  it('keeps only the signature of tag reasoning when the client asked for omitted thinking', () => {
    const events = translate([delta({ content: '<think>secret</think>Hi' }), finish('stop')], {
      thinkTags: 'on',
      omitThinkingText: true,
    });
    expect(blocks(events)).toEqual(['thinking:', 'text:Hi']);
    expect(events).toContainEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'signature_delta', signature: '' },
    });
  });
});
