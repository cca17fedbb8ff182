import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../helpers/list-files.js';

const SRC = new URL('../../src/', import.meta.url).pathname;

/** Runtime imports only: `import type` is erased at build time and carries no dependency. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => match[1]!,
  );
}

/** Pure layers may import only these packages; everything else (undici, fastify, env, fs) is I/O. */
const PURE_PACKAGES = new Set([
  '@anthropic-ai/sdk/resources/messages',
  'jsonrepair',
  'gpt-tokenizer',
  'node:crypto',
]);
const PURE_LAYERS = ['translate', 'tokens', 'dialects'];

describe('import boundaries', () => {
  const files = listFiles(SRC, '.ts');

  it.each(PURE_LAYERS)('keeps src/%s free of I/O, servers and configuration', (layer) => {
    const offending: string[] = [];
    for (const file of files.filter((path) => relative(SRC, path).startsWith(`${layer}/`))) {
      for (const specifier of importsOf(file)) {
        const local = specifier.startsWith('.');
        const allowedLocal =
          /^\.\.?\/(?:\.\.\/)?(translate|tokens|dialects|wire|errors)/.test(specifier) ||
          /^\.\/[\w-]+\.js$/.test(specifier);
        const allowedPackage = [...PURE_PACKAGES].some(
          (name) => specifier === name || specifier.startsWith(`${name}/`),
        );
        if (local ? !allowedLocal : !allowedPackage)
          offending.push(`${relative(SRC, file)} imports ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('never uses the global fetch in src', () => {
    const users = files.filter((file) => /(?<![.\w])fetch\(/.test(readFileSync(file, 'utf8')));
    expect(users.map((file) => relative(SRC, file))).toEqual([]);
  });

  it('has no explicit any in src', () => {
    const users = files.filter((file) => /:\s*any\b|<any>|as any\b/.test(readFileSync(file, 'utf8')));
    expect(users.map((file) => relative(SRC, file))).toEqual([]);
  });
});
