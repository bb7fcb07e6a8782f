import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Kysely, sql } from "kysely";
import Database from "better-sqlite3";
import { sqliteFiles } from "../../tests/support/sqlite-file";
import { migrateToLatest } from "./database.server";
import { sqliteNow } from "./sqlite-driver.server";

const sqliteFile = sqliteFiles("trame-driver-");
const open = (checkpointInBackground: boolean) => sqliteFile({ checkpointInBackground });

describe("the SQLite driver", () => {
  it("serves the one connection first come, first served: queries wait behind a transaction in the order they asked", async () => {
    const { db } = open(false);
    await sql`create table t (n integer)`.execute(db);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const trx = db.transaction().execute(async (t) => {
      await sql`insert into t values (0)`.execute(t);
      order.push("transaction");
      await held;
    });
    await new Promise((r) => setTimeout(r, 5));
    const waiting = [1, 2, 3, 4, 5].map((n) => sql`insert into t values (${n})`.execute(db).then(() => order.push(`query ${n}`)));
    release();
    await Promise.all([trx, ...waiting]);
    expect(order).toEqual(["transaction", "query 1", "query 2", "query 3", "query 4", "query 5"]);
    const { rows } = await sql<{ n: number }>`select n from t order by rowid`.execute(db);
    expect(rows.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("shares the one connection's turn among every Kysely made from the dialect (better-auth makes its own)", async () => {
    const { db, dialect } = open(false);
    const other = new Kysely<Record<string, never>>({ dialect });
    await sql`create table t (n integer)`.execute(db);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const failed = db
      .transaction()
      .execute(async (t) => {
        await sql`insert into t values (1)`.execute(t);
        await held;
        throw new Error("annulée");
      })
      .catch((e: Error) => order.push(`transaction ${e.message}`));
    await new Promise((r) => setTimeout(r, 5));
    // The other instance's write waits its turn: it is not taken into the transaction, nor lost with it.
    const write = sql`insert into t values (2)`.execute(other).then(() => order.push("other write"));
    const theirs = other.transaction().execute(async (t) => {
      await sql`insert into t values (3)`.execute(t);
      order.push("other transaction");
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    release();
    await Promise.all([failed, write, theirs]);
    expect(order).toEqual(["transaction annulée", "other write", "other transaction"]);
    const { rows } = await sql<{ n: number }>`select n from t order by rowid`.execute(db);
    expect(rows.map((r) => r.n)).toEqual([2, 3]);
  });

  it("runs work at once in one transaction when the connection is free, and says no while it is held", async () => {
    const { db } = open(false);
    await sql`create table t (n integer)`.execute(db);
    const insert = (n: number) => sql`insert into t values (${n})`.compile(db);
    expect(sqliteNow(db, (run) => (run(insert(1)), run(insert(2)), "fait"))).toEqual({ value: "fait" });
    // An exception rolls the whole work back, and the connection serves on.
    expect(() => sqliteNow(db, (run) => (run(insert(3)), run(sql`insert into absente values (1)`.compile(db))))).toThrow();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const trx = db.transaction().execute(async (t) => {
      await sql`insert into t values (4)`.execute(t);
      await held;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(sqliteNow(db, (run) => run(insert(5)))).toBeNull();
    release();
    await trx;
    // Inside a transaction, never.
    await db.transaction().execute(async (t) => expect(sqliteNow(t, (run) => run(insert(6)))).toBeNull());
    const { rows } = await sql<{ n: number }>`select n from t order by rowid`.execute(db);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 4]);
  });

  it("waits for another process's write lock without holding the event loop, then writes", async () => {
    const { db, path } = open(false);
    await sql`create table t (n integer)`.execute(db);
    // Another connection on the file (as another app process would) takes the write lock and keeps it.
    const other = new Database(path);
    other.prepare("begin immediate").run();
    const order: string[] = [];
    const lone = sql`insert into t values (1)`.execute(db).then(() => order.push("lone write"));
    const trx = db
      .transaction()
      .execute((t) => sql`insert into t values (2)`.execute(t))
      .then(() => order.push("transaction"));
    // The event loop goes on (SQLite's own wait would have slept the thread): timers fire, and so on.
    await new Promise((r) => setTimeout(r, 30));
    order.push("timer");
    other.prepare("commit").run();
    await Promise.all([lone, trx]);
    expect(order).toEqual(["timer", "lone write", "transaction"]);
    const { rows } = await sql<{ n: number }>`select n from t order by n`.execute(db);
    expect(rows.map((r) => r.n)).toEqual([1, 2]);
    other.close();
  });

  it("rolls back a failed transaction and goes on serving the next", async () => {
    const { db } = open(false);
    await sql`create table t (n integer primary key)`.execute(db);
    await expect(
      db.transaction().execute(async (t) => {
        await sql`insert into t values (1)`.execute(t);
        await sql`insert into t values (1)`.execute(t);
      }),
    ).rejects.toThrow(/UNIQUE/);
    await sql`insert into t values (2)`.execute(db);
    const { rows } = await sql<{ n: number }>`select n from t`.execute(db);
    expect(rows).toEqual([{ n: 2 }]);
  });

  it("checkpoints the write-ahead log from its worker thread, not in the commits", async () => {
    const { db, path } = open(true);
    await sql`create table t (v text)`.execute(db);
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    expect(rows[0].wal_autocheckpoint).toBe(10000);
    const big = "x".repeat(30_000);
    for (let i = 0; i < 300; i++) await db.transaction().execute((t) => sql`insert into t values (${big})`.execute(t));
    // Far beyond the default 1,000 pages (4 MB): only the worker can have copied the log back.
    const dbFile = path;
    const wal = `${path}-wal`;
    for (let i = 0; i < 80 && statSync(dbFile).size < 8_000_000; i++) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(dbFile).size).toBeGreaterThan(8_000_000);
    expect(statSync(wal).size).toBeGreaterThan(0);
  });

  it("sums a dossier's answer sizes (checked at every autosave) from an index, without reading the answers", async () => {
    const { db } = open(false);
    await migrateToLatest(db);
    const query = db
      .selectFrom("answer")
      .select((eb) => eb.fn.sum<number>(eb.fn("length", ["value_json"])).as("chars"))
      .where("dossier_id", "=", "d")
      .where("field_key", "not in", ["q1"])
      .compile();
    const { rows } = await sql.raw<{ detail: string }>(`explain query plan ${query.sql.replace(/\?/g, "'x'")}`).execute(db);
    expect(rows.map((r) => r.detail).join("\n")).toMatch(/COVERING INDEX answer_size/);
  });
});
