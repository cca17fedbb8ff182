import type { ModelInfo, ModelLine } from '@anthropic-ai/sdk/resources/models';
import { CLAUDE_MODEL_IDS } from './claude-model-ids.js';
import { findBackendModel, isClaudeModel, type ModelMapping } from './resolve-model.js';

/** Anthropic's model object plus the backend model requests for it are sent to. */
export interface ModelEntry extends ModelInfo {
  backend_model: string;
}

/** Anthropic's documented value for an unknown release date. */
const UNKNOWN_RELEASE = '1970-01-01T00:00:00Z';
const DATE_SUFFIX = /-(\d{4})(\d{2})(\d{2})$/;
const LINE_IN_NAME = /(?:^|[-_.])(opus|sonnet|haiku|fable|mythos)(?=$|[-_.\d])/i;

/**
 * What GET /v1/models lists: every known Claude id that has a backend model configured for
 * it, then each configured backend model under its own name (which clients may also ask for).
 */
export function buildModelCatalog(mapping: ModelMapping): ModelEntry[] {
  const entries: ModelEntry[] = [];
  for (const id of CLAUDE_MODEL_IDS) {
    const entry = describeModel(mapping, id);
    if (entry) entries.push(entry);
  }
  const backendModels = new Set(
    [
      mapping.model,
      mapping.familyModels.opus,
      mapping.familyModels.sonnet,
      mapping.familyModels.haiku,
    ].filter((model): model is string => model !== undefined),
  );
  const listed = new Set(entries.map((entry) => entry.id));
  for (const model of backendModels) if (!listed.has(model)) entries.push(backendEntry(model));
  return entries;
}

/** The entry for one Claude name, or undefined when no backend model is configured for it. */
export function describeModel(mapping: ModelMapping, id: string): ModelEntry | undefined {
  if (!isClaudeModel(id)) return undefined;
  const backendModel = findBackendModel(mapping, id);
  if (backendModel === undefined) return undefined;
  return {
    ...baseEntry(id, backendModel),
    display_name: `${displayName(id)} via ${backendModel}`,
    created_at: releaseDate(id),
    line: readLine(id),
  };
}

function backendEntry(model: string): ModelEntry {
  return baseEntry(model, model);
}

function baseEntry(id: string, backendModel: string): ModelEntry {
  return {
    type: 'model',
    id,
    display_name: id,
    created_at: UNKNOWN_RELEASE,
    capabilities: null,
    deprecated_at: null,
    lifecycle: 'active',
    line: null,
    max_input_tokens: null,
    max_tokens: null,
    retires_at: null,
    backend_model: backendModel,
  };
}

/** "claude-opus-4-5-20251101" → "Claude Opus 4.5": words capitalised, version numbers joined with dots. */
function displayName(id: string): string {
  const words: string[] = [];
  let version: string[] = [];
  for (const part of id.replace(DATE_SUFFIX, '').split('-')) {
    if (/^\d+$/.test(part)) {
      version.push(part);
      continue;
    }
    if (version.length > 0) words.push(version.join('.'));
    version = [];
    words.push(part.charAt(0).toUpperCase() + part.slice(1));
  }
  if (version.length > 0) words.push(version.join('.'));
  return words.join(' ');
}

/** From the id's date suffix, or from the dated id it is an alias of (claude-haiku-4-5 → claude-haiku-4-5-20251001). */
function releaseDate(id: string): string {
  const dated = DATE_SUFFIX.test(id)
    ? id
    : CLAUDE_MODEL_IDS.find((other) => DATE_SUFFIX.test(other) && other.startsWith(`${id}-`));
  const match = dated ? DATE_SUFFIX.exec(dated) : null;
  return match ? `${match[1]}-${match[2]}-${match[3]}T00:00:00Z` : UNKNOWN_RELEASE;
}

function readLine(id: string): ModelLine | null {
  const match = LINE_IN_NAME.exec(id);
  return match ? (match[1]!.toLowerCase() as ModelLine) : null;
}
