import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks a presented key against the configured ones in constant time. Both sides are
 * hashed first so the comparison always runs over 32 bytes: neither a key's length nor the
 * position of the first differing character shows in the response time. Every configured
 * key is compared, so which one matched (or how many exist) does not show either.
 */
export function createKeyMatcher(keys: readonly string[]): (presented: string | undefined) => boolean {
  const digests = keys.map(digest);
  return (presented) => {
    if (presented === undefined || presented.length === 0) return false;
    const candidate = digest(presented);
    let matched = false;
    for (const expected of digests) matched = timingSafeEqual(candidate, expected) || matched;
    return matched;
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
