import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, readJsonFixture } from './load-fixture.js';

/**
 * Compares the keys of Anthropic answers with the shapes in test/fixtures/anthropic-shapes/,
 * which are written from the API's documented examples: a key the API does not write, a key
 * missing, or `null` where the API writes a value (or the reverse) is an error.
 *
 * Every object in a fixture is recorded at its place ("slot"): the path from the root, with
 * `[]` for array elements and `#<type>` for objects that carry a `type`, e.g.
 * `body#message.content[]#text` or `event#message_delta.usage`. Its shape is its sorted keys
 * with the kind of each value (null, string, number, boolean, array, object). An answer's
 * object must have the same shape as one recorded at its slot, and nested objects are
 * checked at their own slots, so optional keys need one fixture per variant, not one per
 * combination. Fixture files named `event-*.json` are stream events; the others are bodies.
 */

export type ShapeRoot = 'body' | 'event';

type Kind = 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object';

export interface ShapeCatalog {
  /** Slot → the shapes allowed there. */
  readonly shapes: ReadonlyMap<string, ReadonlySet<string>>;
  /** The fixture files the catalog was built from. */
  readonly files: readonly string[];
}

export const SHAPES_FOLDER = 'anthropic-shapes';

/** Values the client supplies or the model writes freely (a tool's input): their keys are not the API's. */
const OPAQUE_KEYS = new Set(['input']);
/**
 * Slots whose `type` names a value rather than a shape (an error's type): objects there are
 * checked without the `#<type>` suffix, so every error type shares one shape.
 */
const OPEN_TYPE_SLOTS = new Set(['body#error.error', 'event#error.error']);

let cached: ShapeCatalog | undefined;

/** The catalog of test/fixtures/anthropic-shapes/, read once per test file. */
export function loadShapeCatalog(): ShapeCatalog {
  cached ??= buildShapeCatalog(
    readdirSync(join(FIXTURES_DIR, SHAPES_FOLDER))
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => ({ name, value: readJsonFixture(`${SHAPES_FOLDER}/${name}`) })),
  );
  return cached;
}

/** Builds a catalog from named examples; names starting with `event-` are stream events. */
export function buildShapeCatalog(examples: readonly { name: string; value: unknown }[]): ShapeCatalog {
  const shapes = new Map<string, Set<string>>();
  for (const { name, value } of examples) {
    const root: ShapeRoot = name.startsWith('event-') ? 'event' : 'body';
    walk(value, root, (slot, shape) => {
      const set = shapes.get(slot) ?? new Set<string>();
      set.add(shape);
      shapes.set(slot, set);
    });
  }
  return { shapes, files: examples.map((example) => example.name) };
}

/**
 * Throws an Error naming the first object whose keys differ from every fixture for its place.
 * `root` is "body" for a JSON answer (message or error) and "event" for one stream event.
 */
export function checkAnthropicShape(
  value: unknown,
  root: ShapeRoot,
  catalog: ShapeCatalog = loadShapeCatalog(),
): void {
  walk(value, root, (slot, shape, path) => {
    const allowed = catalog.shapes.get(slot);
    if (allowed?.has(shape)) return;
    const expected = allowed ? [...allowed].map((one) => `{${one}}`).join(' or ') : 'nothing (no fixture)';
    throw new Error(
      `Anthropic shape mismatch at ${path} (${slot}):\n  got      {${shape}}\n  expected ${expected}\n` +
        `  in ${JSON.stringify(value)}`,
    );
  });
}

function walk(
  value: unknown,
  slot: string,
  visit: (slot: string, shape: string, path: string) => void,
  path = '$',
): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      walk(item, `${slot}[]`, visit, `${path}[${index}]`);
    });
    return;
  }
  if (!isObject(value)) return;
  const type = value.type;
  const here = typeof type === 'string' && !OPEN_TYPE_SLOTS.has(slot) ? `${slot}#${type}` : slot;
  visit(here, shapeOf(value), path);
  for (const [key, child] of Object.entries(value)) {
    if (OPAQUE_KEYS.has(key) && here.endsWith('#tool_use')) continue;
    walk(child, `${here}.${key}`, visit, `${path}.${key}`);
  }
}

function shapeOf(value: Record<string, unknown>): string {
  return Object.keys(value)
    .sort()
    .map((key) => `${key}:${kindOf(value[key])}`)
    .join(',');
}

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
