// reusableQuery: a statement compiled once, run with each call's values; on PostgreSQL each argument is
// sent once however often the text uses it (the autosave's statement: 46 values → 19).
import { describe, expect, it } from "vitest";
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
import { reusableByName, reusableQuery } from "./reusable-query.server";

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
    expect(seen[0].sql).toBe("update t set name = $1 where id = $2 and state in ($3, $4) and $1 <> '' and id <> $5 returning $2");
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

  it("refuses a statement that leaves an argument out", () => {
    const { db } = capturing("postgres");
    const forgetful = reusableQuery((_k: Kysely<unknown>, a: string, _b: string) => sql`select ${a}`);
    expect(() => forgetful(db, "1", "2")).toThrow(/not a query parameter/);
  });
});
