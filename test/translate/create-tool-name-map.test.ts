import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dialectsByName } from '../../src/dialects/all-dialects.js';
import { createToolNameMap } from '../../src/translate/create-tool-name-map.js';

const openaiRule = dialectsByName.generic.toolNames;
const geminiRule = dialectsByName.gemini.toolNames;
const longMcpName = `mcp__company-knowledge-base__search_documents_by_semantic_similarity_and_rank`;

describe('createToolNameMap', () => {
  it('keeps names the backend accepts', () => {
    const names = createToolNameMap(openaiRule, ['Bash', 'mcp__github__create_issue']);
    expect(names.toBackend('Bash')).toBe('Bash');
    expect(names.toBackend('mcp__github__create_issue')).toBe('mcp__github__create_issue');
    expect(names.toClient('Bash')).toBe('Bash');
  });

  it('shortens a name over 64 characters to a hash-suffixed one and maps it back', () => {
    expect(longMcpName.length).toBeGreaterThan(64);
    const names = createToolNameMap(openaiRule, [longMcpName]);
    const backendName = names.toBackend(longMcpName);
    expect(backendName.length).toBeLessThanOrEqual(64);
    expect(backendName).toMatch(/^mcp__company.*_[0-9a-f]{8}$/);
    expect(names.toClient(backendName)).toBe(longMcpName);
  });

  it('gives the same backend name on every request, so history and new calls agree', () => {
    const first = createToolNameMap(openaiRule, [longMcpName]).toBackend(longMcpName);
    const second = createToolNameMap(openaiRule, ['Bash', longMcpName]).toBackend(longMcpName);
    expect(second).toBe(first);
  });

  it('replaces characters the backend refuses', () => {
    const names = createToolNameMap(openaiRule, ['search.web']);
    expect(names.toBackend('search.web')).toMatch(/^search_web_[0-9a-f]{8}$/);
    expect(names.toClient(names.toBackend('search.web'))).toBe('search.web');
  });

  it("meets Gemini's rule that a name starts with a letter or underscore", () => {
    const names = createToolNameMap(geminiRule, ['1password_lookup', 'Read']);
    const backendName = names.toBackend('1password_lookup');
    expect(backendName).toMatch(geminiRule.pattern);
    expect(names.toClient(backendName)).toBe('1password_lookup');
    expect(names.toBackend('Read')).toBe('Read');
  });

  it('passes unknown backend names through unchanged', () => {
    expect(createToolNameMap(openaiRule, ['Bash']).toClient('Unlisted')).toBe('Unlisted');
  });

  it('maps a history-only name (a tool no longer offered) the same way as a listed one', () => {
    const listed = createToolNameMap(openaiRule, [longMcpName]).toBackend(longMcpName);
    expect(createToolNameMap(openaiRule, []).toBackend(longMcpName)).toBe(listed);
  });

  it('always yields names the rule accepts, reversible and distinct for distinct tools', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 128 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(openaiRule, geminiRule),
        (clientNames, rule) => {
          const names = createToolNameMap(rule, clientNames);
          const backendNames = clientNames.map((name) => names.toBackend(name));
          for (const [index, backendName] of backendNames.entries()) {
            expect(backendName.length).toBeLessThanOrEqual(rule.maxLength);
            expect(backendName).toMatch(rule.pattern);
            expect(names.toClient(backendName)).toBe(clientNames[index]);
          }
          expect(new Set(backendNames).size).toBe(clientNames.length);
        },
      ),
    );
  });
});
