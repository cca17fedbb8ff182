import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStreamConverter } from '../../src/providers/chat-completions/create-stream-converter.js';
import {
  type AnthropicStreamEvent,
  createStreamTranslator,
  type StreamContext,
} from '../../src/translate/create-stream-translator.js';
import { createSseParser } from '../../src/upstream/parse-sse.js';
import { createDeltaChunkRecognizer, plainDeltaField } from '../../src/upstream/recognize-delta-chunk.js';
import type { OpenAIChatChunk } from '../../src/wire/openai.js';
import { createFixtureCaseContext, createFixtureStreamContext } from '../helpers/fixture-stream-context.js';
import { listAllFixtureCases, readFixtureEnv, readTextFixture } from '../helpers/load-fixture.js';

/**
 * The delta recognizer reads text and reasoning deltas off a learned template instead of
 * JSON.parse. JSON.parse is the reference: whatever the recognizer returns must be what
 * JSON.parse plus plainDeltaField read from the same data, and a converter with the
 * recognizer must emit exactly the events of one without it. Declining is always allowed.
 */

/** What the full parse reads from one event's data: the plain delta's kind and text, or nothing. */
function referenceDelta(data: string): { kind: string; text: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const field = plainDeltaField(value as OpenAIChatChunk);
  if (field === undefined) return undefined;
  const delta = (value as OpenAIChatChunk).choices?.[0]?.delta as Record<string, unknown>;
  return { kind: field === 'content' ? 'text' : 'reasoning', text: delta[field] as string };
}

/** Feeds event data to a recognizer as the converter does; checks every read against the reference. */
function replay(datas: readonly string[]): number {
  const recognizer = createDeltaChunkRecognizer();
  let recognized = 0;
  for (const data of datas) {
    const text = recognizer.read(data);
    if (text !== undefined) {
      expect({ kind: recognizer.kind, text }, data).toEqual(referenceDelta(data));
      recognized++;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch {
      continue;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      recognizer.learn(data, value as OpenAIChatChunk);
  }
  return recognized;
}

function eventData(body: string): string[] {
  const parser = createSseParser();
  return [...parser.push(Buffer.from(body, 'utf8')), ...parser.end()]
    .filter((event) => event.event !== 'error')
    .map((event) => event.data);
}

/** The whole body through a converter, in pieces of `pieceSize` bytes (0: one piece). */
function convert(
  body: string,
  context: StreamContext,
  recognizeDeltas: boolean,
  pieceSize = 0,
): AnthropicStreamEvent[] {
  const converter = createStreamConverter(context, { recognizeDeltas });
  const bytes = Buffer.from(body, 'utf8');
  const events = converter.start();
  const size = pieceSize > 0 ? pieceSize : bytes.length || 1;
  for (let offset = 0; offset < bytes.length; offset += size)
    events.push(...converter.push(bytes.subarray(offset, offset + size)));
  events.push(...converter.end());
  return events;
}

function expectSameEvents(body: string, context: () => StreamContext, pieceSize = 0): void {
  expect(convert(body, context(), true, pieceSize)).toEqual(convert(body, context(), false, pieceSize));
}

describe('the delta recognizer over the fixture corpus', () => {
  const cases = listAllFixtureCases('.openai.sse').map((name) => ({
    name,
    body: readTextFixture(`${name}.openai.sse`),
  }));

  it('reads only what JSON.parse reads, and recognises the plain deltas of real servers', () => {
    let recognized = 0;
    for (const { body } of cases) recognized += replay(eventData(body));
    expect(recognized).toBeGreaterThan(20);
  });

  it.each(['llamacpp/text-with-cached-prompt', 'deepseek/reasoning-then-text', 'generic/text-only'])(
    'takes the fast path on %s',
    (name) => {
      expect(replay(eventData(readTextFixture(`${name}.openai.sse`)))).toBeGreaterThan(0);
    },
  );

  it('leaves every fixture stream converted exactly as without it, whole and in small pieces', () => {
    for (const { body } of cases) {
      const context = () => createFixtureCaseContext(readFixtureEnv(body));
      expectSameEvents(body, context);
      expectSameEvents(body, context, 7);
    }
  });
});

/** How servers lay out a chunk: key order, extra fields, spacing, escaping. */
type ChunkStyle = (delta: Record<string, unknown>, finish: string | null) => string;

const asciiOnly = (json: string) =>
  json.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

const styles: Record<string, ChunkStyle> = {
  openai: (delta, finish) =>
    JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt',
      service_tier: 'default',
      system_fingerprint: 'fp_1',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: null,
    }),
  llamacpp: (delta, finish) =>
    JSON.stringify({
      choices: [{ finish_reason: finish, index: 0, delta }],
      created: 1,
      id: 'chatcmpl-llamacpp',
      model: 'tiny',
      system_fingerprint: 'b1',
      object: 'chat.completion.chunk',
    }),
  openrouter: (delta, finish) =>
    JSON.stringify({
      id: 'gen-1',
      provider: 'X',
      model: 'x/y',
      object: 'chat.completion.chunk',
      created: 1,
      choices: [
        {
          index: 0,
          delta: { role: 'assistant', ...delta, reasoning_details: [] },
          finish_reason: finish,
          native_finish_reason: finish,
          logprobs: null,
        },
      ],
    }),
  // Python's json.dumps defaults: spaces after separators, non-ASCII escaped.
  python: (delta, finish) =>
    asciiOnly(
      JSON.stringify({
        id: 'c',
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta, finish_reason: finish }],
      })
        .replace(/","/g, '", "')
        .replace(/":/g, '": '),
    ),
  escapedSlashes: (delta, finish) =>
    JSON.stringify({ id: 'a/b', choices: [{ index: 0, delta, finish_reason: finish }] }).replace(
      /\//g,
      '\\/',
    ),
  pretty: (delta, finish) =>
    JSON.stringify({ id: 'p', choices: [{ index: 0, delta, finish_reason: finish }] }, null, 2),
};

