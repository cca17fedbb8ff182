import type { Command } from 'commander';
import { type Environment, mergeEnvironment } from '../config/load-config.js';
import { createKeyStore } from '../gateway/keys/key-store.js';
import { parseDuration } from '../gateway/keys/parse-duration.js';
import {
  BUDGET_PERIODS,
  describeKey,
  keySettingsSchema,
  type VirtualKey,
} from '../gateway/keys/virtual-key.js';
import { parseSince } from '../gateway/ledger/parse-since.js';
import { USAGE_GROUPS, type UsageGroup } from '../gateway/ledger/usage-groups.js';
import type { GatewayDatabase } from '../gateway/storage/open-gateway-database.js';
import { resolveDataDir } from '../gateway/storage/resolve-database-location.js';
import { applyCliConventions, type CliOutput } from './apply-cli-conventions.js';
import { renderTable } from './render-table.js';

export interface GatewayCommandIo {
  env: Environment;
  envFile: string | null;
  stdout: CliOutput;
  stderr: CliOutput;
}

interface CreateOptions {
  name: string;
  models?: string[];
  budgetUsd?: string;
  budgetPeriod?: string;
  rpm?: string;
  tpm?: string;
  maxStreams?: string;
  expires?: string;
}

/**
 * `keys create|list|revoke|rotate` and `usage`: the admin API's operations against the same
 * database the proxy uses (DATABASE_URL, else the SQLite file in the data directory). The
 * database drivers and the query builder are imported when one of these commands runs, so
 * `serve` never loads them for defining the commands.
 */
export function addGatewayCommands(
  program: Command,
  streams: { stdout: CliOutput; stderr: CliOutput },
  setExitCode: (code: number) => void,
  io: () => GatewayCommandIo = () => ({ env: process.env, envFile: '.env', ...streams }),
): void {
  const run = (work: (database: GatewayDatabase, out: GatewayCommandIo) => Promise<number>) => async () => {
    const context = io();
    let database: GatewayDatabase | undefined;
    try {
      const env = mergeEnvironment(context.env, context.envFile);
      const { openDatabaseFor } = await import('../gateway/create-team-gateway.js');
      database = await openDatabaseFor({
        databaseUrl: env.DATABASE_URL?.trim() || undefined,
        dataDir: resolveDataDir(env),
      });
      setExitCode(await work(database, context));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      context.stderr.write(`infiniproxy: ${message}\n`);
      setExitCode(1);
    } finally {
      await database?.close();
    }
  };

  const keys = applyCliConventions(program.command('keys'), streams).description(
    'virtual keys for the team gateway: create, list, revoke, rotate',
  );
  applyCliConventions(keys.command('create'), streams)
    .description('create a key and print it once (only its hash is stored)')
    .requiredOption('--name <name>', 'who or what the key is for')
    .option('--models <models...>', 'client model names the key may use (default: all)')
    .option('--budget-usd <usd>', 'spend allowed per period, in USD')
    .option('--budget-period <period>', `${BUDGET_PERIODS.join('|')} (default: month)`)
    .option('--rpm <n>', 'requests per minute')
    .option('--tpm <n>', 'tokens (input + output) per minute')
    .option('--max-streams <n>', 'requests in flight at once')
    .option('--expires <duration>', 'lifetime, e.g. 30d, 12h, 2w')
    .option('--json', 'print the key as JSON')
    .action((options: CreateOptions & { json?: boolean }) =>
      run(async (database, out) => {
        const settings = readCreateOptions(options);
        if (typeof settings === 'string') {
          out.stderr.write(`infiniproxy keys create: ${settings}\n`);
          return 2;
        }
        const created = await createKeyStore(database.db).create(settings);
        if (options.json) {
          out.stdout.write(
            `${JSON.stringify({ ...describeKey(created.key, Date.now()), key: created.secret }, null, 2)}\n`,
          );
        } else {
          out.stdout.write(
            `Created key ${created.key.name} (${created.key.id}). It is shown only this once:\n\n  ${created.secret}\n\n` +
              `Clients send it as x-api-key or Authorization: Bearer (ANTHROPIC_AUTH_TOKEN for Claude Code).\n`,
          );
        }
        return 0;
      })(),
    );
  applyCliConventions(keys.command('list'), streams)
    .description('list keys (never their secrets)')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      run(async (database, out) => {
        const now = Date.now();
        const list = await createKeyStore(database.db).list();
        if (options.json) {
          out.stdout.write(
            `${JSON.stringify(
              list.map((key) => describeKey(key, now)),
              null,
              2,
            )}\n`,
          );
          return 0;
        }
        if (list.length === 0) {
          out.stdout.write('No keys yet: infiniproxy keys create --name NAME\n');
          return 0;
        }
        out.stdout.write(
          `${renderTable([['ID', 'NAME', 'PREFIX', 'STATUS', 'LIMITS'], ...list.map((key) => keyRow(key, now))], '')}\n`,
        );
        return 0;
      })(),
    );
  applyCliConventions(keys.command('revoke'), streams)
    .description('revoke a key by name or id; every instance refuses it within a second')
    .argument('<key>', 'name or id')
    .action((nameOrId: string) =>
      run(async (database, out) => {
        const key = await createKeyStore(database.db).revoke(nameOrId);
        out.stdout.write(`Revoked ${key.name} (${key.id})\n`);
        return 0;
      })(),
    );
  applyCliConventions(keys.command('rotate'), streams)
    .description('give a key a new secret (same name, limits and usage) and print it once')
    .argument('<key>', 'name or id')
    .action((nameOrId: string) =>
      run(async (database, out) => {
        const rotated = await createKeyStore(database.db).rotate(nameOrId);
        out.stdout.write(
          `Rotated ${rotated.key.name} (${rotated.key.id}); the old secret no longer works. The new one, shown once:\n\n  ${rotated.secret}\n`,
        );
        return 0;
      })(),
    );

  applyCliConventions(program.command('usage'), streams)
    .description('requests, tokens and cost from the ledger')
    .option('--by <group>', `${USAGE_GROUPS.join('|')}`, 'key')
    .option('--since <when>', 'a duration (7d, 12h) or a date (2026-01-31)', '30d')
    .option('--json', 'print JSON')
    .action((options: { by: string; since: string; json?: boolean }) =>
      run(async (database, out) => {
        if (!(USAGE_GROUPS as readonly string[]).includes(options.by)) {
          out.stderr.write(`infiniproxy usage: --by must be one of ${USAGE_GROUPS.join(', ')}\n`);
          return 2;
        }
        const since = parseSince(options.since, Date.now());
        if (since === undefined) {
          out.stderr.write(
            'infiniproxy usage: --since must be a duration (7d, 12h) or a date (2026-01-31)\n',
          );
          return 2;
        }
        const { queryUsage } = await import('../gateway/ledger/query-usage.js');
        const rows = await queryUsage(database.db, { by: options.by as UsageGroup, since });
        if (options.json) {
          out.stdout.write(
            `${JSON.stringify({ by: options.by, since: new Date(since).toISOString(), data: rows }, null, 2)}\n`,
          );
          return 0;
        }
        const header = [
          options.by.toUpperCase(),
          'REQUESTS',
          'ERRORS',
          'INPUT',
          'OUTPUT',
          'CACHE READ',
          'COST USD',
        ];
        const body = rows.map((row) => [
          row.group,
          String(row.requests),
          String(row.errors),
          String(row.input_tokens),
          String(row.output_tokens),
          String(row.cache_read_tokens),
          row.cost_usd.toFixed(4),
        ]);
        out.stdout.write(
          rows.length === 0 ? 'No requests in that period.\n' : `${renderTable([header, ...body], '')}\n`,
        );
        return 0;
      })(),
    );
}

