import { createHash } from 'node:crypto';
import type { ToolNameRule } from '../dialects/dialect.js';
import { memoizeRecent } from './memoize-recent.js';

export interface ToolNameMap {
  /** The rule names are made to fit; the mapping depends on nothing else. */
  rule?: ToolNameRule;
  /** The name the backend sees for a client tool name. */
  toBackend(name: string): string;
  /** The client's name for a name the backend used; unknown names pass through. */
  toClient(name: string): string;
}

const HASH_LENGTH = 8;

/**
 * Reversible tool names for one request. Anthropic allows names of up to 128 characters;
 * Chat Completions backends allow 64, and Gemini wants a letter or underscore first. A name
 * the backend would refuse becomes its safe prefix plus a hash of the whole name, the same
 * every turn, so history and new calls agree without any state kept between requests.
 */
export function createToolNameMap(rule: ToolNameRule, clientNames: Iterable<string>): ToolNameMap {
  const toClient = new Map<string, string>();
  const toBackend = new Map<string, string>();
  for (const name of clientNames) {
    if (toBackend.has(name)) continue;
    const backendName = fits(name, rule) ? name : shortenName(name, rule);
    toBackend.set(name, backendName);
    if (backendName !== name) toClient.set(backendName, name);
  }
  return {
    rule,
    toBackend: (name) => toBackend.get(name) ?? (fits(name, rule) ? name : shortenName(name, rule)),
    toClient: (name) => toClient.get(name) ?? name,
  };
}

function fits(name: string, rule: ToolNameRule): boolean {
  return name.length > 0 && name.length <= rule.maxLength && rule.pattern.test(name);
}

/**
 * Shortened names by rule: the same long names (MCP tools) come back every turn, and each
 * costs a SHA-256. Anthropic caps tool names at 128 characters; a longer name is not kept.
 */
const shortenersByRule = new WeakMap<ToolNameRule, (name: string) => string>();

function shortenName(name: string, rule: ToolNameRule): string {
  let shorten = shortenersByRule.get(rule);
  if (!shorten) {
    shorten = memoizeRecent((long) => hashShortenedName(long, rule), {
      maxEntries: 4_096,
      maxKeyLength: 256,
    });
    shortenersByRule.set(rule, shorten);
  }
  return shorten(name);
}

function hashShortenedName(name: string, rule: ToolNameRule): string {
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH);
  let safe = name.replace(/[^a-zA-Z0-9_]/g, '_');
  if (!/^[a-zA-Z_]/.test(safe)) safe = `t_${safe}`;
  return `${safe.slice(0, rule.maxLength - HASH_LENGTH - 1)}_${hash}`;
}
