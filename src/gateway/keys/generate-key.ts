import { createHash, randomBytes } from 'node:crypto';

/** Every virtual key starts with this, so leaked keys are recognisable and never mistaken for a backend's. */
export const VIRTUAL_KEY_PREFIX = 'ipk_';

/** Characters of the key kept in the clear for lists: the marker and a few random ones. */
const SHOWN_PREFIX_LENGTH = 10;

export interface GeneratedKey {
  /** Shown once, to the person creating it; never stored. */
  secret: string;
  hash: string;
  prefix: string;
}

/**
 * 32 random bytes: a key that cannot be guessed, so a plain sha256 (no salt, no slow hash)
 * is enough to store it and lets a lookup by hash be one indexed query.
 */
export function generateKey(): GeneratedKey {
  const secret = `${VIRTUAL_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashKey(secret), prefix: secret.slice(0, SHOWN_PREFIX_LENGTH) };
}

export function hashKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function generateKeyId(): string {
  return `key_${randomBytes(9).toString('base64url')}`;
}
