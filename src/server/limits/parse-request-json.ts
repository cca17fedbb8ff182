import { randomBytes } from 'node:crypto';
import { knownJsonOf, rememberJson, TOOLS_MEMBER } from '../../translate/known-json.js';
import { sameJson } from '../../translate/same-json.js';
import { inspectParsedJson, type ParsedJsonProblem } from './inspect-parsed-json.js';

export interface ParsedRequestJson {
  value: unknown;
  /** What the proxy refuses in it; `value` is not to be used then. */
  problem: ParsedJsonProblem;
}

/** Tool lists kept, most recently used first: enough for the sessions a gateway serves. */
const KEPT_LISTS = 8;
/**
 * The longest list text kept (in characters): Claude Code's tools are ~60 KB, several MCP
 * servers make a few hundred; the bound keeps a client from parking 8 × 32 MB in memory.
 */
const LONGEST_KEPT_LIST = 2_000_000;
/**
 * The string parsed in place of a kept tool list: a NUL and 128 random bits drawn at start,
 * which no client can send, so reading it back as the body's `tools` proves it stood exactly
 * where that member's value is.
 */
const STAND_IN = `\u0000tools:${randomBytes(16).toString('hex')}`;
const STAND_IN_JSON = JSON.stringify(STAND_IN);

/** Parsed tool lists, deep-frozen, with their text (known-json.ts), most recently used first. */
const keptLists: unknown[][] = [];
/** After a list could not be kept (its text is not JSON.stringify's), the bodies to skip trying. */
let skipLearning = 0;
let learningBackoff = 1;

/**
 * JSON.parse of a request body plus the check for what the proxy refuses (see
 * inspect-parsed-json.ts). Claude Code sends the same tools, two thirds of its body, every
 * turn; a tool list whose exact text was parsed before is not parsed again: the body is
 * parsed with a stand-in string at its place, and the stand-in, once found to be the body's
 * `tools`, is replaced with the list parsed before (frozen, shared between requests, so the
 * rest of the request path can reuse what it built from it). The result is the same value
 * JSON.parse gives for the whole text; a body that is not valid JSON throws JSON.parse's own
 * error for its whole text.
 */
export function parseRequestJson(text: string, maxDepth: number): ParsedRequestJson {
  const member = text.indexOf(TOOLS_MEMBER);
  // Where the list's `[` is; the first such member is the top-level one in the usual order.
  const listAt = member < 0 ? -1 : member + TOOLS_MEMBER.length - 1;
  if (listAt >= 0) {
    const reused = parseWithKeptList(text, listAt, maxDepth);
    if (reused) return reused;
  }
  const value: unknown = JSON.parse(text);
  const problem = inspectParsedJson(value, maxDepth);
  if (!problem && listAt >= 0) keepToolList(text, listAt, value);
  return { value, problem };
}

function parseWithKeptList(text: string, listAt: number, maxDepth: number): ParsedRequestJson | undefined {
  for (let index = 0; index < keptLists.length; index++) {
    const list = keptLists[index]!;
    const listText = knownJsonOf(list)!;
    if (text.slice(listAt, listAt + listText.length) !== listText) continue;
    let value: unknown;
    try {
      value = JSON.parse(`${text.slice(0, listAt)}${STAND_IN_JSON}${text.slice(listAt + listText.length)}`);
    } catch {
      return undefined;
    }
    if (!isObject(value) || value.tools !== STAND_IN) return undefined;
    // The kept list passed the same check at the same depth when it was kept.
    const problem = inspectParsedJson(value, maxDepth);
    value.tools = list;
    if (index > 0) {
      keptLists.splice(index, 1);
      keptLists.unshift(list);
    }
    return { value, problem };
  }
  return undefined;
}

/**
 * Keeps the body's tool list when the text at `listAt` is exactly its JSON.stringify. What is
 * kept is that text parsed again, so text and value match by construction, and it stands in
 * the body only when it equals what the whole parse gave there.
 */
function keepToolList(text: string, listAt: number, value: unknown): void {
  if (!isObject(value) || !Array.isArray(value.tools) || value.tools.length === 0) return;
  if (skipLearning > 0) {
    skipLearning--;
    return;
  }
  const listText = JSON.stringify(value.tools);
  if (listText.length > LONGEST_KEPT_LIST || text.slice(listAt, listAt + listText.length) !== listText) {
    // Too long, or written some other way (escapes, spacing): stringifying it each turn would
    // cost for nothing.
    skipLearning = learningBackoff;
    learningBackoff = Math.min(learningBackoff * 2, 64);
    return;
  }
  learningBackoff = 1;
  // Already kept, but the body's member was not where its text is (a duplicate member).
  if (keptLists.some((list) => knownJsonOf(list) === listText)) return;
  const kept: unknown = JSON.parse(listText);
  if (!Array.isArray(kept) || !sameJson(kept, value.tools)) return;
  keptLists.unshift(rememberJson(kept));
  value.tools = kept;
  if (keptLists.length > KEPT_LISTS) keptLists.length = KEPT_LISTS;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
