import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import type { ModelPrice, TeamGatewaySettings } from '../config/config.js';
import type { RequestFacts } from '../server/app-context.js';
import type { SharedReasoningStore } from '../server/reasoning-memory.js';
import { KeyRefusedError } from './gateway-errors.js';
import { createKeyCache, type KeyCache } from './keys/create-key-cache.js';
import { createKeyStore, type KeyStore } from './keys/key-store.js';
import type { VirtualKey } from './keys/virtual-key.js';
import { createLedgerWriter, type LedgerWriter } from './ledger/create-ledger-writer.js';
import { costNano, findPrice, NANO_USD_PER_USD } from './ledger/price-usage.js';
import { queryUsage, sumKeySpendNano, type UsageQuery, type UsageRow } from './ledger/query-usage.js';
import { type Admission, admitRequest, releaseAdmission } from './limits/admit-request.js';
import { createMemoryCounters } from './limits/create-memory-counters.js';
import { createRedisCounters } from './limits/create-redis-counters.js';
import type { LimitCounters } from './limits/limit-counters.js';
import { connectRedis } from './shared/connect-redis.js';
import {
  createRedisCooldowns,
  createRedisReasoningStore,
  type SharedCooldowns,
} from './shared/create-redis-shared-state.js';
import { type GatewayDatabase, openGatewayDatabase } from './storage/open-gateway-database.js';
import { sqliteFileIn } from './storage/resolve-database-location.js';

export interface TeamGatewayOptions {
  /** How long a key lookup is trusted: a revocation reaches every instance within it. */
  keyCacheMs?: number;
  ledgerFlushMs?: number;
  ledgerMaxBatch?: number;
  /** Prefix of every Redis key, so several deployments (or tests) can share one server. */
  redisPrefix?: string;
  /** Where failures off the request path (a ledger batch the database refused) are reported. */
  log?: (message: string, details: Record<string, unknown>) => void;
}

/** What the end of a request tells the gateway. */
export interface FinishedRequest {
  id: string;
  facts: RequestFacts;
  status: number;
  latencyMs: number;
  errorType: string | null;
  pricing: Readonly<Record<string, ModelPrice>>;
  /** The admission made for it, when it was made with a virtual key that got that far. */
  admission: Admission | undefined;
}

export interface TeamGateway {
  database: GatewayDatabase;
  keys: KeyStore;
  ledger: LedgerWriter;
  counters: LimitCounters;
  /** The Redis connection of the shared stores; undefined without REDIS_URL. */
  redis: Redis | undefined;
  /** Reasoning memory and cooldowns shared through Redis; undefined without REDIS_URL. */
  shared: { reasoning: SharedReasoningStore; cooldowns: SharedCooldowns } | undefined;
  adminApiKey: string | undefined;
  /** The key for a presented secret; throws KeyRefusedError when it is revoked or expired. */
  authenticate(secret: string): Promise<VirtualKey | undefined>;
  admit(input: Omit<Parameters<typeof admitRequest>[1], 'seedSpend' | 'now'>): Promise<Admission>;
  /** Writes the ledger row, settles the budget and frees the slot; never throws. */
  finish(request: FinishedRequest): void;
  registerMetrics(registry: Registry): void;
  /** Totals from the ledger (the admin API's usage route). */
  queryUsage(query: UsageQuery): Promise<UsageRow[]>;
  /** Waits for settlements in flight, flushes the ledger, closes the database and Redis. */
  close(): Promise<void>;
}

/** Distinct key names labelled in /metrics at most; the rest are counted as "other". */
const MAX_KEY_LABELS = 200;

