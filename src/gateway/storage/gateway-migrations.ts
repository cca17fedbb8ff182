import type { Kysely, Migration, MigrationProvider } from 'kysely';

/**
 * Every schema change, in order, written once for both SQLite and PostgreSQL: only column
 * types both accept (text, integer, bigint, double precision) and no dialect-only features.
 * Names sort in the order they must run; never edit one that has shipped, add the next.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001_virtual_keys_and_ledger': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('virtual_keys')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('key_hash', 'text', (column) => column.notNull().unique())
        .addColumn('key_prefix', 'text', (column) => column.notNull())
        .addColumn('models', 'text')
        .addColumn('budget_usd', 'double precision')
        .addColumn('budget_period', 'text')
        .addColumn('rpm', 'integer')
        .addColumn('tpm', 'integer')
        .addColumn('max_streams', 'integer')
        .addColumn('expires_at', 'bigint')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('rotated_at', 'bigint')
        .execute();
      await db.schema.createIndex('virtual_keys_name').on('virtual_keys').column('name').execute();

      await db.schema
        .createTable('ledger')
        .addColumn('request_id', 'text', (column) => column.primaryKey())
        .addColumn('time', 'bigint', (column) => column.notNull())
        .addColumn('key_id', 'text')
        .addColumn('key_name', 'text')
        .addColumn('client_model', 'text')
        .addColumn('route', 'text')
        .addColumn('provider', 'text')
        .addColumn('backend_model', 'text')
        .addColumn('stream', 'integer', (column) => column.notNull())
        .addColumn('status', 'integer', (column) => column.notNull())
        .addColumn('error_type', 'text')
        .addColumn('attempts', 'integer', (column) => column.notNull())
        .addColumn('input_tokens', 'bigint', (column) => column.notNull())
        .addColumn('output_tokens', 'bigint', (column) => column.notNull())
        .addColumn('cache_read_tokens', 'bigint', (column) => column.notNull())
        .addColumn('cache_write_tokens', 'bigint', (column) => column.notNull())
        .addColumn('reasoning_tokens', 'bigint', (column) => column.notNull())
        .addColumn('cost_usd', 'double precision', (column) => column.notNull())
        .addColumn('latency_ms', 'integer', (column) => column.notNull())
        .addColumn('ttft_ms', 'integer')
        .execute();
      await db.schema.createIndex('ledger_time').on('ledger').column('time').execute();
      await db.schema.createIndex('ledger_key_time').on('ledger').columns(['key_id', 'time']).execute();
    },
  },
};

/** The migrations above, handed to Kysely's Migrator without reading a folder at run time. */
export const gatewayMigrations: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
