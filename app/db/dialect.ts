import type { Kysely } from "kysely";

/**
 * Which engine a Kysely instance (or transaction) talks to, where the SQL must differ. Its own module, free of
 * the schema and the migrations, so that the migrations ask the same question without importing the database
 * layer that runs them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: the application's and the migrations'
export const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter.constructor.name.startsWith("Postgres");

/**
 * A turn of the event loop for the requests waiting on this process, in a loop of statements over many
 * dossiers. SQLite's statements answer at once and their promises are already settled: without it, such a
 * loop held every other request of the process until it ended — a search's catch-up of 1,500 submissions
 * two seconds, a bulk action on 2,000 dossiers or the reminders of every draft as long (issue 11).
 * PostgreSQL's round trips let them in already.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema
export const letRequestsIn = (db: Kysely<any>): Promise<void> | undefined =>
  isPostgres(db) ? undefined : new Promise((r) => setImmediate(r));
