/**
 * The serialised JSON of long-lived values the request path sends again and again (a
 * conversation's converted tool list, two thirds of a Claude Code turn), kept beside the
 * value so a body that holds it is serialised without walking it again. A value is frozen,
 * deeply, before its text is kept, so the text can never fall out of step with it.
 */
const knownJson = new WeakMap<object, string>();
/** The same texts as UTF-8, encoded the first time a body holding them is encoded. */
const knownBytes = new WeakMap<object, Buffer>();

/**
 * A stretch of a body that is a known value's bytes: the very Buffer many bodies share (a
 * session's tool list, every turn), so whoever keeps bodies can keep it once.
 */
export interface SharedPart {
  /** Where the stretch starts in the body. */
  at: number;
  bytes: Buffer;
}

/** Freezes `value` deeply and keeps its JSON; returns the value. */
export function rememberJson<Value extends object>(value: Value): Value {
  freezeDeeply(value);
  knownJson.set(value, JSON.stringify(value));
  return value;
}

/** The JSON of a value passed to rememberJson, else undefined. */
export function knownJsonOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? knownJson.get(value) : undefined;
}

/**
 * JSON.stringify(body) as UTF-8 bytes, byte for byte, the form a body is sent in, with the
 * known text of any top-level value taken as it is instead of serialised again. `body` must
 * be a plain object of JSON values (no toJSON, no symbol keys), as request bodies are: each
 * member is then written as JSON.stringify writes it, in the same order, skipping undefined
 * as it does. The known values' bytes are encoded once and copied, so a Claude Code turn
 * encodes only what changed since the last (its messages), not its tool list again. Sent as bytes, the body is also the only
 * copy undici holds while the request runs (given a string, it keeps both the string and
 * the bytes it makes of it).
 */
export function encodeBody(body: Record<string, unknown> | object): Buffer {
  const members = body as Record<string, unknown>;
  // Most bodies hold no known value (no tools): one JSON.stringify writes them whole.
  if (!holdsKnownValue(members)) return Buffer.from(JSON.stringify(body), 'utf8');
  const parts: Array<string | Buffer> = [];
  let length = 0;
  let text = '';
  for (const key of Object.keys(members)) {
    const value = members[key];
    const bytes = knownBytesOf(value);
    const json = bytes === undefined ? JSON.stringify(value) : '';
    if (json === undefined) continue;
    text += `${text === '' && parts.length === 0 ? '{' : ','}${JSON.stringify(key)}:${json}`;
    if (bytes === undefined) continue;
    parts.push(text, bytes);
    length += Buffer.byteLength(text, 'utf8') + bytes.byteLength;
    text = '';
  }
  text += '}';
  parts.push(text);
  length += Buffer.byteLength(text, 'utf8');
  const encoded = Buffer.allocUnsafe(length);
  let at = 0;
  for (const part of parts) {
    if (typeof part === 'string') at += encoded.write(part, at, 'utf8');
    else at += part.copy(encoded, at);
  }
  return encoded;
}

function holdsKnownValue(members: Record<string, unknown>): boolean {
  for (const key in members) if (knownJsonOf(members[key]) !== undefined) return true;
  return false;
}

/**
 * Where a body's top-level tool list starts, as JSON.stringify writes it (what Claude Code,
 * the Anthropic SDKs and encodeBody write). These bytes occur only as a key (in a string the
 * quotes would be escaped), and the first is the top-level one in the usual order; a body
 * written otherwise is simply read the slow way.
 */
export const TOOLS_MEMBER = '"tools":[';

/**
 * Where a known tool list (a list the request parser kept, or a converted list the
 * conversion remembered) stands in a body's bytes, as the very Buffer every body with that
 * list shares; undefined when `tools` is not known or its bytes are not at the body's first
 * `"tools":[`. Checked byte for byte: text decoded from bytes that are not valid UTF-8
 * encodes back to other bytes. Asked only by the inspector, when it keeps a body.
 */
export function knownToolListIn(bytes: Uint8Array, tools: unknown): SharedPart | undefined {
  const list = knownBytesOf(tools);
  if (!list) return undefined;
  const member = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(TOOLS_MEMBER);
  if (member < 0) return undefined;
  const at = member + TOOLS_MEMBER.length - 1;
  if (at + list.byteLength > bytes.byteLength || !list.equals(bytes.subarray(at, at + list.byteLength)))
    return undefined;
  return { at, bytes: list };
}

/** The UTF-8 bytes of a value passed to rememberJson, encoded once and shared; undefined for any other value. */
function knownBytesOf(value: unknown): Buffer | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  let bytes = knownBytes.get(value);
  if (bytes === undefined) {
    const json = knownJson.get(value);
    if (json === undefined) return undefined;
    bytes = Buffer.from(json, 'utf8');
    knownBytes.set(value, bytes);
  }
  return bytes;
}

/** Object.freeze over a value and everything in it. */
export function freezeDeeply(value: object): void {
  Object.freeze(value);
  for (const key of Object.keys(value)) {
    const child: unknown = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) freezeDeeply(child);
  }
}
