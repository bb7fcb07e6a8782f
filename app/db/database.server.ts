// One Kysely query layer over SQLite (default, embedded) or PostgreSQL (DATABASE_URL=postgres://…). ADR 002.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { Kysely, Migrator, PostgresDialect, sql, type Dialect } from "kysely";
import Database from "better-sqlite3";
import pg from "pg";
import type { DB } from "./schema";
import { migrationProvider } from "./migrations/index";
import { frenchSortKey } from "../lib/french-sort";
import { FairSqliteDialect } from "./sqlite-driver.server";
import { daysBefore, deleteChosenInBatches, deleteInBatches, isPostgres, PURGE_BATCH, requestTurns } from "./dialect";

export type DbKind = "sqlite" | "postgres";
export type Kdb = Kysely<DB>;

/** Which engine a Kysely instance (or transaction) talks to, where the SQL must differ (dialect.ts). */
export { daysBefore, deleteChosenInBatches, deleteInBatches, isPostgres, PURGE_BATCH, requestTurns };

export interface Database_ {
  kind: DbKind;
  dialect: Dialect;
  db: Kdb;
  close(): Promise<void>;
}

export function openDatabase(options: { url?: string; sqlitePath: string; checkpointInBackground?: boolean }): Database_ {
  if (options.url && /^postgres(ql)?:\/\//.test(options.url)) {
    // Keep bigint/numeric as JS numbers for counts; our own columns are integers and text.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: options.url, max: Number(process.env.PG_POOL_MAX ?? 6) });
    // An idle connection closed by the server (restart, failover) is dropped from the pool, not a crash.
    pool.on("error", (err) => console.error(`PostgreSQL: idle connection lost (${err.message})`));
    const dialect = new PostgresDialect({ pool: withNamedStatements(pool) });
    const db = new Kysely<DB>({ dialect });
    return { kind: "postgres", dialect, db, close: () => db.destroy() };
  }
  const sqlite = new Database(options.sqlitePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  // Another process's write lock is waited for by the driver, without holding the event loop (ADR 042).
  sqlite.pragma("busy_timeout = 0");
  sqlite.pragma("foreign_keys = ON");
  // French order for names (db/collation.server.ts): SQLite has no French collation of its own.
  sqlite.function("fr_sort_key", { deterministic: true }, (v: unknown) => frenchSortKey(v));
  const checkpointer =
    options.checkpointInBackground && options.sqlitePath !== ":memory:" ? startCheckpointer(sqlite, options.sqlitePath) : null;
  const dialect = new FairSqliteDialect(sqlite);
  const db = new Kysely<DB>({ dialect });
  return {
    kind: "sqlite",
    dialect,
    db,
    close: async () => {
      await checkpointer?.terminate();
      await db.destroy();
    },
  };
}

// Statements that begin with the comment "/* prepared:<name> */" are sent as named prepared statements:
// PostgreSQL parses and plans them once per connection instead of at every call. For statements of a fixed
// text only: those compiled once (reusable-query.server.ts marks them all) and the autosave's, a CTE of
// seven parts whose planning cost as much as running it; the name gets a number per distinct text, as a
// name must always stand for the same text; beyond 1,000 texts, statements go unnamed (planned each time)
// rather than reuse a name.
const PREPARED_MARK = /^\/\* prepared:([a-z0-9-]+) \*\//;
const PATCHED = Symbol("trame.namedStatements");
function withNamedStatements(pool: pg.Pool) {
  const names = new Map<string, string>();
  const nameOf = (mark: string, text: string): string | undefined => {
    let name = names.get(text);
    if (!name && names.size < 1000) {
      name = `${mark}-${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = (await pool.connect()) as pg.PoolClient & { [PATCHED]?: true };
      if (!client[PATCHED]) {
        const original = client.query.bind(client) as (...args: unknown[]) => unknown;
        client.query = ((text: unknown, values?: unknown) => {
          const m = typeof text === "string" ? PREPARED_MARK.exec(text) : null;
          const name = m ? nameOf(m[1], text as string) : undefined;
          return name ? original({ name, text, values }) : original(text, values);
        }) as typeof client.query;
        client[PATCHED] = true;
      }
      return client;
    },
    end: () => pool.end(),
  };
}

/**
 * SQLite in WAL mode copies the log back into the database ("checkpoint", with an fsync) by default in
 * the commit that crosses 1,000 pages: with 35 KB submissions that is one commit in fifty, holding the
 * event loop for tens of milliseconds — a fifth of the CPU time of the deadline surge and its slowest
 * answers (issue 11). A worker thread with its own connection checkpoints instead, off the request path,
 * every quarter of a second; the connection's own automatic checkpoint stays as a backstop (at 40 MB of
 * log) should the worker stop. See ADR 028.
 */
function startCheckpointer(sqlite: Database.Database, path: string): Worker {
  sqlite.pragma("wal_autocheckpoint = 10000");
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(
    `const { workerData, parentPort } = require("node:worker_threads");
     const Database = require(workerData.driver);
     const db = new Database(workerData.path);
     db.pragma("busy_timeout = 1000");
     setInterval(() => {
       try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (e) { parentPort.postMessage(String(e && e.message)); }
     }, 250);`,
    { eval: true, workerData: { driver, path } },
  );
  worker.on("message", (m) => console.error(`SQLite checkpoint: ${m}`));
  // A checkpointer that fails to start leaves the backstop: the database still works.
  worker.on("error", (e) => console.error(`SQLite checkpoint worker stopped: ${e.message}`));
  worker.unref();
  return worker;
}

export async function migrateToLatest(db: Kdb): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Migration failed${failed ? ` at ${failed.migrationName}` : ""}: ${String(error)}`);
  }
}

/**
 * SQLite: the query planner's statistics (sqlite_stat1), kept as SQLite advises for long-lived connections
 * (ADR 040): « optimize=0x10002 » when a process starts (every table checked; those never analysed, or
 * much changed since, are analysed on a bounded sample: ~0.3 s for a 2.5 GB database of 50,000 dossiers),
 * then « optimize » every hour. Without statistics the planner guessed, and after a table was rebuilt
 * (migration 028) a search counted its matches by reading the whole call. PostgreSQL's autovacuum keeps
 * its own.
 */
export async function refreshPlannerStatistics(db: Kdb, options: { atStart: boolean }): Promise<void> {
  if (isPostgres(db)) return;
  await sql.raw(options.atStart ? "pragma optimize=0x10002" : "pragma optimize").execute(db);
}

/** Row counts come back as strings on PostgreSQL: convert in one place. */
export function toCount(v: unknown): number {
  return typeof v === "number" ? v : Number(v ?? 0);
}

export { sql };

/**
 * Runs `fn` in a transaction that no other call with the same key runs beside: SQLite transactions are
 * already one at a time; PostgreSQL takes a transaction-scoped advisory lock on the key. For "check, then
 * insert" steps that must not race (a double click on "send").
 */
export async function serialized<T>(db: Kdb, key: string, fn: (trx: Kdb) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (isPostgres(db)) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
    return fn(trx);
  });
}

/**
 * Writes once: under the key's lock, looks for the same thing written in the last minute (a double
 * click, a form posted twice) and returns its id; otherwise writes and returns null.
 */
export async function writeOnce(
  db: Kdb,
  key: string,
  find: (trx: Kdb, since: string) => Promise<{ id: string } | undefined>,
  write: (trx: Kdb) => Promise<unknown>,
  now: Date = new Date(),
): Promise<string | null> {
  const since = new Date(now.getTime() - 60_000).toISOString();
  return serialized(db, key, async (trx) => {
    const same = await find(trx, since);
    if (same) return same.id;
    await write(trx);
    return null;
  });
}
