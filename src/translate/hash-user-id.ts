import { createHash } from 'node:crypto';

/** A session sends the same user id every turn; its hash is kept rather than computed each time. */
const recentHashes = new Map<string, string>();
const RECENT_HASHES_KEPT = 1_024;
/** Claude Code's ids are ~150 characters; a longer one is hashed each time rather than kept. */
const LONGEST_KEPT_ID = 1_024;

/**
 * Claude Code's metadata.user_id is a JSON string with device, account and session ids.
 * Backends only need a stable opaque value (OpenAI caps `user` at 64 characters), and the
 * raw ids are nobody else's business, so the proxy sends a SHA-256 of it.
 */
export function hashUserId(userId: string): string {
  if (userId.length > LONGEST_KEPT_ID) return createHash('sha256').update(userId).digest('hex');
  let hashed = recentHashes.get(userId);
  if (hashed === undefined) {
    if (recentHashes.size >= RECENT_HASHES_KEPT) recentHashes.clear();
    hashed = createHash('sha256').update(userId).digest('hex');
    recentHashes.set(userId, hashed);
  }
  return hashed;
}
