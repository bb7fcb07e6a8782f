// Names sorted in French order in SQL (issue 9): PostgreSQL with ICU's French collation, SQLite with the
// key function registered on its connection (lib/french-sort.ts), which gives the same first-level order.
import { sql, type RawBuilder } from "kysely";
import { isPostgres, type Kdb } from "./database.server";

/** An ORDER BY expression for a text column in French order, on either database. */
export function frenchOrder(db: Kdb, column: string): RawBuilder<unknown> {
  return isPostgres(db) ? sql`${sql.ref(column)} collate "fr-x-icu"` : sql`fr_sort_key(${sql.ref(column)})`;
}
