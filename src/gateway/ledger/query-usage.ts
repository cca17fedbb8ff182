import { type Kysely, sql } from 'kysely';
import type { GatewayTables } from '../storage/gateway-tables.js';
import type { UsageGroup } from './usage-groups.js';

export interface UsageQuery {
  by: UsageGroup;
  /** Milliseconds since the epoch; rows at or after it. */
  since: number;
}

export interface UsageRow {
  /** The key's name, `provider/model`, the provider, or the UTC date; `-` for requests without one. */
  group: string;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
}

const DAY_MS = 86_400_000;

/** Totals from the ledger grouped one way, largest cost first (days in order); the same SQL on both databases. */
export async function queryUsage(db: Kysely<GatewayTables>, query: UsageQuery): Promise<UsageRow[]> {
  const group = groupExpression(query.by);
  const rows = await db
    .selectFrom('ledger')
    .select([
      group.as('grp'),
      sql<number>`count(*)`.as('requests'),
      sql<number>`sum(case when status >= 400 then 1 else 0 end)`.as('errors'),
      sql<number>`sum(input_tokens)`.as('input_tokens'),
      sql<number>`sum(output_tokens)`.as('output_tokens'),
      sql<number>`sum(cache_read_tokens)`.as('cache_read_tokens'),
      sql<number>`sum(cache_write_tokens)`.as('cache_write_tokens'),
      sql<number>`sum(reasoning_tokens)`.as('reasoning_tokens'),
      sql<number>`sum(cost_usd)`.as('cost_usd'),
    ])
    .where('time', '>=', query.since)
    .groupBy(group)
    .execute();
  const result = rows.map((row) => ({
    group: describeGroup(query.by, row.grp),
    requests: Number(row.requests),
    errors: Number(row.errors),
    input_tokens: Number(row.input_tokens),
    output_tokens: Number(row.output_tokens),
    cache_read_tokens: Number(row.cache_read_tokens),
    cache_write_tokens: Number(row.cache_write_tokens),
    reasoning_tokens: Number(row.reasoning_tokens),
    // Sums of doubles pick up binary noise; a ledger is read in dollars and cents.
    cost_usd: Math.round(Number(row.cost_usd) * 1e9) / 1e9,
  }));
  return query.by === 'day'
    ? result.sort((a, b) => a.group.localeCompare(b.group))
    : result.sort((a, b) => b.cost_usd - a.cost_usd || b.requests - a.requests);
}

/** The spend of one key since a moment, in nano-USD: what a budget counter starts from. */
export async function sumKeySpendNano(
  db: Kysely<GatewayTables>,
  keyId: string,
  since: number,
): Promise<number> {
  const row = await db
    .selectFrom('ledger')
    .select(sql<number>`coalesce(sum(cost_usd), 0)`.as('cost'))
    .where('key_id', '=', keyId)
    .where('time', '>=', since)
    .executeTakeFirst();
  return Math.round(Number(row?.cost ?? 0) * 1e9);
}

function groupExpression(by: UsageGroup) {
  switch (by) {
    case 'key':
      return sql<string | null>`key_name`;
    case 'model':
      return sql<string | null>`provider || '/' || backend_model`;
    case 'provider':
      return sql<string | null>`provider`;
    case 'day':
      // Integer division in both SQLite and PostgreSQL: the day number since the epoch, in UTC.
      return sql<string | null>`time / ${sql.lit(DAY_MS)}`;
    default: {
      const unknown: never = by;
      throw new Error(`unknown usage group ${String(unknown)}`);
    }
  }
}

function describeGroup(by: UsageGroup, value: string | number | null): string {
  if (value === null) return '-';
  if (by === 'day') return new Date(Number(value) * DAY_MS).toISOString().slice(0, 10);
  return String(value);
}
