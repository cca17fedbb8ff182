import type { CooldownPolicy, ProtocolName, ProviderConfig } from '../config/config.js';
import type { Dialect, DialectName } from '../dialects/dialect.js';
import { type DialectSelection, selectDialect } from '../dialects/select-dialect.js';
import { createProviderHealth, type ProviderHealth } from '../dispatch/provider-health.js';
import { createModelFactsStore, type ModelFactsStore } from '../models/create-model-facts-store.js';
import { createReasoningMemory, type ReasoningMemory } from '../server/reasoning-memory.js';
import { createUpstreamClient, type UpstreamClient } from '../upstream/create-upstream-client.js';
import { selectAnthropicEndpoint } from './anthropic/anthropic-endpoints.js';
import { type ProtocolSelection, selectProtocol } from './select-protocol.js';

/**
 * One backend the proxy can send a request to: its settings, the dialect its requests are
 * shaped for, its connection pool, its health, and the reasoning it must be given back.
 * Everything here belongs to this provider alone; nothing is shared between providers.
 */
export interface Provider {
  readonly name: string;
  readonly config: ProviderConfig;
  /** The wire protocol its requests are sent in; see send-to-provider.ts. */
  readonly protocol: ProtocolName;
  /** How the protocol was chosen, for the banner and `config check`. */
  readonly protocolReason: ProtocolSelection['reason'];
  readonly dialect: Dialect;
  /** How the dialect was chosen, for the banner, GET / and `config check`. */
  readonly dialectReason: DialectSelection['reason'];
  readonly upstream: UpstreamClient;
  readonly health: ProviderHealth;
  /** Reasoning behind this provider's recent tool calls; undefined when its dialect needs none back. */
  readonly reasoningMemory: ReasoningMemory | undefined;
  /** What is known of the provider's models (window, output cap, vision, tools, reasoning). */
  readonly modelFacts: ModelFactsStore;
}

/** `serverSays`: the dialect the backend named when asked at start-up (see detect-server-dialects.ts). */
export function createProvider(
  config: ProviderConfig,
  cooldown: CooldownPolicy,
  serverSays?: DialectName,
): Provider {
  const { dialect, reason } = selectDialect(config.backend.displayUrl, config.dialect, serverSays);
  const { protocol, reason: protocolReason } = selectProtocol(config.backend, config.protocol);
  const upstream = createUpstreamClient(config, undefined, { auth: authHeaderOf(config, protocol) });
  return {
    name: config.name,
    config,
    protocol,
    protocolReason,
    dialect,
    dialectReason: reason,
    upstream,
    modelFacts: createModelFactsStore({ config, dialect, upstream }),
    health: createProviderHealth({ cooldown, maxConcurrency: config.maxConcurrency }),
    // Only Chat Completions backends lose reasoning a client drops; the other protocols carry it in their own blocks.
    reasoningMemory: protocol === 'chat' && needsReasoningBack(dialect) ? createReasoningMemory() : undefined,
  };
}

/** Backends that want reasoning or thought signatures back with the tool calls they made. */
function needsReasoningBack(dialect: Dialect): boolean {
  return dialect.reasoning.history !== 'drop' || dialect.toolCallThoughtSignatures;
}

/**
 * The header the key goes in: Bearer for the OpenAI protocols; for an Anthropic-compatible
 * endpoint the configured one, else the one its documentation names.
 */
export function authHeaderOf(config: ProviderConfig, protocol: ProtocolName) {
  if (protocol !== 'anthropic') return 'bearer';
  return config.authHeader ?? selectAnthropicEndpoint(config.backend.displayUrl).auth;
}
