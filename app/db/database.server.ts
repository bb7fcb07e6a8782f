// One Kysely query layer over SQLite (default, embedded) or PostgreSQL (DATABASE_URL=postgres://…). ADR 002.
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Dialect } from "kysely";
import Database from "better-sqlite3";
import pg from "pg";
import type { DB } from "./schema";
import { migrationProvider } from "./migrations/index";
import { frenchSortKey } from "../lib/french-sort";

export type DbKind = "sqlite" | "postgres";
export type Kdb = Kysely<DB>;

/** Which engine a Kysely instance (or transaction) talks to, where the SQL must differ. */
export const isPostgres = (db: Kdb) => db.getExecutor().adapter.constructor.name.startsWith("Postgres");

export interface Database_ {
  kind: DbKind;
  dialect: Dialect;
  db: Kdb;
  close(): Promise<void>;
}

export function openDatabase(options: { url?: string; sqlitePath: string }): Database_ {
  if (options.url && /^postgres(ql)?:\/\//.test(options.url)) {
    // Keep bigint/numeric as JS numbers for counts; our own columns are integers and text.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: options.url, max: Number(process.env.PG_POOL_MAX ?? 10) });
    // An idle connection closed by the server (restart, failover) is dropped from the pool, not a crash.
    pool.on("error", (err) => console.error(`PostgreSQL: idle connection lost (${err.message})`));
    const dialect = new PostgresDialect({ pool });
    const db = new Kysely<DB>({ dialect });
    return { kind: "postgres", dialect, db, close: () => db.destroy() };
  }
  const sqlite = new Database(options.sqlitePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  // French order for names (db/collation.server.ts): SQLite has no French collation of its own.
  sqlite.function("fr_sort_key", { deterministic: true }, (v: unknown) => frenchSortKey(v));
  const dialect = new SqliteDialect({ database: withStatementCache(sqlite) });
  const db = new Kysely<DB>({ dialect });
  return { kind: "sqlite", dialect, db, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused. Caching them by SQL text
 * saves the parse and plan on every request of the hot paths (autosave runs the same few statements).
 */
function withStatementCache(sqlite: Database.Database) {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      // Transactions take the write lock when they begin (BEGIN IMMEDIATE): one that read first and
      // then writes would otherwise fail at once ("database is locked") if another process (a backup,
      // a second process on the same file, the tests' own) wrote meanwhile; now it waits busy_timeout.
      if (/^\s*begin\s*$/i.test(sqlText)) sqlText = "begin immediate";
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = sqlite.prepare(sqlText);
        // Schema changes (migrations) invalidate statements: only cache data statements.
        if (/^\s*(select|insert|update|delete|with)\b/i.test(sqlText)) {
          if (cache.size > 2000) cache.clear();
          cache.set(sqlText, stmt);
        }
      }
      return stmt;
    },
  } as unknown as Database.Database;
}

export async function migrateToLatest(db: Kdb): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Migration failed${failed ? ` at ${failed.migrationName}` : ""}: ${String(error)}`);
  }
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
export async function writeOnce(db: Kdb, key: string, find: (trx: Kdb, since: string) => Promise<{ id: string } | undefined>, write: (trx: Kdb) => Promise<unknown>, now: Date = new Date()): Promise<string | null> {
  const since = new Date(now.getTime() - 60_000).toISOString();
  return serialized(db, key, async (trx) => {
    const same = await find(trx, since);
    if (same) return same.id;
    await write(trx);
    return null;
  });
}
