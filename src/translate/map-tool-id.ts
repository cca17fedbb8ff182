import { createHash } from 'node:crypto';

const NINE_ALPHANUMERIC = /^[a-zA-Z0-9]{9}$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Mistral accepts only tool call ids of exactly nine letters and digits. Its own ids already
 * are, and pass unchanged; any other id (a `toolu_…` from Anthropic or another backend earlier
 * in the conversation) becomes nine characters of its hash: the same on every turn, so a call
 * and its result always agree without the proxy keeping state.
 */
export function toNineAlphanumericId(id: string): string {
  if (NINE_ALPHANUMERIC.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let result = '';
  for (let index = 0; index < 9; index++) result += BASE62[digest[index]! % BASE62.length];
  return result;
}