const awkwardText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    '',
    '"',
    '\\',
    '\\"',
    '","finish_reason":"stop',
    '\n',
    '\u2028',
    '🎉',
    '\ud800',
    '<think>',
    'a\u0000b',
  ),
);

type DeltaPart = { field: 'content' | 'reasoning_content' | 'reasoning'; text: string } | { finish: string };

const partArbitrary: fc.Arbitrary<DeltaPart> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ field: fc.constant('content' as const), text: awkwardText }) },
  {
    weight: 2,
    arbitrary: fc.record({ field: fc.constant('reasoning_content' as const), text: awkwardText }),
  },
  { weight: 2, arbitrary: fc.record({ field: fc.constant('reasoning' as const), text: awkwardText }) },
  { weight: 1, arbitrary: fc.record({ finish: fc.constantFrom('stop', 'length') }) },
);

function styledBody(style: ChunkStyle, parts: readonly DeltaPart[]): string {
  const lines = parts.map((part) => {
    if ('finish' in part) return style({}, part.finish);
    const delta: Record<string, unknown> =
      part.field === 'content' ? { content: part.text } : { content: null, [part.field]: part.text };
    return style(delta, null);
  });
  return `${lines.map((line) => `${line.replace(/^/gm, 'data: ')}\n\n`).join('')}data: [DONE]\n\n`;
}

/** One character inserted, removed or replaced somewhere: mostly invalid JSON or another shape. */
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert', 'remove', 'replace'),
  char: fc.constantFrom('"', '\\', ',', '}', ']', ':', ' ', 'a', '0', 'n', '{', '\u0001'),
});

function mutate(data: string, change: { at: number; kind: string; char: string }): string {
  const at = change.at % (data.length + 1);
  if (change.kind === 'insert') return data.slice(0, at) + change.char + data.slice(at);
  if (change.kind === 'remove') return data.slice(0, at) + data.slice(at + 1);
  return data.slice(0, at) + change.char + data.slice(at + 1);
}

