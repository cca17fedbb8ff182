import { describe, expect, it } from 'vitest';
import { dialectsByName } from '../../src/dialects/all-dialects.js';
import { stripSchemaKeywords } from '../../src/translate/strip-schema-keywords.js';

const gemini = dialectsByName.gemini.unsupportedSchemaKeywords;

describe('stripSchemaKeywords', () => {
  it('returns the schema itself when the backend takes every keyword', () => {
    const schema = { type: 'object', additionalProperties: false };
    expect(stripSchemaKeywords(schema, new Set())).toBe(schema);
  });

  it('removes rejected keywords at every depth and keeps the rest', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: {
        edits: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { old_string: { type: 'string', description: 'text to replace' } },
            required: ['old_string'],
          },
        },
        mode: { anyOf: [{ type: 'string', propertyNames: { pattern: '^a' } }, { type: 'null' }] },
      },
      required: ['edits'],
    };
    expect(stripSchemaKeywords(schema, gemini)).toEqual({
      type: 'object',
      properties: {
        edits: {
          type: 'array',
          items: {
            type: 'object',
            properties: { old_string: { type: 'string', description: 'text to replace' } },
            required: ['old_string'],
          },
        },
        mode: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      required: ['edits'],
    });
  });

  it('keeps a property that happens to be named like a keyword', () => {
    const schema = {
      type: 'object',
      properties: { const: { type: 'string' }, additionalProperties: { type: 'boolean' } },
    };
    expect(stripSchemaKeywords(schema, gemini)).toEqual(schema);
  });

  it('turns a string const into a one-value string enum, another const into its type, and exclusive bounds into inclusive ones', () => {
    expect(
      stripSchemaKeywords(
        {
          type: 'object',
          properties: {
            kind: { const: 'file' },
            version: { const: 2 },
            size: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 100 },
          },
        },
        gemini,
      ),
    ).toEqual({
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['file'] },
        version: { type: 'integer' },
        size: { type: 'integer', minimum: 0, maximum: 100 },
      },
    });
  });

  it('does not overwrite an enum or bound the schema already has', () => {
    expect(
      stripSchemaKeywords({ const: 'a', enum: ['a', 'b'], exclusiveMinimum: 1, minimum: 5 }, gemini),
    ).toEqual({
      enum: ['a', 'b'],
      minimum: 5,
    });
  });

  it('never modifies its input', () => {
    const schema = { type: 'object', additionalProperties: false, properties: { a: { const: 1 } } };
    const copy = structuredClone(schema);
    stripSchemaKeywords(schema, gemini);
    expect(schema).toEqual(copy);
  });
});
