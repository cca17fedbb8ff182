import { type ChatMessage, isRecord, type StrictRule, toolCallsOf, toolsOf } from './strict-rule.js';

/** Keywords Gemini's function declarations refuse ("Unknown name … Cannot find field"). */
const GEMINI_REFUSED_KEYWORDS = new Set([
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
]);

const GEMINI_FUNCTION_NAME = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/;

export const geminiRules: StrictRule[] = [
  {
    name: 'function-names-follow-gemini-rules',
    check(body) {
      for (const [index, tool] of toolsOf(body).entries()) {
        const name = isRecord(tool.function) ? tool.function.name : undefined;
        if (typeof name === 'string' && GEMINI_FUNCTION_NAME.test(name)) continue;
        return {
          message: `* GenerateContentRequest.tools[0].function_declarations[${index}].name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.\n`,
        };
      }
      return undefined;
    },
  },
  {
    name: 'schemas-use-supported-keywords',
    check(body) {
      for (const [index, tool] of toolsOf(body).entries()) {
        const parameters = isRecord(tool.function) ? tool.function.parameters : undefined;
        const found = findSchemaKeyword(parameters, GEMINI_REFUSED_KEYWORDS, 'parameters');
        if (found)
          return {
            message: `Invalid JSON payload received. Unknown name "${found.keyword}" at 'tools[${index}].function.${found.path}': Cannot find field.`,
          };
      }
      return undefined;
    },
  },
  {
    // Gemini reads function schemas as OpenAPI 3.0 Schema objects, whose `type` is one name;
    // a JSON Schema type list fails to parse (reported through the OpenAI endpoint too).
    name: 'schema-types-are-single-names',
    check(body) {
      for (const [index, tool] of toolsOf(body).entries()) {
        const parameters = isRecord(tool.function) ? tool.function.parameters : undefined;
        const found = findSchemaNode(
          parameters,
          'parameters',
          (node) => 'type' in node && typeof node.type !== 'string',
        );
        if (found)
          return {
            message: `Invalid JSON payload received. Unknown name "type" at 'tools[0].function_declarations[${index}].${found.path}': Proto field is not repeating, cannot start list.`,
          };
      }
      return undefined;
    },
  },
  {
    name: 'enums-are-strings',
    check(body) {
      for (const [index, tool] of toolsOf(body).entries()) {
        const parameters = isRecord(tool.function) ? tool.function.parameters : undefined;
        const found = findSchemaNode(parameters, 'parameters', (node) => 'enum' in node);
        if (!found) continue;
        const values = Array.isArray(found.node.enum) ? found.node.enum : [];
        const where = `tools[0].function_declarations[${index}].${found.path}`;
        if (found.node.type !== 'string')
          return { message: `* GenerateContentRequest.${where}.enum: only allowed for STRING type\n` };
        const bad = values.findIndex((value) => typeof value !== 'string');
        if (bad !== -1)
          return {
            message: `Invalid value at '${where}.enum[${bad}]' (TYPE_STRING), ${JSON.stringify(values[bad])}`,
          };
      }
      return undefined;
    },
  },
  {
    name: 'thought-signatures-on-current-turn-calls',
    check(body) {
      const thinking =
        /^gemini-3/.test(String(body.model)) ||
        (body.reasoning_effort !== undefined && body.reasoning_effort !== 'none');
      if (!thinking) return undefined;
      for (const [position, message] of currentTurn(body.messages)) {
        const first = toolCallsOf(message)[0];
        if (!first) continue;
        const google = isRecord(first.extra_content) ? first.extra_content.google : undefined;
        const signature = isRecord(google) ? google.thought_signature : undefined;
        if (typeof signature === 'string' && signature.length > 0) continue;
        const name = isRecord(first.function) ? String(first.function.name) : '';
        return {
          message: `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${position + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
        };
      }
      return undefined;
    },
  },
];

/**
 * The turn Gemini validates: everything after the last user message that starts a turn.
 * A user message right after tool results belongs to the function-response turn it follows.
 */
function currentTurn(messages: ChatMessage[]): [number, ChatMessage][] {
  let start = 0;
  messages.forEach((message, index) => {
    if (message.role === 'user' && messages[index - 1]?.role !== 'tool') start = index + 1;
  });
  return messages.slice(start).map((message, offset) => [start + offset, message]);
}

/** The first schema node, in schema positions, that `matches`. */
function findSchemaNode(
  schema: unknown,
  path: string,
  matches: (node: Record<string, unknown>) => boolean,
): { node: Record<string, unknown>; path: string } | undefined {
  if (!isRecord(schema)) return undefined;
  if (matches(schema)) return { node: schema, path };
  for (const [key, value] of Object.entries(schema)) {
    const children: [unknown, string][] =
      SUBSCHEMA_MAPS.includes(key) && isRecord(value)
        ? Object.entries(value).map(([name, child]) => [child, `${path}.${key}.${name}`])
        : SUBSCHEMA_VALUES.includes(key)
          ? [[value, `${path}.${key}`]]
          : SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)
            ? value.map((child, index) => [child, `${path}.${key}[${index}]`])
            : [];
    for (const [child, childPath] of children) {
      const found = findSchemaNode(child, childPath, matches);
      if (found) return found;
    }
  }
  return undefined;
}

const SUBSCHEMA_MAPS = ['properties', '$defs', 'definitions'];
const SUBSCHEMA_VALUES = ['items', 'not'];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf'];

/** Walks schema positions only, so a property named like a keyword is not mistaken for one. */
function findSchemaKeyword(
  schema: unknown,
  refused: ReadonlySet<string>,
  path: string,
): { keyword: string; path: string } | undefined {
  if (!isRecord(schema)) return undefined;
  for (const [key, value] of Object.entries(schema)) {
    if (refused.has(key)) return { keyword: key, path };
    if (SUBSCHEMA_MAPS.includes(key) && isRecord(value)) {
      for (const [name, child] of Object.entries(value)) {
        const found = findSchemaKeyword(child, refused, `${path}.${key}.${name}`);
        if (found) return found;
      }
    } else if (SUBSCHEMA_VALUES.includes(key)) {
      const found = findSchemaKeyword(value, refused, `${path}.${key}`);
      if (found) return found;
    } else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      for (const [index, child] of value.entries()) {
        const found = findSchemaKeyword(child, refused, `${path}.${key}[${index}]`);
        if (found) return found;
      }
    }
  }
  return undefined;
}
