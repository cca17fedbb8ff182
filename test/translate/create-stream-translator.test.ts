import { describe, expect, it } from 'vitest';
import {
  type AnthropicStreamEvent,
  createStreamTranslator,
  type StreamEnd,
} from '../../src/translate/create-stream-translator.js';
import type { OpenAIChatChunk, OpenAIChunkDelta, OpenAIUsage } from '../../src/wire/openai.js';
import { createFixtureStreamContext } from '../helpers/fixture-stream-context.js';
import { validateAnthropicStream } from '../helpers/validate-anthropic-stream.js';

const delta = (value: OpenAIChunkDelta): OpenAIChatChunk => ({ choices: [{ index: 0, delta: value }] });
const finish = (reason: string, usage?: OpenAIUsage): OpenAIChatChunk => ({
  choices: [{ index: 0, delta: {}, finish_reason: reason }],
  ...(usage ? { usage } : {}),
});
const usageChunk = (usage: OpenAIUsage): OpenAIChatChunk => ({ choices: [], usage });
const USAGE: OpenAIUsage = { prompt_tokens: 10, completion_tokens: 3 };

/** Translates chunks, ends the stream, validates the result and returns it. */
function translate(chunks: OpenAIChatChunk[], end: StreamEnd = { kind: 'done' }): AnthropicStreamEvent[] {
  const translator = createStreamTranslator(createFixtureStreamContext());
  const events = chunks.flatMap((chunk) => translator.push(chunk));
  events.push(...translator.end(end));
  return validateAnthropicStream(events);
}

const types = (events: AnthropicStreamEvent[]) =>
  events.map((event) => {
    if (event.type === 'content_block_start') return `start:${event.content_block.type}:${event.index}`;
    if (event.type === 'content_block_delta') return `${event.delta.type}:${event.index}`;
    if (event.type === 'content_block_stop') return `stop:${event.index}`;
    return event.type;
  });

