// Compile a Kysely query once and run it many times with new values. Kysely compiles every query on
// every call; on the hottest paths (autosave) that costs as much as SQLite's work. The query is built
// once with placeholder values, and each call substitutes its own values in the same positions.
import type { Compilable, CompiledQuery, Kysely, QueryResult, RawBuilder } from "kysely";
import { isPostgres } from "./dialect";

const MARK = "\u0000arg";

interface Template {
  sql: string;
  slots: (number | { value: unknown })[];
  compiled: CompiledQuery;
}

/** The mark that makes PostgreSQL's driver send a statement as a named prepared statement (database.server.ts). */
const PLANNED_ONCE = "/* prepared:reused */ ";

/**
 * Runs a query built anew each time, but whose text takes only a few shapes (a submission's facts: one
 * text per number of answer facts), as a statement PostgreSQL plans once per connection and text. Not for
 * texts without bound (a list of ids of any length): the driver names at most 1,000 texts, then plans each.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function executePlannedOnce<R>(db: Kysely<any>, query: Compilable<R>): Promise<QueryResult<R>> {
  const compiled = query.compile();
  return db.executeQuery(isPostgres(db) ? { ...compiled, sql: `${PLANNED_ONCE}${compiled.sql}` } : compiled);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one template serves any database schema
export function reusableQuery<A extends unknown[], R>(build: (db: Kysely<any>, ...args: A) => Compilable<R> | RawBuilder<R>) {
  const templates = new Map<string, Template>(); // one per SQL dialect
  /** The statement with these values, compiled (once per dialect) but not run: for sqliteNow's `run`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const compile = (db: Kysely<any>, ...args: A): CompiledQuery<R> => {
    const dialect = db.getExecutor().adapter.constructor.name;
    let tpl = templates.get(dialect);
    if (!tpl) {
      const built = build(db, ...(args.map((_, i) => `${MARK}${i}`) as A));
      // A raw statement (sql`…`) compiles against the instance; a query builder knows its own.
      const compiled = "isRawBuilder" in built ? built.compile(db) : built.compile();
      const slots = compiled.parameters.map((p) =>
        typeof p === "string" && p.startsWith(MARK) ? Number(p.slice(MARK.length)) : { value: p },
      );
      // Every argument must appear as a parameter, or the template would silently ignore it.
      if (args.some((_, i) => !slots.includes(i))) throw new Error("reusableQuery: an argument is not a query parameter");
      const once = onePlaceholderPerArgument(compiled.sql, slots) ?? { sql: compiled.sql, slots };
      // Planned once as well, on PostgreSQL: its text is marked for a named prepared statement (PREPARED_MARK in
      // database.server.ts), which each connection parses and plans at its first call. A submission's fixed
      // reads took longer to plan than to run (issue 11). SQLite's driver keeps its statements by text anyway.
      const plannedOnce = isPostgres(db) && !once.sql.startsWith("/* prepared:");
      tpl = { ...once, sql: plannedOnce ? `${PLANNED_ONCE}${once.sql}` : once.sql, compiled };
      templates.set(dialect, tpl);
    }
    const parameters = tpl.slots.map((s) => (typeof s === "number" ? args[s] : s.value));
    return { ...(tpl.compiled as CompiledQuery<R>), sql: tpl.sql, parameters };
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const execute = (db: Kysely<any>, ...args: A): Promise<QueryResult<R>> => db.executeQuery<R>(compile(db, ...args));
  return Object.assign(execute, { compile });
}

/**
 * PostgreSQL numbers its placeholders ($1, $2…), and one may stand in several places: an argument used
 * six times is then sent (and bound) once, not six times — the autosave's statement went from 46 values
 * to 19, among them the answer's text three times. Null when the text is not numbered so (SQLite's `?`)
 * or its numbers are not exactly one per parameter, in order.
 */
function onePlaceholderPerArgument(text: string, slots: Template["slots"]): Omit<Template, "compiled"> | null {
  const numbers = [...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  if (numbers.length !== slots.length || numbers.some((n, i) => n !== i + 1)) return null;
  const kept: Template["slots"] = [];
  const numberOfArgument = new Map<number, number>();
  const renumbered = slots.map((slot) => {
    if (typeof slot === "number") {
      const known = numberOfArgument.get(slot);
      if (known) return known;
      numberOfArgument.set(slot, kept.length + 1);
    }
    kept.push(slot);
    return kept.length;
  });
  let i = 0;
  return { sql: text.replace(/\$(\d+)/g, () => `$${renumbered[i++]}`), slots: kept };
}

/**
 * reusableQuery for a statement whose values are many: each is named, and the statement reads them from
 * one object (`v.dossierId`) instead of a long list of arguments. Every name must be placed in the text.
 */
export function reusableByName<N extends string, R>(
  names: readonly N[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  build: (db: Kysely<any>, v: Record<N, unknown>) => Compilable<R> | RawBuilder<R>,
) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const run = reusableQuery((db: Kysely<any>, ...args: unknown[]) =>
    build(db, Object.fromEntries(names.map((n, i) => [n, args[i]])) as Record<N, unknown>),
  );

  const values = (v: Record<N, unknown>) => names.map((n) => v[n]);
  return Object.assign(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (db: Kysely<any>, v: Record<N, unknown>) => run(db, ...values(v)),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    { compile: (db: Kysely<any>, v: Record<N, unknown>) => run.compile(db, ...values(v)) },
  );
}
