import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../helpers/list-files.js';

const SRC = new URL('../../src/', import.meta.url).pathname;

/** `file: name` of every getter or setter written in an object literal. */
function literalAccessors(file: string, text: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) &&
      ts.isObjectLiteralExpression(node.parent)
    ) {
      found.push(`${file}: ${node.name.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
  return found;
}

/**
 * Objects made once per process (or once per configuration), where a getter costs nothing.
 * Anything made per request or per stream shows its state as data properties or through a
 * class: see src/mutable.ts for why.
 */
const MADE_ONCE = [
  'dispatch/provider-health.ts: inFlight',
  'dispatch/provider-health.ts: queued',
  'gateway/ledger/create-ledger-writer.ts: pending',
  'inspector/body-arena.ts: allocated',
  'inspector/body-arena.ts: position',
  'inspector/exchange-store.ts: size',
  'server/lifecycle/create-activity-registry.ts: draining',
  'server/lifecycle/create-activity-registry.ts: requestCount',
  'server/lifecycle/create-activity-registry.ts: streamCount',
  'server/reasoning-memory.ts: shared',
];

describe('getters in object literals', () => {
  it('are found in a literal and not in a class', () => {
    const text = [
      'const literal = { get open() { return true; }, set open(value) {} };',
      'class Kept { get open() { return true; } }',
    ].join('\n');
    expect(literalAccessors('example.ts', text)).toEqual(['example.ts: open', 'example.ts: open']);
  });

  it('appear in src only on objects made once', () => {
    const found = listFiles(SRC, '.ts').flatMap((file) =>
      literalAccessors(relative(SRC, file), readFileSync(file, 'utf8')),
    );
    expect(found.filter((accessor) => !MADE_ONCE.includes(accessor))).toEqual([]);
    // An entry whose getter is gone is taken off the list.
    expect(MADE_ONCE.filter((accessor) => !found.includes(accessor))).toEqual([]);
  });
});
