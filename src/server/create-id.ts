import { randomFillSync } from 'node:crypto';

const BASE62 = Buffer.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 'latin1');
const ID_LENGTH = 24;
/** The longest prefix an id may have; the ones in use are a few characters (`req_`, `toolu_`). */
const MAX_PREFIX_LENGTH = 32;

/**
 * Random bytes drawn from the system in batches: a request takes two or three ids, and one
 * call into the CSPRNG per id was 3% of a small request's CPU. The bytes are as random as
 * before; each is used once.
 */
const pool = Buffer.alloc(ID_LENGTH * 256);
let offset = pool.length;
/** Where an id's characters are put together before they become one string. */
const scratch = Buffer.alloc(MAX_PREFIX_LENGTH + ID_LENGTH);

/**
 * `prefix` + 24 random base62 characters, the shape of Anthropic's msg_, toolu_ and req_ ids.
 *
 * The characters are written into bytes and read back as one string: adding them to a string
 * one by one made V8 build a chain of two dozen partial strings per id, which every reader of
 * the id (a Map's hash, a header, a log line) first had to copy into a flat one.
 */
export function createId(prefix: string): string {
  if (prefix.length > MAX_PREFIX_LENGTH) throw new RangeError(`id prefix longer than ${MAX_PREFIX_LENGTH}`);
  if (offset + ID_LENGTH > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = scratch.write(prefix, 0, 'latin1');
  for (let index = 0; index < ID_LENGTH; index++)
    scratch[start + index] = BASE62[pool[offset + index]! % 62]!;
  offset += ID_LENGTH;
  return scratch.toString('latin1', 0, start + ID_LENGTH);
}
