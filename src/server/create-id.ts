import { randomFillSync } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 24;

/**
 * Random bytes drawn from the system in batches: a request takes two or three ids, and one
 * call into the CSPRNG per id was 3% of a small request's CPU. The bytes are as random as
 * before; each is used once.
 */
const pool = Buffer.alloc(ID_LENGTH * 256);
let offset = pool.length;

/** `prefix` + 24 random base62 characters, the shape of Anthropic's msg_, toolu_ and req_ ids. */
export function createId(prefix: string): string {
  if (offset + ID_LENGTH > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  let id = prefix;
  for (let index = offset; index < offset + ID_LENGTH; index++) id += BASE62[pool[index]! % 62];
  offset += ID_LENGTH;
  return id;
}
