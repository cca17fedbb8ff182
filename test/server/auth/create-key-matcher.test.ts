import { describe, expect, it } from 'vitest';
import { createKeyMatcher } from '../../../src/server/auth/create-key-matcher.js';
import { readPresentedKeys } from '../../../src/server/auth/read-presented-keys.js';

describe('createKeyMatcher', () => {
  const matches = createKeyMatcher(['alpha-key', 'beta-key-longer']);

  it('accepts every configured key', () => {
    expect(matches('alpha-key')).toBe(true);
    expect(matches('beta-key-longer')).toBe(true);
  });

  it.each(['', 'alpha', 'alpha-key ', 'Alpha-key', 'beta-key-longer-still', undefined])(
    'rejects %j',
    (presented) => {
      expect(matches(presented)).toBe(false);
    },
  );

  it('rejects everything when no key is configured', () => {
    expect(createKeyMatcher([])('anything')).toBe(false);
  });
});

describe('readPresentedKeys', () => {
  it('reads x-api-key and a Bearer token, trimmed, case-insensitive on the scheme', () => {
    expect(readPresentedKeys({ 'x-api-key': ' k1 ', authorization: 'bearer  k2' })).toEqual(['k1', 'k2']);
  });

  it('ignores other authorization schemes', () => {
    expect(readPresentedKeys({ authorization: 'Basic abc' })).toEqual([]);
  });
});
