import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../src/cli/render-help.js';

describe('renderHelp', () => {
  it.each([
    'PROXY_API_KEY',
    'ALLOW_UNAUTHENTICATED',
    'BODY_LIMIT_MB',
    'LOG_FORMAT',
    'SHUTDOWN_GRACE_SECONDS',
    'THINK_TAGS',
  ])('lists %s among the settings', (variable) => {
    expect(renderHelp()).toContain(`  ${variable} `);
  });
});
