import type { ModelInfo, ModelLine } from '@anthropic-ai/sdk/resources/models';
import type { Config } from '../config/config.js';
import { InvalidRequestError } from '../errors.js';
import { CLAUDE_MODEL_IDS } from './claude-model-ids.js';
import { isClaudeModel } from './claude-model-names.js';
import { readRequestTraits } from './read-request-traits.js';
import { selectRoute } from './select-route.js';

/** Anthropic's model object plus the backend model requests for it are sent to. */
export interface ModelEntry extends ModelInfo {
  backend_model: string;
  /** The provider requests for this id go to first. */
  provider: string;
}

type CatalogConfig = Pick<Config, 'routes' | 'providers' | 'source'>;

/** Anthropic's documented value for an unknown release date. */
const UNKNOWN_RELEASE = '1970-01-01T00:00:00Z';
const DATE_SUFFIX = /-(\d{4})(\d{2})(\d{2})$/;
const LINE_IN_NAME = /(?:^|[-_.])(opus|sonnet|haiku|fable|mythos)(?=$|[-_.\d])/i;

/**
 * What GET /v1/models lists: every known Claude id a route serves, the names of
 * `routes.models`, then the backend models themselves, which clients may also ask for:
 * by their own name with an environment-only configuration, as `provider/model` with a
 * config file (every model a provider lists under `models`, and every model a route names).
 */
export function buildModelCatalog(config: CatalogConfig): ModelEntry[] {
  const entries: ModelEntry[] = [];
  const listed = new Set<string>();
  const add = (entry: ModelEntry | undefined) => {
    if (!entry || listed.has(entry.id)) return;
    listed.add(entry.id);
    entries.push(entry);
  };
  for (const id of CLAUDE_MODEL_IDS) add(describeModel(config, id));
  for (const [name, chain] of Object.entries(config.routes.models)) {
    const first = chain[0];
    if (first) add(baseEntry(name, first.provider, first.model ?? name));
  }
  for (const { provider, model } of backendModels(config)) {
    add(
      config.source.kind === 'env'
        ? baseEntry(model, provider, model)
        : baseEntry(`${provider}/${model}`, provider, model),
    );
  }
  return entries;
}

/** The entry for one Claude name, or undefined when no route serves it. */
export function describeModel(config: CatalogConfig, id: string): ModelEntry | undefined {
  if (!isClaudeModel(id)) return undefined;
  const target = firstTarget(config, id);
  if (!target) return undefined;
  return {
    ...baseEntry(id, target.provider, target.model),
    display_name: `${displayName(id)} via ${target.model}`,
    created_at: releaseDate(id),
    line: readLine(id),
  };
}

function firstTarget(config: CatalogConfig, model: string) {
  const traits = readRequestTraits({ model, messages: [] });
  try {
    return selectRoute(config, { traits, countInputTokens: () => 0 }).targets[0];
  } catch (error) {
    if (error instanceof InvalidRequestError) return undefined;
    throw error;
  }
}

/** Every provider/model pair the configuration names, in the order it names them. */
function backendModels(config: CatalogConfig): Array<{ provider: string; model: string }> {
  const pairs: Array<{ provider: string; model: string }> = [];
  const { routes } = config;
  const chains = [
    routes.default,
    routes.families.opus,
    routes.families.sonnet,
    routes.families.haiku,
    routes.thinking,
    routes.image,
    routes.longContext?.chain,
    ...Object.values(routes.models),
  ];
  for (const chain of chains) {
    for (const entry of chain ?? [])
      if (entry.model !== undefined) pairs.push({ provider: entry.provider, model: entry.model });
  }
  for (const provider of config.providers)
    for (const model of provider.models) pairs.push({ provider: provider.name, model });
  return pairs;
}

function baseEntry(id: string, provider: string, backendModel: string): ModelEntry {
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
    provider,
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
