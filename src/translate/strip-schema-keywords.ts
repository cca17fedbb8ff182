type Schema = Record<string, unknown>;

/** Keywords whose value is a map of names to subschemas. */
const SCHEMA_MAPS = ['properties', '$defs', 'definitions', 'patternProperties', 'dependentSchemas'];
/** Keywords whose value is one subschema. */
const SCHEMA_VALUES = ['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else'];
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'];

/**
 * Returns a copy of a JSON Schema without the keywords a backend rejects, walking only
 * schema positions so a property that happens to be called "const" keeps its name. Where
 * a keyword has a near equivalent it is kept in that form: `const` becomes a one-value
 * string `enum` with its type, `exclusiveMinimum` / `exclusiveMaximum` become `minimum` /
 * `maximum` (one value looser, which a tool can live with). The input is never modified.
 */
export function stripSchemaKeywords(
  schema: Schema,
  unsupported: ReadonlySet<string>,
  options: StripSchemaOptions = {},
): Schema {
  if (unsupported.size === 0 && !options.stringEnumsOnly && !options.singleTypes) return schema;
  return stripNode(schema, unsupported, options) as Schema;
}

export interface StripSchemaOptions {
  /** The backend takes `enum` only for strings, beside `type: "string"` (Gemini). */
  stringEnumsOnly?: boolean | undefined;
  /** The backend takes `type` as one name, never a list (Gemini); see collapseTypeList. */
  singleTypes?: boolean | undefined;
}

function stripNode(node: unknown, unsupported: ReadonlySet<string>, options: StripSchemaOptions): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
  const schema = node as Schema;
  const result: Schema = {};
  const strip = (child: unknown) => stripNode(child, unsupported, options);
  for (const [key, value] of Object.entries(schema)) {
    if (unsupported.has(key)) {
      keepEquivalent(key, value, schema, result, unsupported);
      continue;
    }
    if (key === 'type' && options.singleTypes && Array.isArray(value)) {
      collapseTypeList(value, schema, result);
    } else if (SCHEMA_MAPS.includes(key) && isRecord(value)) {
      result[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, strip(child)]));
    } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      result[key] = value.map(strip);
    } else if (SCHEMA_VALUES.includes(key)) {
      result[key] = strip(value);
    } else {
      result[key] = value;
    }
  }
  if (options.stringEnumsOnly && Array.isArray(result.enum)) keepEnumReadable(result, result.enum);
  return result;
}

/**
 * A list of types, as JSON Schema allows, said in OpenAPI 3.0 terms: Gemini parses `type`
 * as one name and refuses a list ("Proto field is not repeating, cannot start list"), and
 * says null with `nullable: true`. One type plus "null" becomes that type, nullable; several
 * types become `anyOf` with one type each, nullable too if "null" was among them.
 */
function collapseTypeList(types: unknown[], schema: Schema, result: Schema): void {
  const names = types.filter((type): type is string => typeof type === 'string');
  const nonNull = [...new Set(names.filter((type) => type !== 'null'))];
  if (nonNull.length === 1) result.type = nonNull[0];
  else if (nonNull.length > 1 && !('anyOf' in schema)) result.anyOf = nonNull.map((type) => ({ type }));
  if (names.includes('null')) result.nullable = true;
}

/**
 * A string enum gets the `type: "string"` it needs beside it. An enum of other values
 * (numbers, booleans, null) cannot be expressed, so it moves into the description, where
 * the model still reads it, and the schema keeps only its type.
 */
function keepEnumReadable(result: Schema, values: unknown[]): void {
  // A nullable schema already says null; the enum keeps the values it can list.
  const listed = result.nullable === true ? values.filter((value) => value !== null) : values;
  if (listed.length !== values.length) result.enum = listed;
  if (listed.every((value) => typeof value === 'string')) {
    if (!('type' in result)) result.type = 'string';
    return;
  }
  delete result.enum;
  const allowed = `One of: ${listed.map((value) => JSON.stringify(value)).join(', ')}.`;
  result.description = typeof result.description === 'string' ? `${result.description} ${allowed}` : allowed;
}

function keepEquivalent(
  key: string,
  value: unknown,
  schema: Schema,
  result: Schema,
  unsupported: ReadonlySet<string>,
): void {
  if (key === 'const' && !('enum' in schema) && !unsupported.has('enum'))
    keepConstAsEnum(value, schema, result);
  else if (key === 'exclusiveMinimum' && typeof value === 'number' && !('minimum' in schema))
    result.minimum = value;
  else if (key === 'exclusiveMaximum' && typeof value === 'number' && !('maximum' in schema))
    result.maximum = value;
}

/**
 * The backend that refuses `const` (Gemini) takes `enum` only for strings and only beside
 * `type: "string"` ("enum: only allowed for STRING type"). A string constant becomes a
 * one-value string enum; any other constant keeps just its type, one value looser.
 */
function keepConstAsEnum(value: unknown, schema: Schema, result: Schema): void {
  const type = jsonType(value);
  if (!('type' in schema) && type) result.type = type;
  if (typeof value === 'string') result.enum = [value];
}

function jsonType(value: unknown): string | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return undefined;
}

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