describe('createStreamTranslator', () => {
  it('sends message_start once, first, with the context id and the client model', () => {
    const translator = createStreamTranslator(createFixtureStreamContext());
    const [start] = translator.start();
    expect(start).toMatchObject({
      type: 'message_start',
      message: { id: 'msg_fixture', model: 'claude-fixture' },
    });
    expect(translator.start()).toEqual([]);
    expect(translator.push(delta({ content: 'x' }))[0]?.type).toBe('content_block_start');
  });

  it('reports the input-token estimate in message_start', () => {
    const translator = createStreamTranslator({ ...createFixtureStreamContext(), estimatedInputTokens: 321 });
    const [start] = translator.start();
    expect(start?.type === 'message_start' && start.message.usage.input_tokens).toBe(321);
  });

  it('closes the thinking block with a signature_delta before the text block opens', () => {
    const events = translate([delta({ reasoning_content: 'hmm' }), delta({ content: 'Hi' }), finish('stop')]);
    expect(types(events)).toEqual([
      'message_start',
      'start:thinking:0',
      'thinking_delta:0',
      'signature_delta:0',
      'stop:0',
      'start:text:1',
      'text_delta:1',
      'stop:1',
      'message_delta',
      'message_stop',
    ]);
  });

  it('closes the thinking block before the first tool_use block', () => {
    const events = translate([
      delta({ reasoning: 'plan' }),
      delta({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'Bash', arguments: '{}' } }] }),
      finish('tool_calls'),
    ]);
    expect(types(events).slice(1, 7)).toEqual([
      'start:thinking:0',
      'thinking_delta:0',
      'signature_delta:0',
      'stop:0',
      'start:tool_use:1',
      'input_json_delta:1',
    ]);
  });

  it('gives reasoning that returns after text a new block with the next index', () => {
    const events = translate([
      delta({ reasoning: 'a' }),
      delta({ content: 'b' }),
      delta({ reasoning: 'c' }),
      finish('stop'),
    ]);
    const starts = events.filter((event) => event.type === 'content_block_start');
    expect(starts.map((event) => [event.index, event.content_block.type])).toEqual([
      [0, 'thinking'],
      [1, 'text'],
      [2, 'thinking'],
    ]);
  });

  it('opens no block for empty content or reasoning strings', () => {
    const events = translate([
      delta({ role: 'assistant', content: '', reasoning_content: '' }),
      finish('stop'),
    ]);
    expect(types(events)).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  it('places text that arrives after a tool call before the tool_use blocks, each with a new index', () => {
    const events = translate([
      delta({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'a', arguments: '{}' } }] }),
      delta({ content: 'and also' }),
      finish('tool_calls'),
    ]);
    expect(types(events).slice(1, -2)).toEqual([
      'start:text:0',
      'text_delta:0',
      'stop:0',
      'start:tool_use:1',
      'input_json_delta:1',
      'stop:1',
    ]);
  });

  it('emits each tool call whole, with one input_json_delta holding validated JSON', () => {
    const events = translate([
      delta({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'a', arguments: '{"x": ' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '[1, 2]}' } }] }),
      finish('tool_calls'),
    ]);
    const jsonDeltas = events.flatMap((event) =>
      event.type === 'content_block_delta' && event.delta.type === 'input_json_delta'
        ? [event.delta.partial_json]
        : [],
    );
    expect(jsonDeltas).toEqual(['{"x":[1,2]}']);
  });

  it('gives a tool call without an id a generated toolu id and sanitises illegal id characters', () => {
    const events = translate([
      delta({ tool_calls: [{ index: 0, function: { name: 'a', arguments: '{}' } }] }),
      delta({ tool_calls: [{ index: 1, id: 'functions.Bash:3', function: { name: 'b', arguments: '{}' } }] }),
      finish('tool_calls'),
    ]);
    const ids = events.flatMap((event) =>
      event.type === 'content_block_start' && event.content_block.type === 'tool_use'
        ? [event.content_block.id]
        : [],
    );
    expect(ids).toEqual(['toolu_fixture_1', 'functions_Bash_3']);
  });

  it('gives a tool call a fresh id when sanitising makes it collide with an earlier one', () => {
    const events = translate([
      delta({ tool_calls: [{ index: 0, id: 'call:1', function: { name: 'a', arguments: '{}' } }] }),
      delta({ tool_calls: [{ index: 1, id: 'call_1', function: { name: 'b', arguments: '{}' } }] }),
      finish('tool_calls'),
    ]);
    const ids = events.flatMap((event) =>
      event.type === 'content_block_start' && event.content_block.type === 'tool_use'
        ? [event.content_block.id]
        : [],
    );
    expect(ids).toEqual(['call_1', 'toolu_fixture_1']);
  });

  it('waits after finish_reason until the usage chunk arrives, then ends at once', () => {
    const translator = createStreamTranslator(createFixtureStreamContext());
    translator.push(delta({ content: 'Hi' }));
    const atFinish = translator.push(finish('stop'));
    expect(atFinish.map((event) => event.type)).not.toContain('message_delta');
    expect(translator.finished).toBe(false);
    const atUsage = translator.push(usageChunk({ prompt_tokens: 7, completion_tokens: 2 }));
    expect(atUsage.map((event) => event.type)).toEqual([
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(atUsage[1]).toMatchObject({ usage: { input_tokens: 7, output_tokens: 2 } });
    expect(translator.finished).toBe(true);
    expect(translator.end({ kind: 'done' })).toEqual([]);
  });

  it('ends on the finish chunk when usage rides on it', () => {
    const translator = createStreamTranslator(createFixtureStreamContext());
    const events = translator.push(finish('stop', USAGE));
    expect(events.at(-1)?.type).toBe('message_stop');
  });

  it('reports the last usage when an earlier chunk carried a running count', () => {
    const events = translate([
      { ...delta({ content: 'a' }), usage: { prompt_tokens: 10, completion_tokens: 1 } },
      finish('stop'),
      usageChunk({ prompt_tokens: 10, completion_tokens: 9 }),
    ]);
    expect(events.find((event) => event.type === 'message_delta')).toMatchObject({
      usage: { output_tokens: 9 },
    });
  });

  it('reads usage from x_groq when the chunk has none of its own', () => {
    const events = translate([
      { ...finish('stop'), x_groq: { usage: { prompt_tokens: 4, completion_tokens: 6 } } },
    ]);
    expect(events.find((event) => event.type === 'message_delta')).toMatchObject({
      usage: { input_tokens: 4, output_tokens: 6 },
    });
  });

  it('reports end_turn when [DONE] arrives without a finish_reason', () => {
    const events = translate([delta({ content: 'x' })], { kind: 'done' });
    expect(events.find((event) => event.type === 'message_delta')).toMatchObject({
      delta: { stop_reason: 'end_turn' },
    });
  });

  it('reports tool_use when [DONE] arrives without a finish_reason after a tool call', () => {
    const events = translate([
      delta({ tool_calls: [{ id: 'c', function: { name: 'a', arguments: '{}' } }] }),
    ]);
    expect(events.find((event) => event.type === 'message_delta')).toMatchObject({
      delta: { stop_reason: 'tool_use' },
    });
  });

  it('ends with an api_error and no message_stop on EOF without finish_reason', () => {
    const events = translate([delta({ content: 'cut' })], { kind: 'eof' });
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    expect(types(events)).not.toContain('message_stop');
  });

  it('ends cleanly on EOF after finish_reason even without usage', () => {
    const events = translate([delta({ content: 'ok' }), finish('length')], { kind: 'eof' });
    expect(events.slice(-2).map((event) => event.type)).toEqual(['message_delta', 'message_stop']);
    expect(events.at(-2)).toMatchObject({
      delta: { stop_reason: 'max_tokens' },
      usage: { output_tokens: 0 },
    });
  });

  it('ends with the reported error type and ignores everything after it', () => {
    const translator = createStreamTranslator(createFixtureStreamContext());
    translator.push(delta({ content: 'a' }));
    const events = translator.end({ kind: 'error', errorType: 'rate_limit_error', message: 'slow down' });
    expect(events).toEqual([{ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }]);
    expect(translator.finished).toBe(true);
    expect(translator.push(delta({ content: 'b' }))).toEqual([]);
    expect(translator.end({ kind: 'done' })).toEqual([]);
  });

  it('ignores choices other than the first', () => {
    const events = translate([
      { choices: [{ index: 1, delta: { content: 'other' } }] },
      delta({ content: 'mine' }),
    ]);
    const texts = events.flatMap((event) =>
      event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : [],
    );
    expect(texts).toEqual(['mine']);
  });

  it('reads reasoning and text from one Mistral array delta, reasoning first', () => {
    const events = translate([
      delta({
        content: [
          { type: 'thinking', thinking: [{ type: 'text', text: 'why' }] },
          { type: 'text', text: 'because' },
        ],
      }),
      finish('stop'),
    ]);
    expect(types(events).slice(1, 7)).toEqual([
      'start:thinking:0',
      'thinking_delta:0',
      'signature_delta:0',
      'stop:0',
      'start:text:1',
      'text_delta:1',
    ]);
  });
});
