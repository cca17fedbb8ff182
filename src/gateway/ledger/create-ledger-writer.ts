import type { Kysely } from 'kysely';
import type { GatewayTables, LedgerTable } from '../storage/gateway-tables.js';

export interface LedgerWriter {
  /** Queues a row; it reaches the database with the next batch. Never waits, never throws. */
  add(row: LedgerTable): void;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left; rows added after close are written at once. */
  close(): Promise<void>;
  readonly pending: number;
}

export interface LedgerWriterOptions {
  db: Kysely<GatewayTables>;
  /** A batch is written at least this often while rows wait. */
  flushIntervalMs: number;
  /** …or as soon as this many wait. */
  maxBatch: number;
  /** A batch the database refused (it was down): reported, kept and retried with the next one. */
  onError(error: unknown, rows: number): void;
}

/** Rows kept for a retry at most while the database is unreachable, so memory stays bounded. */
const MAX_PENDING = 100_000;
/** Rows per INSERT: far under SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_INSERT = 200;

/**
 * The ledger's write path, off the request's path: rows are queued in memory and inserted
 * in batches, one transaction per batch. What a crash (not a graceful stop) can lose is
 * what was queued: at most `flushIntervalMs` of requests, or `maxBatch` rows.
 */
export function createLedgerWriter(options: LedgerWriterOptions): LedgerWriter {
  let queue: LedgerTable[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const writeBatch = async (rows: LedgerTable[]) => {
    try {
      await options.db.transaction().execute(async (tx) => {
        for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
          await tx
            .insertInto('ledger')
            .values(rows.slice(start, start + ROWS_PER_INSERT))
            // The request id is the key: a batch retried after a lost acknowledgement adds nothing twice.
            .onConflict((conflict) => conflict.column('request_id').doNothing())
            .execute();
        }
      });
    } catch (error) {
      options.onError(error, rows.length);
      queue = [...rows, ...queue].slice(0, MAX_PENDING);
      arm();
      throw error;
    }
  };

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    // Batches go one after another, so rows reach the database in the order requests ended.
    writing = writing.then(async () => {
      if (queue.length === 0) return;
      const rows = queue;
      queue = [];
      await writeBatch(rows);
    });
    const done = writing;
    writing = writing.catch(() => undefined);
    return done;
  };
  function flushQuietly(): void {
    void flush().catch(() => undefined);
  }
  function arm(): void {
    if (timer) return;
    timer = setTimeout(flushQuietly, options.flushIntervalMs);
    // The ledger never keeps a process alive on its own; shutdown flushes it explicitly.
    timer.unref();
  }

  return {
    add(row) {
      if (queue.length >= MAX_PENDING) queue.shift();
      queue.push(row);
      if (queue.length >= options.maxBatch) flushQuietly();
      else arm();
    },
    flush,
    async close() {
      await flush();
    },
    get pending() {
      return queue.length;
    },
  };
}
