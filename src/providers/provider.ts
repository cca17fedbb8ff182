import type { CooldownPolicy, ProviderConfig } from '../config/config.js';
import type { Dialect, DialectName } from '../dialects/dialect.js';
import { type DialectSelection, selectDialect } from '../dialects/select-dialect.js';
import { createProviderHealth, type ProviderHealth } from '../dispatch/provider-health.js';
import { createReasoningMemory, type ReasoningMemory } from '../server/reasoning-memory.js';
import { createUpstreamClient, type UpstreamClient } from '../upstream/create-upstream-client.js';

/**
 * One backend the proxy can send a request to: its settings, the dialect its requests are
 * shaped for, its connection pool, its health, and the reasoning it must be given back.
 * Everything here belongs to this provider alone; nothing is shared between providers.
 */
export interface Provider {
  readonly name: string;
  readonly config: ProviderConfig;
  readonly dialect: Dialect;
  /** How the dialect was chosen, for the banner, GET / and `config check`. */
  readonly dialectReason: DialectSelection['reason'];
  readonly upstream: UpstreamClient;
  readonly health: ProviderHealth;
  /** Reasoning behind this provider's recent tool calls; undefined when its dialect needs none back. */
  readonly reasoningMemory: ReasoningMemory | undefined;
}

/** `serverSays`: the dialect the backend named when asked at start-up (see detect-server-dialects.ts). */
export function createProvider(
  config: ProviderConfig,
  cooldown: CooldownPolicy,
  serverSays?: DialectName,
): Provider {
  const { dialect, reason } = selectDialect(config.backend.displayUrl, config.dialect, serverSays);
  return {
    name: config.name,
    config,
    dialect,
    dialectReason: reason,
    upstream: createUpstreamClient(config),
    health: createProviderHealth({ cooldown, maxConcurrency: config.maxConcurrency }),
    reasoningMemory: needsReasoningBack(dialect) ? createReasoningMemory() : undefined,
  };
}

/** Backends that want reasoning or thought signatures back with the tool calls they made. */
function needsReasoningBack(dialect: Dialect): boolean {
  return dialect.reasoning.history !== 'drop' || dialect.toolCallThoughtSignatures;
}
