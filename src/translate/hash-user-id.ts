import { createHash } from 'node:crypto';
import { memoizeRecent } from './memoize-recent.js';

/**
 * Claude Code's metadata.user_id is a JSON string with device, account and session ids.
 * Backends only need a stable opaque value (OpenAI caps `user` at 64 characters), and the
 * raw ids are nobody else's business, so the proxy sends a SHA-256 of it. A session sends
 * the same id every turn, so recent hashes are kept; Claude Code's ids are ~150 characters.
 */
export const hashUserId = memoizeRecent((userId) => createHash('sha256').update(userId).digest('hex'), {
  maxEntries: 1_024,
  maxKeyLength: 1_024,
});
