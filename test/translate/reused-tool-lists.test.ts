import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALECT_NAMES, dialectsByName } from '../../src/dialects/all-dialects.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { convertAnthropicRequest } from '../../src/translate/convert-anthropic-request.js';
import { convertResponsesRequest } from '../../src/translate/convert-responses-request.js';
import { encodeBody, knownJsonOf, rememberJson } from '../../src/translate/known-json.js';
import { type AnthropicRequest, anthropicRequestSchema } from '../../src/wire/anthropic-request-schema.js';
import { anthropicRequest } from '../helpers/anthropic-request-arbitraries.js';
import { buildClaudeCodeTurn, CLAUDE_CODE_TURN_FIXTURE } from '../helpers/build-claude-code-turn.js';
import { readJsonFixture } from '../helpers/load-fixture.js';

type Json = Record<string, unknown>;

const MODEL = 'backend-model';

function validated(body: unknown): AnthropicRequest {
  return anthropicRequestSchema.parse(structuredClone(body));
}

/** The upstream body as the request path writes it: converted with reuse, spliced JSON. */
function sent(body: unknown, dialect: Dialect, stream = false): string {
  return encodeBody(
    convertAnthropicRequest(validated(body), { model: MODEL, dialect, stream }).body,
  ).toString();
}

/**
 * The upstream body without any reuse: a dialect object no list was remembered for (a
 * fresh copy, so the cache, keyed by the dialect object, starts empty), serialised whole.
 */
function reference(body: unknown, dialect: Dialect, stream = false): string {
  const fresh = { ...dialect };
  return JSON.stringify(
    convertAnthropicRequest(validated(body), { model: MODEL, dialect: fresh, stream }).body,
  );
}

function toolsOf(text: string): unknown {
  return (JSON.parse(text) as Json).tools;
}

const turns: Array<[string, Json]> = [
  ['the Claude Code turn fixture', readJsonFixture<Json>(CLAUDE_CODE_TURN_FIXTURE)],
  ['the 80 KB Claude Code turn', buildClaudeCodeTurn({ stream: false })],
];

describe.each(DIALECT_NAMES)('%s: tool lists reused from an earlier turn', (name) => {
  const dialect = dialectsByName[name];

  it.each(turns)(
    'sends %s byte for byte as the whole conversion does, on the first turn and after',
    (_, turn) => {
      const expected = reference(turn, dialect);
      expect(sent(turn, dialect)).toBe(expected);
      expect(sent(turn, dialect)).toBe(expected);
      expect(sent(turn, dialect, true)).toBe(reference(turn, dialect, true));
    },
  );
});

