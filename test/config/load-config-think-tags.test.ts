import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

describe('loadConfig THINK_TAGS', () => {
  it('leaves the choice to the dialect when THINK_TAGS is unset or empty', () => {
    expect(loadConfig({}, null).thinkTags).toBeUndefined();
    expect(loadConfig({ THINK_TAGS: ' ' }, null).thinkTags).toBeUndefined();
  });

  it.each([
    ['on', 'on'],
    ['OFF', 'off'],
    [' Open ', 'open'],
  ])('reads THINK_TAGS=%j as %s', (value, expected) => {
    expect(loadConfig({ THINK_TAGS: value }, null).thinkTags).toBe(expected);
  });

  it('stops with one line naming THINK_TAGS and its values for anything else', () => {
    expect(() => loadConfig({ THINK_TAGS: 'yes' }, null)).toThrow(ConfigError);
    expect(() => loadConfig({ THINK_TAGS: 'yes' }, null)).toThrow(
      'Invalid THINK_TAGS="yes": must be on, off or open',
    );
  });
});
