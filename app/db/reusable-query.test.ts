// reusableQuery: a statement compiled once, run with each call's values; on PostgreSQL each argument is
// sent once however often the text uses it (the autosave's statement: 46 values → 19), and the statement
// is planned once per connection (a named prepared statement), on a real PostgreSQL database too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type CompiledQuery,
} from "kysely";
import { executePlannedOnce, reusableByName, reusableQuery } from "./reusable-query.server";
import { createTestDatabase } from "../../tests/support/postgres";
import { openDatabase, type Database_ } from "./database.server";

function capturing(kind: "postgres" | "sqlite") {
  const seen: CompiledQuery[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = new Kysely<any>({
    dialect: {
      createAdapter: () => (kind === "postgres" ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => (kind === "postgres" ? new PostgresIntrospector(k) : new SqliteIntrospector(k)),
      createQueryCompiler: () => (kind === "postgres" ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
    log: (e) => void seen.push(e.query),
  });
  return { db, seen };
}

const upsert = reusableByName(
  ["id", "name", "state"] as const,
  (_db, v) =>
    sql`update t set name = ${v.name} where id = ${v.id} and state in (${sql.join(["a", "b"].map((s) => sql`${s}`))}) and ${v.name} <> '' and id <> ${v.state} returning ${v.id}`,
);

describe("reusableQuery", () => {
  it("on PostgreSQL, sends each argument once and numbers its places accordingly, constants kept", async () => {
    const { db, seen } = capturing("postgres");
    await upsert(db, { id: "d1", name: "Nom", state: "x" });
    await upsert(db, { id: "d2", name: "Autre", state: "y" });
    // Marked to be planned once per connection (a named prepared statement, database.server.ts).
    expect(seen[0].sql).toBe(
      "/* prepared:reused */ update t set name = $1 where id = $2 and state in ($3, $4) and $1 <> '' and id <> $5 returning $2",
    );
    expect(seen[0].parameters).toEqual(["Nom", "d1", "a", "b", "x"]);
    expect(seen[1].sql).toBe(seen[0].sql);
    expect(seen[1].parameters).toEqual(["Autre", "d2", "a", "b", "y"]);
  });

  it("on SQLite, keeps one value per place (its placeholders are not numbered)", async () => {
    const { db, seen } = capturing("sqlite");
    await upsert(db, { id: "d1", name: "Nom", state: "x" });
    expect(seen[0].sql).toBe("update t set name = ? where id = ? and state in (?, ?) and ? <> '' and id <> ? returning ?");
    expect(seen[0].parameters).toEqual(["Nom", "d1", "a", "b", "Nom", "x", "d1"]);
  });

  it("on SQLite, leaves the text as it is (its driver keeps statements by text)", async () => {
    const { db, seen } = capturing("sqlite");
    await executePlannedOnce(db, db.selectFrom("t").select("id").where("id", "=", "x"));
    expect(seen[0].sql).toBe('select "id" from "t" where "id" = ?');
  });

  it("refuses a statement that leaves an argument out", () => {
    const { db } = capturing("postgres");
    const forgetful = reusableQuery((_k: Kysely<unknown>, a: string, _b: string) => sql`select ${a}`);
    expect(() => forgetful(db, "1", "2")).toThrow(/not a query parameter/);
  });
});

// The real thing: PostgreSQL parses and plans a reusable statement once per connection. A submission's
// fixed reads took longer to plan than to run (issue 11).
describe("reusableQuery on PostgreSQL", () => {
  let pgdb: Awaited<ReturnType<typeof createTestDatabase>>;
  let opened: Database_;
  beforeAll(async () => {
    pgdb = await createTestDatabase();
    opened = openDatabase({ url: pgdb.url, sqlitePath: ":memory:" });
    await sql`create table probe (id text primary key, label text not null)`.execute(opened.db);
    await sql`insert into probe (id, label) values ('p1', 'premier'), ('p2', 'second')`.execute(opened.db);
  });
  afterAll(async () => {
    await opened.close();
    await pgdb.drop();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const labelOf = reusableQuery((db: Kysely<any>, id: string) => db.selectFrom("probe").select(["label"]).where("id", "=", id));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const preparedOfConnection = (db: Kysely<any>) =>
    sql<{ name: string; statement: string; runs: number }>`select name, statement, generic_plans + custom_plans as runs
      from pg_prepared_statements where statement like '%from "probe"%'`.execute(db);

  it("is a named prepared statement of the connection, run again with each call's own values", async () => {
    // One transaction: one connection of the pool, whose prepared statements are its own.
    const seen = await opened.db.transaction().execute(async (trx) => ({
      first: (await labelOf(trx, "p1")).rows,
      second: (await labelOf(trx, "p2")).rows,
      none: (await labelOf(trx, "absent")).rows,
      statements: (await preparedOfConnection(trx)).rows,
    }));
    expect(seen.first).toEqual([{ label: "premier" }]);
    expect(seen.second).toEqual([{ label: "second" }]);
    expect(seen.none).toEqual([]);
    expect(seen.statements).toHaveLength(1);
    expect(seen.statements[0].name).toMatch(/^reused-\d+$/);
    expect(seen.statements[0].statement).toBe('/* prepared:reused */ select "label" from "probe" where "id" = $1');
    expect(Number(seen.statements[0].runs)).toBe(3);
  });

  it("plans a query built anew once per shape (executePlannedOnce), each shape its own statement", async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const insert = (trx: Kysely<any>, ids: string[]) =>
      executePlannedOnce(trx, trx.insertInto("probe").values(ids.map((id) => ({ id, label: `libellé ${id}` }))));
    const seen = await opened.db.transaction().execute(async (trx) => {
      await insert(trx, ["a1"]);
      await insert(trx, ["a2"]);
      await insert(trx, ["b1", "b2"]);
      const statements = await sql<{ statement: string; runs: number }>`select statement, generic_plans + custom_plans as runs
        from pg_prepared_statements where statement like '%insert into "probe"%' order by statement`.execute(trx);
      const labels = await sql<{ label: string }>`select label from probe where id like 'a%' or id like 'b%' order by id`.execute(trx);
      return { statements: statements.rows, labels: labels.rows.map((l) => l.label) };
    });
    expect(seen.labels).toEqual(["libellé a1", "libellé a2", "libellé b1", "libellé b2"]);
    expect(seen.statements.map((x) => [x.statement, Number(x.runs)])).toEqual([
      ['/* prepared:reused */ insert into "probe" ("id", "label") values ($1, $2)', 2],
      ['/* prepared:reused */ insert into "probe" ("id", "label") values ($1, $2), ($3, $4)', 1],
    ]);
  });
});
