import type { Kysely } from "kysely";

/**
 * Which engine a Kysely instance (or transaction) talks to, where the SQL must differ. Its own module, free of
 * the schema and the migrations, so that the migrations ask the same question without importing the database
 * layer that runs them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: the application's and the migrations'
export const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter.constructor.name.startsWith("Postgres");
