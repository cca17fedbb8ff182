import { createHash } from 'node:crypto';

/**
 * Claude Code's metadata.user_id is a JSON string with device, account and session ids.
 * Backends only need a stable opaque value (OpenAI caps `user` at 64 characters), and the
 * raw ids are nobody else's business, so the proxy sends a SHA-256 of it.
 */
export function hashUserId(userId: string): string {
  return createHash('sha256').update(userId).digest('hex');
}
