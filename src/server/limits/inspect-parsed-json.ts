/** What a parsed request body holds that the proxy refuses, in the order the checks report them. */
export type ParsedJsonProblem = 'too-deep' | 'forbidden-key' | undefined;

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * One walk over a value JSON.parse produced, for the two things the proxy refuses after
 * parsing: nesting deeper than `maxDepth` (counted as exceedsNestingDepth counts brackets in
 * the text) and a `__proto__` key or a `constructor` object with a `prototype` key (what
 * secure-json-parse rejects). The walk never goes deeper than `maxDepth + 1`, so it cannot
 * overflow the stack; it replaces two regular-expression scans and a character loop over
 * the whole text with a visit of each object and array once. Depth wins over a forbidden
 * key, as it did when the text was checked before parsing.
 */
export function inspectParsedJson(value: unknown, maxDepth: number): ParsedJsonProblem {
  let forbidden = false;
  const visit = (node: object, depth: number): boolean => {
    if (depth > maxDepth) return true;
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const item: unknown = node[index];
        if (typeof item === 'object' && item !== null && visit(item, depth + 1)) return true;
      }
      return false;
    }
    if (!forbidden && isForbidden(node)) forbidden = true;
    for (const key in node) {
      const item: unknown = (node as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null && visit(item, depth + 1)) return true;
    }
    return false;
  };
  if (typeof value !== 'object' || value === null) return undefined;
  if (visit(value, 1)) return 'too-deep';
  return forbidden ? 'forbidden-key' : undefined;
}

function isForbidden(node: object): boolean {
  if (hasOwn.call(node, '__proto__')) return true;
  if (!hasOwn.call(node, 'constructor')) return false;
  const owner: unknown = (node as Record<string, unknown>).constructor;
  return typeof owner === 'object' && owner !== null && hasOwn.call(owner, 'prototype');
}
