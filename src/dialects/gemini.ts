import { COMMON_REQUEST_FIELDS, type Dialect, fields } from './dialect.js';
import { genericDialect } from './generic.js';

/**
 * Gemini's OpenAI endpoint: tool calls carry a thought signature that must come back on
 * the same call in history (Gemini 3 answers 400 without it), tool names must start with a
 * letter or underscore, several JSON-Schema keywords are rejected, a schema type is one name
 * (never a list such as `["string", "null"]`), and images go inline.
 */
export const geminiDialect: Dialect = {
  ...genericDialect,
  name: 'gemini',
  label: 'Gemini (OpenAI endpoint)',
  thinkTags: 'off',
  detect: { hosts: ['generativelanguage.googleapis.com'] },
  requestFields: fields(COMMON_REQUEST_FIELDS, 'stream_options', 'reasoning_effort'),
  modelLimits: [
    {
      model: /^gemini-2\.0/,
      maxOutputTokens: 8_192,
      contextWindow: 1_048_576,
      vision: true,
      tools: true,
      reasoning: false,
    },
    {
      model: /^gemini-/,
      maxOutputTokens: 65_536,
      contextWindow: 1_048_576,
      vision: true,
      tools: true,
      reasoning: true,
    },
  ],
  toolNames: { maxLength: 64, pattern: /^[a-zA-Z_][a-zA-Z0-9_.:-]*$/ },
  unsupportedSchemaKeywords: new Set([
    '$schema',
    '$id',
    '$comment',
    'additionalProperties',
    'const',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'propertyNames',
    'prefixItems',
    'patternProperties',
    'unevaluatedProperties',
    'dependentSchemas',
    'dependentRequired',
    'if',
    'then',
    'else',
  ]),
  stringEnumsOnly: true,
  singleSchemaTypes: true,
  toolCallThoughtSignatures: true,
  images: 'data-only',
};
