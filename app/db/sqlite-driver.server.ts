// Kysely's SQLite driver, with what the deadline surge needs (issue 11, ADR 028):
// - a first-come, first-served lock on the one connection. Kysely's own wakes every waiting query at each
//   release and lets them race for it again: with 50 submissions at once, each holding the connection
//   through its transaction, that is fifty wake-ups per statement, and the unlucky ones wait for seconds;
// - prepared statements kept by SQL text (Kysely prepares each query anew; the hot paths run the same few);
// - transactions that take the write lock when they begin (BEGIN IMMEDIATE): one that read first and then
//   writes would otherwise fail at once ("database is locked") if another process on the same file (a
//   backup, the tests' own, another app process: TRAME_PROCESSES) wrote meanwhile;
// - waiting for that lock without holding the event loop (ADR 042). SQLite's own wait (busy_timeout) sleeps
//   the thread, 1, 2, 5, 10… up to 100 ms at a time: with two app processes writing, one process stood still
//   while the other held the lock, and autosave's p99 went from ~35 to 332 ms. The connection answers
//   "busy" at once instead (busy_timeout 0), and a statement that began nothing yet (outside a transaction:
//   BEGIN IMMEDIATE itself, or a lone write) is tried again a millisecond later, for up to 5 s as before.
import { CompiledQuery, SelectQueryNode, SqliteDialect, type DatabaseConnection, type Driver, type Kysely, type QueryResult } from "kysely";
import type Database from "better-sqlite3";

class FifoLock {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  /** Takes the lock if no one holds it or waits for it; false otherwise (nothing is queued). */
  tryLock(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  lock(): Promise<void> | void {
    if (!this.held) {
      this.held = true;
      return;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the lock to the first in line, if any; it stays held. */
  unlock(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/** How long a statement waits for another process's write lock before "database is locked" (as busy_timeout did). */
const BUSY_WAIT_MS = 5000;
const isBusy = (e: unknown) =>
  typeof (e as { code?: unknown })?.code === "string" && (e as { code: string }).code.startsWith("SQLITE_BUSY");

/** Statements kept once prepared: data statements and the transactions' own (not schema changes). */
const KEPT_STATEMENT = /^\s*(select|insert|update|delete|with|begin|commit|rollback)\b/i;

class Connection implements DatabaseConnection {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(private readonly sqlite: Database.Database) {}

  private prepare(sqlText: string): Database.Statement {
    let stmt = this.statements.get(sqlText);
    if (!stmt) {
      stmt = this.sqlite.prepare(sqlText);
      // Schema changes (migrations) invalidate statements: they are not kept.
      if (KEPT_STATEMENT.test(sqlText)) {
        if (this.statements.size > 2000) this.statements.clear();
        this.statements.set(sqlText, stmt);
      }
    }
    return stmt;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(this.run<R>(compiled));
    } catch (e) {
      // Inside a transaction the write lock is already ours (BEGIN IMMEDIATE): "busy" is for outside only.
      if (!isBusy(e) || this.sqlite.inTransaction) throw e;
      return this.retryWhileBusy<R>(compiled, Date.now() + BUSY_WAIT_MS);
    }
  }

  run<R>(compiled: CompiledQuery): QueryResult<R> {
    const stmt = this.prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  /** Another process holds the write lock: try again shortly, the event loop serving meanwhile. */
  private async retryWhileBusy<R>(compiled: CompiledQuery, until: number): Promise<QueryResult<R>> {
    for (;;) {
      await new Promise((r) => setTimeout(r, 1));
      try {
        return this.run<R>(compiled);
      } catch (e) {
        if (!isBusy(e) || Date.now() > until) throw e;
      }
    }
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error("SQLite streams only select queries");
    for (const row of this.prepare(compiled.sql).iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/** Runs one compiled statement at once (see sqliteNow). */
export type RunNow = <R>(compiled: CompiledQuery) => QueryResult<R>;

class FairSqliteDriver implements Driver {
  private readonly lock = new FifoLock();
  private readonly connection: Connection;
  constructor(private readonly sqlite: Database.Database) {
    this.connection = new Connection(sqlite);
  }

  /** See sqliteNow. */
  runNow<T>(work: (run: RunNow) => T): { value: T } | null {
    if (!this.lock.tryLock()) return null;
    try {
      try {
        this.connection.run(BEGIN);
      } catch (e) {
        if (isBusy(e)) return null;
        throw e;
      }
      try {
        const value = work((q) => this.connection.run(q));
        this.connection.run(COMMIT);
        return { value };
      } catch (e) {
        if (this.sqlite.inTransaction) this.connection.run(ROLLBACK);
        throw e;
      }
    } finally {
      this.lock.unlock();
    }
  }
  async init() {}
  async acquireConnection() {
    await this.lock.lock();
    return this.connection;
  }
  async beginTransaction(c: DatabaseConnection) {
    await c.executeQuery(BEGIN);
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery(COMMIT);
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await c.executeQuery(ROLLBACK);
  }
  async releaseConnection() {
    this.lock.unlock();
  }
  async destroy() {
    this.sqlite.close();
  }
}

const BEGIN = CompiledQuery.raw("begin immediate");
const COMMIT = CompiledQuery.raw("commit");
const ROLLBACK = CompiledQuery.raw("rollback");

/** Each Kysely instance's driver, found by its adapter (shared by the instance's plugins and transactions). */
const drivers = new WeakMap<object, FairSqliteDialect>();

/**
 * SQLite through better-sqlite3, with the driver above — ONE driver per connection, whatever the number of
 * Kysely instances made from the dialect. better-auth makes its own from it: with a driver (and so a
 * lock) of its own, its statements ran inside whatever transaction the application had open on the same
 * connection (a sign-in's session written in a submission's transaction, and rolled back with it), or
 * failed with "cannot start a transaction within a transaction".
 */
export class FairSqliteDialect extends SqliteDialect {
  readonly driver: FairSqliteDriver;
  constructor(sqlite: Database.Database) {
    super({ database: sqlite });
    this.driver = new FairSqliteDriver(sqlite);
  }
  override createDriver(): Driver {
    return this.driver;
  }
  override createAdapter() {
    const adapter = super.createAdapter();
    drivers.set(adapter, this);
    return adapter;
  }
}

/**
 * SQLite: runs `work` now, in one transaction (BEGIN IMMEDIATE … COMMIT) on the one connection, its
 * statements one after another without a promise between them — the hottest path (autosave) without the
 * ~10 promises, each seen by the promise hooks, that Kysely's executor costs per statement. Only when the
 * connection is free and the write lock can be had at once; null otherwise (another request's transaction
 * holds the connection, another process the write lock), and the caller takes its usual path, which waits
 * its turn. Never inside a transaction, nor on PostgreSQL (null). `work` must not await: nothing else runs
 * on the connection meanwhile because nothing else runs at all. An exception rolls everything back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database schema
export function sqliteNow<T>(db: Kysely<any>, work: (run: RunNow) => T): { value: T } | null {
  if (db.isTransaction) return null;
  return drivers.get(db.getExecutor().adapter)?.driver.runNow(work) ?? null;
}
