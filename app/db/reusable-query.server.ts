// Compile a Kysely query once and run it many times with new values. Kysely compiles every query on
// every call; on the hottest paths (autosave) that costs as much as SQLite's work. The query is built
// once with placeholder values, and each call substitutes its own values in the same positions.
import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely";

const MARK = "\u0000arg";

interface Template {
  sql: string;
  slots: (number | { value: unknown })[];
  compiled: CompiledQuery;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one template serves any database schema
export function reusableQuery<A extends unknown[], R>(build: (db: Kysely<any>, ...args: A) => Compilable<R>) {
  const templates = new Map<string, Template>(); // one per SQL dialect
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (db: Kysely<any>, ...args: A): Promise<QueryResult<R>> => {
    const dialect = db.getExecutor().adapter.constructor.name;
    let tpl = templates.get(dialect);
    if (!tpl) {
      const compiled = build(db, ...(args.map((_, i) => `${MARK}${i}`) as A)).compile();
      const slots = compiled.parameters.map((p) =>
        typeof p === "string" && p.startsWith(MARK) ? Number(p.slice(MARK.length)) : { value: p },
      );
      // Every argument must appear as a parameter, or the template would silently ignore it.
      if (args.some((_, i) => !slots.includes(i))) throw new Error("reusableQuery: an argument is not a query parameter");
      tpl = { sql: compiled.sql, slots, compiled };
      templates.set(dialect, tpl);
    }
    const parameters = tpl.slots.map((s) => (typeof s === "number" ? args[s] : s.value));
    return db.executeQuery<R>({ ...tpl.compiled, parameters });
  };
}
