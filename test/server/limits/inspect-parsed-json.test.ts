import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { exceedsNestingDepth } from '../../../src/server/limits/exceeds-nesting-depth.js';
import { inspectParsedJson, type ParsedJsonProblem } from '../../../src/server/limits/inspect-parsed-json.js';
import { MAX_JSON_DEPTH } from '../../../src/server/limits/register-json-parser.js';
import { buildClaudeCodeTurn } from '../../helpers/build-claude-code-turn.js';
import { listFiles } from '../../helpers/list-files.js';
import { FIXTURES_DIR } from '../../helpers/load-fixture.js';

/**
 * The walk over the parsed body replaced a depth scan of the text and Fastify's secure JSON
 * parser (secure-json-parse, errors on __proto__ and constructor.prototype). Both are kept
 * here as the reference, and the two must agree on every JSON fixture and on hostile edges.
 */
const secureParse = Fastify().getDefaultJsonParser('error', 'error');

function reference(text: string): ParsedJsonProblem {
  if (exceedsNestingDepth(text, MAX_JSON_DEPTH)) return 'too-deep';
  let rejected = false;
  secureParse({} as never, text, (error) => {
    rejected = error !== null;
  });
  return rejected ? 'forbidden-key' : undefined;
}

/** Fixture text without its leading `//` header lines. */
function jsonText(path: string): string {
  const lines = readFileSync(path, 'utf8').split('\n');
  let start = 0;
  while (lines[start]?.startsWith('//')) start++;
  return lines.slice(start).join('\n');
}

const nest = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

const EDGES: Record<string, string> = {
  'a __proto__ key': '{"a":1,"__proto__":{"x":1}}',
  'an escaped __proto__ key': '{"\\u005f_proto__":{}}',
  'a nested __proto__ key': '{"messages":[{"content":[{"__proto__":null}]}]}',
  'constructor with prototype': '{"a":{"constructor":{"prototype":{"polluted":true}}}}',
  'constructor without prototype': '{"constructor":{"name":"x"}}',
  'constructor as a string': '{"constructor":"prototype"}',
  'constructor.prototype as a primitive': '{"constructor":{"prototype":1}}',
  '__proto__ inside a string': '{"text":"\\"__proto__\\": {}"}',
  'exactly the depth limit': nest(MAX_JSON_DEPTH),
  'one level too deep': nest(MAX_JSON_DEPTH + 1),
  'too deep and a forbidden key': `{"__proto__":1,"deep":${nest(MAX_JSON_DEPTH)}}`,
  'empty containers count': nest(MAX_JSON_DEPTH, '[]'),
  'brackets in strings do not count': `{"text":"${'['.repeat(500)}"}`,
  'a bare string': '"__proto__"',
  null: 'null',
};

describe('inspectParsedJson agrees with the text checks it replaced', () => {
  const files = listFiles(FIXTURES_DIR, '.json');

  it('over every JSON fixture', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = jsonText(file);
      expect(inspectParsedJson(JSON.parse(text), MAX_JSON_DEPTH), file).toBe(reference(text));
    }
  });

  it('over the full-size Claude Code turn', () => {
    const text = JSON.stringify(buildClaudeCodeTurn());
    expect(inspectParsedJson(JSON.parse(text), MAX_JSON_DEPTH)).toBe(reference(text));
  });

  it.each(Object.entries(EDGES))('on %s', (_name, text) => {
    expect(inspectParsedJson(JSON.parse(text), MAX_JSON_DEPTH)).toBe(reference(text));
  });
});