describe('a remembered tool list is never served for another', () => {
  const dialect = dialectsByName.generic;
  const turn = buildClaudeCodeTurn({ stream: false });

  function withTools(tools: unknown[]): Json {
    return { ...structuredClone(turn), tools };
  }

  it('follows a change to one schema, and back', () => {
    const tools = structuredClone(turn.tools) as Json[];
    const changed = structuredClone(tools);
    const schema = changed[5]!.input_schema as { properties: Record<string, { description: string }> };
    schema.properties.field_1!.description += '.';

    for (const list of [tools, changed, tools, changed]) {
      const text = sent(withTools(list), dialect);
      expect(text).toBe(reference(withTools(list), dialect));
    }
    expect(JSON.stringify(toolsOf(sent(withTools(changed), dialect)))).toContain(
      `${schema.properties.field_1!.description}"`,
    );
  });

  it('follows the same tools in another order, and a schema with its keys in another order', () => {
    const tools = structuredClone(turn.tools) as Json[];
    const reversed = [...structuredClone(tools)].reverse();
    const reordered = structuredClone(tools);
    const schema = reordered[0]!.input_schema as Json;
    reordered[0]!.input_schema = Object.fromEntries(Object.entries(schema).reverse());

    for (const list of [tools, reversed, reordered, tools]) {
      expect(sent(withTools(list), dialect)).toBe(reference(withTools(list), dialect));
    }
    const namesIn = (list: Json[]) =>
      (toolsOf(sent(withTools(list), dialect)) as Array<{ function: { name: string } }>).map(
        (tool) => tool.function.name,
      );
    expect(namesIn(reversed)).toEqual(namesIn(tools).reverse());
  });

  it('follows a tool added, dropped or renamed, and a list of one', () => {
    const tools = structuredClone(turn.tools) as Json[];
    const variants = [
      tools,
      tools.slice(1),
      [...tools, { name: 'Extra', input_schema: { type: 'object' } }],
      tools.map((tool, index) => (index === 2 ? { ...tool, name: 'Renamed' } : tool)),
      tools.slice(0, 1),
      tools,
    ];
    for (const list of variants) {
      expect(sent(withTools(list), dialect)).toBe(reference(withTools(list), dialect));
    }
  });

  it('keeps each dialect its own form of the same list', () => {
    for (const name of DIALECT_NAMES) {
      const other = dialectsByName[name];
      expect(sent(turn, other)).toBe(reference(turn, other));
    }
    expect(sent(turn, dialectsByName.gemini)).not.toBe(sent(turn, dialectsByName.generic));
  });

  it('keeps no converted list heavier than 2,000,000 characters of JSON', () => {
    const heavy = withTools([
      { name: 'Heavy', description: 'x'.repeat(2_000_000), input_schema: { type: 'object' } },
    ]);
    const convert = () =>
      convertAnthropicRequest(validated(heavy), { model: MODEL, dialect, stream: false }).body;
    const first = convert();
    expect(convert().tools).not.toBe(first.tools);
    expect(encodeBody(convert()).toString()).toBe(reference(heavy, dialect));
  });

  it('keeps the remembered lists frozen, so their JSON cannot go stale', () => {
    const body = convertAnthropicRequest(validated(turn), { model: MODEL, dialect, stream: false }).body;
    expect(knownJsonOf(body.tools)).toBe(JSON.stringify(body.tools));
    expect(Object.isFrozen(body.tools)).toBe(true);
    expect(Object.isFrozen(body.tools![0]!.function.parameters)).toBe(true);
    expect(() => body.tools!.push(body.tools![0]!)).toThrow(TypeError);
  });

  it('sends the Responses form byte for byte as the whole conversion does', () => {
    const options = { model: MODEL, dialect, stream: false };
    const expected = JSON.stringify(
      convertResponsesRequest(validated(turn), { ...options, dialect: { ...dialect } }).body,
    );
    for (let round = 0; round < 2; round++) {
      expect(encodeBody(convertResponsesRequest(validated(turn), options).body).toString()).toBe(expected);
    }
  });

  it('matches the whole conversion on generated requests, each sent twice', () => {
    fc.assert(
      fc.property(anthropicRequest, (body) => {
        fc.pre(anthropicRequestSchema.safeParse(body).success);
        const outcome = (write: () => string) => {
          try {
            return write();
          } catch (error) {
            return `threw ${(error as Error).message}`;
          }
        };
        const expected = outcome(() => reference(body, dialect, true));
        expect(outcome(() => sent(body, dialect, true))).toBe(expected);
        expect(outcome(() => sent(body, dialect, true))).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('encodeBody', () => {
  it('writes the bytes of what JSON.stringify writes: undefined members left out, key order kept', () => {
    const list = rememberJson([{ a: 1, b: 'x € 日本 😀', c: [true, null] }]);
    const other = rememberJson({ d: 'é' });
    const bodies = [
      { z: 1, skipped: undefined, tools: list, nested: { b: [1, 'x', null] }, 10: 'n' },
      { skipped: undefined, tools: list },
      { tools: list, last: undefined },
      { tools: list },
      { 'ключ ✓': 'значение', tools: list, also: other, after: '😀' },
      { tools: [{ a: 1 }] },
      { only: undefined },
      {},
    ];
    for (const body of bodies) expect(encodeBody(body).equals(Buffer.from(JSON.stringify(body)))).toBe(true);
  });
});
