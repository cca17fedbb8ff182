import { describe, expect, it } from 'vitest';
import { inspectParsedJson } from '../../../src/server/limits/inspect-parsed-json.js';
import { parseRequestJson } from '../../../src/server/limits/parse-request-json.js';
import { MAX_JSON_DEPTH } from '../../../src/server/limits/register-json-parser.js';
import { buildClaudeCodeTurn } from '../../helpers/build-claude-code-turn.js';

type Json = Record<string, unknown>;

const turn = buildClaudeCodeTurn({ stream: false });
const tools = turn.tools as Json[];

/** What parsing the whole text gives: the reference the reused list must always match. */
function expectSameAsWholeParse(text: string): Json {
  const { value, problem } = parseRequestJson(text, MAX_JSON_DEPTH);
  expect(problem).toBe(inspectParsedJson(JSON.parse(text), MAX_JSON_DEPTH));
  expect(value).toEqual(JSON.parse(text));
  expect(JSON.stringify(value)).toBe(JSON.stringify(JSON.parse(text)));
  return value as Json;
}

function bodyWith(list: unknown, extra: Json = {}): string {
  return JSON.stringify({ ...turn, tools: list, ...extra });
}

describe('parseRequestJson: a tool list parsed before', () => {
  it('gives what JSON.parse gives, turn after turn, and the same frozen list from the second', () => {
    const text = bodyWith(tools);
    expectSameAsWholeParse(text);
    const second = expectSameAsWholeParse(text);
    const third = expectSameAsWholeParse(text);
    expect(third.tools).toBe(second.tools);
    expect(Object.isFrozen(third.tools)).toBe(true);
  });

  it('never gives a kept list for a body whose list differs in one schema, or in order', () => {
    const changed = structuredClone(tools);
    (changed[7]!.input_schema as { required: string[] }).required.push('field_1');
    const reversed = [...tools].reverse();
    const oneLess = tools.slice(0, -1);
    for (const list of [tools, changed, reversed, oneLess, tools, changed, reversed, oneLess]) {
      const value = expectSameAsWholeParse(bodyWith(list));
      expect(value.tools).toEqual(list);
    }
  });

  it('reads a list that continues past the kept text as the longer list', () => {
    const kept = bodyWith(tools);
    expectSameAsWholeParse(kept);
    expectSameAsWholeParse(bodyWith([...tools, { name: 'Extra', input_schema: { type: 'object' } }]));
  });

  it('is not fooled by the kept text elsewhere in the body: nested, in a string, or in a later duplicate member', () => {
    const list = tools.slice(0, 3);
    const text = bodyWith(list);
    expectSameAsWholeParse(text);
    expectSameAsWholeParse(text);
    const listText = JSON.stringify(list);
    const nestedFirst = `{"metadata":{"tools":${listText}},${text.slice(1)}`;
    expectSameAsWholeParse(nestedFirst);
    const asString = `{"note":${JSON.stringify(`"tools":${listText}`)},${text.slice(1)}`;
    expectSameAsWholeParse(asString);
    // The last of two members wins, as in JSON.parse.
    expectSameAsWholeParse(`${text.slice(0, -1)},"tools":[]}`);
    expectSameAsWholeParse(
      `{"tools":${listText},${text.slice(1).replace(`"tools":${listText}`, '"tools":[1]')}`,
    );
  });

  it('throws JSON.parse error for the whole text when the rest of the body is malformed', () => {
    const text = bodyWith(tools);
    expectSameAsWholeParse(text);
    const broken = `${text.slice(0, -1)},}`;
    let expected: unknown;
    try {
      JSON.parse(broken);
    } catch (error) {
      expected = error;
    }
    expect(() => parseRequestJson(broken, MAX_JSON_DEPTH)).toThrow((expected as Error).message);
    // A kept list's text cut short is malformed as well.
    const cut = text.slice(0, text.indexOf('"tools":[') + 200);
    expect(() => parseRequestJson(cut, MAX_JSON_DEPTH)).toThrow(SyntaxError);
  });

  it('still reports nesting too deep and forbidden keys beside a kept list', () => {
    const text = bodyWith(tools);
    expectSameAsWholeParse(text);
    const deep = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(
      parseRequestJson(text.replace('"max_tokens":', `"deep":${deep},"max_tokens":`), MAX_JSON_DEPTH).problem,
    ).toBe('too-deep');
    expect(
      parseRequestJson(text.replace('"max_tokens":', '"x":{"__proto__":{}},"max_tokens":'), MAX_JSON_DEPTH)
        .problem,
    ).toBe('forbidden-key');
  });

  it('parses a list written with other spacing whole, every time', () => {
    const spaced = JSON.stringify({ ...turn, tools }, null, 1);
    expectSameAsWholeParse(spaced);
    expectSameAsWholeParse(spaced);
    const escaped = bodyWith(tools).replace('"tools":[{"name":"', '"tools":[{"name":"\\u0052');
    expect(escaped).not.toBe(bodyWith(tools));
    expectSameAsWholeParse(escaped);
    expectSameAsWholeParse(escaped);
  });

  it('keeps no list longer than 2,000,000 characters, so no client parks megabytes in memory', () => {
    const heavy = [{ name: 'Heavy', description: 'x'.repeat(2_000_000), input_schema: { type: 'object' } }];
    const text = bodyWith(heavy);
    expectSameAsWholeParse(text);
    const second = expectSameAsWholeParse(text);
    expect(Object.isFrozen(second.tools)).toBe(false);
  });
});