/** The flags as the same settings the admin API validates; a message when they do not fit. */
function readCreateOptions(options: CreateOptions) {
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  let expiresInMs: number | undefined;
  if (options.expires !== undefined) {
    expiresInMs = parseDuration(options.expires);
    if (expiresInMs === undefined) return '--expires must be a duration such as 30d, 12h, 2w or 90m';
  }
  const parsed = keySettingsSchema.safeParse({
    name: options.name,
    models: options.models,
    budget_usd: number(options.budgetUsd),
    budget_period: options.budgetPeriod,
    rpm: number(options.rpm),
    tpm: number(options.tpm),
    max_streams: number(options.maxStreams),
    expires_in_ms: expiresInMs,
  });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = `--${String(issue.path[0] ?? 'name')
    .replaceAll('_', '-')
    .replace('expires-in-ms', 'expires')}`;
  return `${flag} ${issue.message}`;
}

function keyRow(key: VirtualKey, now: number): string[] {
  const description = describeKey(key, now);
  const limits = [
    key.models ? `models=${key.models.join(',')}` : '',
    key.budgetUsd !== undefined ? `budget=$${key.budgetUsd}/${key.budgetPeriod}` : '',
    key.rpm !== undefined ? `rpm=${key.rpm}` : '',
    key.tpm !== undefined ? `tpm=${key.tpm}` : '',
    key.maxStreams !== undefined ? `max-streams=${key.maxStreams}` : '',
    description.expires_at ? `expires=${description.expires_at}` : '',
  ].filter((part) => part.length > 0);
  return [key.id, key.name, `${key.prefix}…`, description.status, limits.join(' ') || '-'];
}
