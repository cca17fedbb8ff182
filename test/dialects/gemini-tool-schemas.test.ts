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
