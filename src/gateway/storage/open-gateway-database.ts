import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { gatewayMigrations } from './gateway-migrations.js';
import type { GatewayTables } from './gateway-tables.js';

export type DatabaseLocation = { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };

export interface GatewayDatabase {
  db: Kysely<GatewayTables>;
  kind: DatabaseLocation['kind'];
  /** Where it is, without credentials, for banners and errors. */
  description: string;
  close(): Promise<void>;
}

/** pg's type id for int8: counts and bigint columns, which pg returns as strings by default. */
const INT8_OID = 20;
/** pg's type id for numeric: what SUM over a bigint column returns. */
const NUMERIC_OID = 1700;

/**
 * Opens the database (creating the SQLite file and its folder on first use) and brings its
 * schema up to date. Several instances starting at once against PostgreSQL are safe: Kysely's
 * migrator takes an advisory lock there.
 */
export async function openGatewayDatabase(location: DatabaseLocation): Promise<GatewayDatabase> {
  const db = location.kind === 'postgres' ? openPostgres(location.url) : openSqlite(location.file);
  try {
    const { error, results } = await new Migrator({
      db,
      provider: gatewayMigrations,
      migrationTableName: 'infiniproxy_migrations',
      migrationLockTableName: 'infiniproxy_migrations_lock',
    }).migrateToLatest();
    if (error) {
      const failed = results?.find((result) => result.status === 'Error')?.migrationName;
      throw new Error(`Could not update the gateway database${failed ? ` (migration ${failed})` : ''}`, {
        cause: error,
      });
    }
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return {
    db,
    kind: location.kind,
    description: location.kind === 'postgres' ? describePostgresUrl(location.url) : location.file,
    close: () => db.destroy(),
  };
}

function openSqlite(file: string): Kysely<GatewayTables> {
  mkdirSync(dirname(file), { recursive: true });
  const database = new Database(file);
  // WAL lets `infiniproxy usage` read while the proxy writes; NORMAL sync is durable across a process crash.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  return new Kysely<GatewayTables>({ dialect: new SqliteDialect({ database }) });
}

function openPostgres(url: string): Kysely<GatewayTables> {
  const toNumber = (text: string) => Number(text);
  const pool = new pg.Pool({
    connectionString: url,
    max: 5,
    // Millisecond timestamps and token sums fit a double exactly; strings would leak into every caller.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? toNumber
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the proxy; the next query reconnects.
  pool.on('error', () => undefined);
  return new Kysely<GatewayTables>({ dialect: new PostgresDialect({ pool }) });
}

/** postgres://user:secret@host:5432/db → postgres://host:5432/db */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'postgres (unparsable URL)';
  }
}