/** Opens the database (and Redis when configured) and assembles keys, limits and the ledger. */
export async function createTeamGateway(
  settings: TeamGatewaySettings,
  options: TeamGatewayOptions = {},
): Promise<TeamGateway> {
  const database = await openDatabaseFor(settings);
  const log = options.log ?? (() => undefined);
  const redis = settings.redisUrl ? connectRedis(settings.redisUrl) : undefined;
  const prefix = options.redisPrefix ?? 'infiniproxy:';
  const counters = redis ? createRedisCounters(redis, prefix) : createMemoryCounters();
  const shared = redis
    ? { reasoning: createRedisReasoningStore(redis, prefix), cooldowns: createRedisCooldowns(redis, prefix) }
    : undefined;
  const keys = createKeyStore(database.db);
  const keyCache: KeyCache = createKeyCache({
    load: (secret) => keys.findBySecret(secret),
    ttlMs: options.keyCacheMs ?? 500,
  });
  const ledger = createLedgerWriter({
    db: database.db,
    flushIntervalMs: options.ledgerFlushMs ?? 1000,
    maxBatch: options.ledgerMaxBatch ?? 500,
    onError: (error, rows) =>
      log('ledger batch not written; kept for the next one', { rows, error: describeError(error) }),
  });
  const settling = new Set<Promise<void>>();
  const labelled = new Set<string>();
  let keyTokens: Counter<'key' | 'direction'> | undefined;
  let keyCost: Counter<'key'> | undefined;
  const label = (name: string) => {
    if (labelled.has(name)) return name;
    if (labelled.size >= MAX_KEY_LABELS) return 'other';
    labelled.add(name);
    return name;
  };

  return {
    database,
    keys,
    ledger,
    counters,
    redis,
    shared,
    adminApiKey: settings.adminApiKey,
    async authenticate(secret) {
      const key = await keyCache.lookup(secret);
      if (!key) return undefined;
      if (key.revokedAt !== undefined) {
        throw new KeyRefusedError(
          'revoked',
          'authentication_error',
          `Key ${key.name} was revoked at ${new Date(key.revokedAt).toISOString()}`,
        );
      }
      if (key.expiresAt !== undefined && key.expiresAt <= Date.now()) {
        throw new KeyRefusedError(
          'expired',
          'authentication_error',
          `Key ${key.name} expired at ${new Date(key.expiresAt).toISOString()}`,
        );
      }
      return key;
    },
    admit: (input) =>
      admitRequest(counters, {
        ...input,
        now: Date.now(),
        seedSpend: async (keyId, since) => {
          // Rows still queued here count too, so a restart in the middle of a burst does not forget them.
          await ledger.flush().catch(() => undefined);
          return sumKeySpendNano(database.db, keyId, since);
        },
      }),
    finish(request) {
      const { facts } = request;
      const price = findPrice(request.pricing, facts.provider, facts.backendModel);
      const usage = {
        inputTokens: facts.inputTokens ?? 0,
        outputTokens: facts.outputTokens ?? 0,
        cacheReadTokens: facts.cacheReadTokens ?? 0,
        cacheWriteTokens: facts.cacheWriteTokens ?? 0,
      };
      const cost = costNano(price, usage);
      ledger.add({
        request_id: request.id,
        time: Date.now(),
        key_id: facts.key?.id ?? null,
        key_name: facts.key?.name ?? null,
        client_model: facts.clientModel,
        route: facts.route,
        provider: facts.provider,
        backend_model: facts.backendModel,
        stream: facts.stream ? 1 : 0,
        status: request.status,
        error_type: request.errorType,
        attempts: facts.attempts.length,
        input_tokens: usage.inputTokens,
        output_tokens: usage.outputTokens,
        cache_read_tokens: usage.cacheReadTokens,
        cache_write_tokens: usage.cacheWriteTokens,
        reasoning_tokens: facts.reasoningTokens ?? 0,
        cost_usd: cost / NANO_USD_PER_USD,
        latency_ms: request.latencyMs,
        ttft_ms: facts.timeToFirstTokenMs,
      });
      if (facts.key) {
        const name = label(facts.key.name);
        keyTokens?.inc(
          { key: name, direction: 'input' },
          usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens,
        );
        keyTokens?.inc({ key: name, direction: 'output' }, usage.outputTokens);
        keyCost?.inc({ key: name }, cost / NANO_USD_PER_USD);
      }
      const { admission } = request;
      if (!admission) return;
      const work = Promise.all([
        releaseAdmission(counters, admission, cost),
        admission.key.tpm === undefined
          ? undefined
          : counters.addToWindow(`tpm:${admission.key.id}`, usage.inputTokens + usage.outputTokens, 60_000),
      ]).then(
        () => undefined,
        (error: unknown) => log('could not settle a key\u2019s limits', { error: describeError(error) }),
      );
      settling.add(work);
      void work.finally(() => settling.delete(work));
    },
    queryUsage: (query) => queryUsage(database.db, query),
    registerMetrics(registry) {
      keyTokens = new Counter({
        name: 'infiniproxy_key_tokens_total',
        help: `Tokens by virtual key (input includes cache reads and writes); past ${MAX_KEY_LABELS} keys counted as "other"`,
        labelNames: ['key', 'direction'] as const,
        registers: [registry],
      });
      keyCost = new Counter({
        name: 'infiniproxy_key_cost_usd_total',
        help: 'Cost in USD by virtual key, from the pricing table',
        labelNames: ['key'] as const,
        registers: [registry],
      });
    },
    async close() {
      await Promise.all(settling);
      await ledger.close().catch((error: unknown) =>
        log('ledger rows lost at shutdown: the database refused them', {
          rows: ledger.pending,
          error: describeError(error),
        }),
      );
      await database.close();
      await shared?.cooldowns.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The database the settings name: PostgreSQL with DATABASE_URL, else the SQLite file in the data directory. */
export function openDatabaseFor(
  settings: Pick<TeamGatewaySettings, 'databaseUrl' | 'dataDir'>,
): Promise<GatewayDatabase> {
  if (settings.databaseUrl) return openGatewayDatabase({ kind: 'postgres', url: settings.databaseUrl });
  if (!settings.dataDir) {
    throw new Error(
      'No place for the gateway database: set DATABASE_URL, INFINIPROXY_DATA_DIR, XDG_DATA_HOME or HOME',
    );
  }
  return openGatewayDatabase({ kind: 'sqlite', file: sqliteFileIn(settings.dataDir) });
}

/** A failure's kind and message only: a connection string could hide in a stack trace. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
