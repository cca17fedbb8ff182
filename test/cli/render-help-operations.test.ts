import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../src/cli/render-help.js';

describe('renderHelp', () => {
  it.each([
    'INFINIPROXY_CONFIG',
    'PROXY_API_KEY',
    'ALLOW_UNAUTHENTICATED',
    'BODY_LIMIT_MB',
    'LOG_FORMAT',
    'SHUTDOWN_GRACE_SECONDS',
    'THINK_TAGS',
    'INSPECTOR',
    'INSPECTOR_MAX_EXCHANGES',
    'INSPECTOR_MAX_BODY_KB',
  ])('lists %s among the settings', (variable) => {
    expect(renderHelp()).toContain(`  ${variable} `);
  });

  it('starts every description of a section, continuation lines included, in one column', () => {
    const sections = renderHelp().split('\n\n');
    for (const title of ['Options:', 'Commands:', 'Configuration (environment or .env):']) {
      const section = sections.find((text) => text.startsWith(title));
      expect(section, title).toBeDefined();
      const lines = section!
        .split('\n')
        .slice(1)
        .filter((line) => line.length > 0);
      const column = /^ {2}\S+(?: \S+)* {2,}/.exec(lines[0]!)![0].length;
      for (const line of lines) {
        expect(line.slice(0, column).trimEnd().length < column - 1, line).toBe(true);
        expect(line[column], line).toMatch(/\S/);
      }
    }
  });
});