describe('the delta recognizer over generated streams', () => {
  const styleNames = Object.keys(styles);

  it('reads only what JSON.parse reads, for every server layout and awkward text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...styleNames),
        fc.array(partArbitrary, { maxLength: 30 }),
        (name, parts) => {
          replay(eventData(styledBody(styles[name]!, parts)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('recognises plain chunks of every layout once it has seen one', () => {
    for (const name of styleNames) {
      const parts = Array.from({ length: 10 }, (_, index) => ({
        field: 'content' as const,
        text: `w${index} é`,
      }));
      expect(replay(eventData(styledBody(styles[name]!, parts))), name).toBe(9);
    }
  });

  it('never reads a mutated chunk differently from JSON.parse', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...styleNames),
        fc.array(partArbitrary, { minLength: 2, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 4 }),
        (name, parts, changes) => {
          const datas = eventData(styledBody(styles[name]!, parts));
          for (const [which, change] of changes) {
            const index = which % datas.length;
            datas[index] = mutate(datas[index]!, change);
          }
          replay(datas);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('leaves generated streams converted exactly as without it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...styleNames),
        fc.array(partArbitrary, { maxLength: 20 }),
        fc.constantFrom(undefined, 'on' as const, 'open' as const),
        fc.integer({ min: 0, max: 40 }),
        (name, parts, thinkTags, pieceSize) => {
          const body = styledBody(styles[name]!, parts);
          expectSameEvents(body, () => createFixtureStreamContext({ thinkTags }), pieceSize);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('plainDeltaField', () => {
  const someText = fc.constantFrom('', 'a', ' b', '<think>', '</think>');
  const deltaArbitrary = fc.record(
    {
      role: fc.constant('assistant'),
      content: fc.oneof(someText, fc.constant(null), fc.constant([{ type: 'text', text: 'x' }])),
      reasoning_content: fc.oneof(someText, fc.constant(null)),
      reasoning: fc.oneof(someText, fc.constant(null)),
      refusal: fc.oneof(someText, fc.constant(null)),
      tool_calls: fc.oneof(
        fc.constant([]),
        fc.constant(null),
        fc.constant([{ index: 0, id: 'call_1', function: { name: 'f', arguments: '{}' } }]),
      ),
      reasoning_details: fc.oneof(fc.constant([]), fc.constant([{ type: 'reasoning.text', text: 'r' }])),
    },
    { requiredKeys: [] },
  );
  const chunkArbitrary = fc.record(
    {
      object: fc.constantFrom('chat.completion.chunk', 'error'),
      error: fc.oneof(fc.constant(null), fc.constant({ message: 'boom' })),
      usage: fc.oneof(fc.constant(null), fc.constant({ prompt_tokens: 1, completion_tokens: 2 })),
      x_groq: fc.oneof(fc.constant(null), fc.constant({ usage: { prompt_tokens: 1, completion_tokens: 2 } })),
      choices: fc.array(
        fc.record(
          {
            index: fc.constantFrom(0, 1),
            delta: fc.oneof(deltaArbitrary, fc.constant(null)),
            finish_reason: fc.constantFrom(null, 'stop', 'tool_calls'),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ['choices'] },
  );

  it('holds for exactly the chunks the translator reads as one text or reasoning delta', () => {
    fc.assert(
      fc.property(
        fc.array(chunkArbitrary, { maxLength: 12 }),
        fc.constantFrom(undefined, 'on' as const),
        (chunks, thinkTags) => {
          const byChunk = createStreamTranslator(createFixtureStreamContext({ thinkTags }));
          const byDelta = createStreamTranslator(createFixtureStreamContext({ thinkTags }));
          for (const chunk of chunks as OpenAIChatChunk[]) {
            const expected = byChunk.push(chunk);
            const field = plainDeltaField(chunk);
            if (field === undefined) {
              expect(byDelta.push(chunk)).toEqual(expected);
              continue;
            }
            const events: AnthropicStreamEvent[] = [];
            const text = chunk.choices?.[0]?.delta?.[field] as string;
            byDelta.pushDelta(field === 'content' ? 'text' : 'reasoning', text, events);
            expect(events).toEqual(expected);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
