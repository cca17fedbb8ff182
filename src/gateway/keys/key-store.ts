import type { Kysely, Selectable } from 'kysely';
import type { GatewayTables, VirtualKeyTable } from '../storage/gateway-tables.js';
import { generateKey, generateKeyId, hashKey } from './generate-key.js';
import { BUDGET_PERIODS, type BudgetPeriod, type KeySettings, type VirtualKey } from './virtual-key.js';

/** A key operation the caller got wrong (a name taken, a key not found): a 4xx, never a 5xx. */
export class KeyStoreError extends Error {
  constructor(
    readonly reason: 'not_found' | 'name_taken',
    message: string,
  ) {
    super(message);
    this.name = 'KeyStoreError';
  }
}

export interface CreatedKey {
  key: VirtualKey;
  /** The only time the secret exists outside the client: print it once. */
  secret: string;
}

export interface KeyStore {
  create(settings: KeySettings): Promise<CreatedKey>;
  list(): Promise<VirtualKey[]>;
  /** By id, or by the name of the key that is not revoked. */
  find(nameOrId: string): Promise<VirtualKey | undefined>;
  findBySecret(secret: string): Promise<VirtualKey | undefined>;
  revoke(nameOrId: string): Promise<VirtualKey>;
  /** A new secret for the same key (same id, name, limits and usage); the old secret stops working. */
  rotate(nameOrId: string): Promise<CreatedKey>;
}

export function createKeyStore(db: Kysely<GatewayTables>, now: () => number = Date.now): KeyStore {
  const findRow = async (nameOrId: string) => {
    const byId = await db
      .selectFrom('virtual_keys')
      .selectAll()
      .where('id', '=', nameOrId)
      .executeTakeFirst();
    if (byId) return byId;
    return db
      .selectFrom('virtual_keys')
      .selectAll()
      .where('name', '=', nameOrId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  };
  const mustFind = async (nameOrId: string) => {
    const row = await findRow(nameOrId);
    if (!row) throw new KeyStoreError('not_found', `No key named or with id ${JSON.stringify(nameOrId)}`);
    return row;
  };

  return {
    async create(settings) {
      const taken = await db
        .selectFrom('virtual_keys')
        .select('id')
        .where('name', '=', settings.name)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (taken) {
        throw new KeyStoreError(
          'name_taken',
          `A key named ${JSON.stringify(settings.name)} already exists (${taken.id}); revoke it or rotate it instead`,
        );
      }
      const generated = generateKey();
      const createdAt = now();
      const row: VirtualKeyTable = {
        id: generateKeyId(),
        name: settings.name,
        key_hash: generated.hash,
        key_prefix: generated.prefix,
        models: settings.models ? JSON.stringify(settings.models) : null,
        budget_usd: settings.budget_usd ?? null,
        // A budget without a period is a monthly one, the way most bills run.
        budget_period: settings.budget_usd === undefined ? null : (settings.budget_period ?? 'month'),
        rpm: settings.rpm ?? null,
        tpm: settings.tpm ?? null,
        max_streams: settings.max_streams ?? null,
        expires_at: settings.expires_in_ms === undefined ? null : createdAt + settings.expires_in_ms,
        created_at: createdAt,
        revoked_at: null,
        rotated_at: null,
      };
      await db.insertInto('virtual_keys').values(row).execute();
      return { key: toVirtualKey(row), secret: generated.secret };
    },
    async list() {
      const rows = await db
        .selectFrom('virtual_keys')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toVirtualKey);
    },
    async find(nameOrId) {
      const row = await findRow(nameOrId);
      return row ? toVirtualKey(row) : undefined;
    },
    async findBySecret(secret) {
      const row = await db
        .selectFrom('virtual_keys')
        .selectAll()
        .where('key_hash', '=', hashKey(secret))
        .executeTakeFirst();
      return row ? toVirtualKey(row) : undefined;
    },
    async revoke(nameOrId) {
      const row = await mustFind(nameOrId);
      if (row.revoked_at !== null) return toVirtualKey(row);
      const revokedAt = now();
      await db.updateTable('virtual_keys').set({ revoked_at: revokedAt }).where('id', '=', row.id).execute();
      return toVirtualKey({ ...row, revoked_at: revokedAt });
    },
    async rotate(nameOrId) {
      const row = await mustFind(nameOrId);
      if (row.revoked_at !== null) {
        throw new KeyStoreError('not_found', `Key ${row.id} is revoked; create a new one instead`);
      }
      const generated = generateKey();
      const rotatedAt = now();
      await db
        .updateTable('virtual_keys')
        .set({ key_hash: generated.hash, key_prefix: generated.prefix, rotated_at: rotatedAt })
        .where('id', '=', row.id)
        .execute();
      return {
        key: toVirtualKey({
          ...row,
          key_hash: generated.hash,
          key_prefix: generated.prefix,
          rotated_at: rotatedAt,
        }),
        secret: generated.secret,
      };
    },
  };
}

function toVirtualKey(row: Selectable<VirtualKeyTable>): VirtualKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.key_prefix,
    models: row.models === null ? undefined : (JSON.parse(row.models) as string[]),
    budgetUsd: row.budget_usd ?? undefined,
    budgetPeriod: isBudgetPeriod(row.budget_period) ? row.budget_period : undefined,
    rpm: row.rpm ?? undefined,
    tpm: row.tpm ?? undefined,
    maxStreams: row.max_streams ?? undefined,
    expiresAt: optionalNumber(row.expires_at),
    createdAt: Number(row.created_at),
    revokedAt: optionalNumber(row.revoked_at),
    rotatedAt: optionalNumber(row.rotated_at),
  };
}

function isBudgetPeriod(value: string | null): value is BudgetPeriod {
  return (BUDGET_PERIODS as readonly (string | null)[]).includes(value);
}

function optionalNumber(value: number | null): number | undefined {
  return value === null ? undefined : Number(value);
}
