import { describe, expect, it } from 'vitest';
import { geminiDialect } from '../../src/dialects/gemini.js';
import { stripSchemaKeywords } from '../../src/translate/strip-schema-keywords.js';
import { checkStrictRules } from '../helpers/strict-backend-rules.js';

/**
 * Gemini refuses `const` and takes `enum` only for strings beside `type: "string"`
 * ("enum: only allowed for STRING type"), so a `const` rewritten as a bare one-value enum
 * was refused in turn: every request carrying such a tool failed with a 400.
 */
const strip = (schema: Record<string, unknown>) =>
  stripSchemaKeywords(schema, geminiDialect.unsupportedSchemaKeywords, {
    stringEnumsOnly: geminiDialect.stringEnumsOnly,
    singleTypes: geminiDialect.singleSchemaTypes,
  });

describe('gemini: const in tool schemas', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a string const without type', { const: 'team' }, { type: 'string', enum: ['team'] }],
    ['a string const beside its type', { type: 'string', const: 'team' }, { type: 'string', enum: ['team'] }],
    ['an integer const', { const: 3 }, { type: 'integer' }],
    ['a number const', { const: 0.5 }, { type: 'number' }],
    ['a boolean const', { const: true }, { type: 'boolean' }],
    ['a null const', { const: null }, {}],
  ])('rewrites %s as something Gemini takes', (_case, input, expected) => {
    expect(strip(input)).toEqual(expected);
  });

  it('produces tool parameters the strict Gemini backend accepts', () => {
    const parameters = strip({
      type: 'object',
      properties: { visibility: { const: 'team' }, version: { const: 2 }, dryRun: { const: false } },
    });
    expect(
      checkStrictRules('gemini', {
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'function', function: { name: 'comment', parameters } }],
      }),
    ).toBeUndefined();
  });
});

describe('gemini: enums in tool schemas', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a string enum without type', { enum: ['a', 'b'] }, { type: 'string', enum: ['a', 'b'] }],
    [
      'an integer enum',
      { type: 'integer', enum: [1, 2, 4], description: 'Indent width.' },
      { type: 'integer', description: 'Indent width. One of: 1, 2, 4.' },
    ],
    ['a mixed enum without description', { enum: ['auto', 0] }, { description: 'One of: "auto", 0.' }],
  ])('rewrites %s as something Gemini takes', (_case, input, expected) => {
    expect(strip(input)).toEqual(expected);
  });

  it('leaves enums alone for backends that take any enum', () => {
    const schema = { type: 'integer', enum: [1, 2] };
    expect(stripSchemaKeywords(schema, new Set(), {})).toBe(schema);
  });

  it('produces nested enum parameters the strict Gemini backend accepts', () => {
    const parameters = strip({
      type: 'object',
      properties: {
        level: { type: 'integer', enum: [1, 2, 3] },
        items: { type: 'array', items: { enum: ['x', 'y'] } },
      },
    });
    expect(
      checkStrictRules('gemini', {
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'function', function: { name: 'configure', parameters } }],
      }),
    ).toBeUndefined();
  });
});

/**
 * Gemini parses a tool schema's `type` as one name, so the JSON Schema way of saying
 * "string or null" (`type: ["string", "null"]`, common in MCP tools generated from
 * Pydantic or zod) failed the whole request: "Proto field is not repeating, cannot start list".
 */
describe('gemini: type lists in tool schemas', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a nullable string', { type: ['string', 'null'] }, { type: 'string', nullable: true }],
    [
      'null first',
      { type: ['null', 'integer'], minimum: 0 },
      { type: 'integer', nullable: true, minimum: 0 },
    ],
    ['a one-name list', { type: ['object'] }, { type: 'object' }],
    [
      'two types and null',
      { type: ['string', 'number', 'null'] },
      { anyOf: [{ type: 'string' }, { type: 'number' }], nullable: true },
    ],
    [
      'a nullable string enum listing null',
      { type: ['string', 'null'], enum: ['low', 'high', null] },
      { type: 'string', nullable: true, enum: ['low', 'high'] },
    ],
  ])('rewrites %s as something Gemini takes', (_case, input, expected) => {
    expect(strip(input)).toEqual(expected);
  });

  it('leaves type lists alone for backends that take JSON Schema', () => {
    const schema = { type: 'object', properties: { note: { type: ['string', 'null'] } } };
    expect(stripSchemaKeywords(schema, new Set(), {})).toBe(schema);
  });

  it('produces nested nullable parameters the strict Gemini backend accepts', () => {
    const parameters = strip({
      type: 'object',
      properties: {
        note: { type: ['string', 'null'] },
        tags: { type: ['array', 'null'], items: { type: ['string', 'null'] } },
      },
    });
    expect(
      checkStrictRules('gemini', {
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ type: 'function', function: { name: 'annotate', parameters } }],
      }),
    ).toBeUndefined();
  });
});
