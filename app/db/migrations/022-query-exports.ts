import type { Kysely, Migration } from "kysely";

// Issue 12, one query for everything: an export remembers the list's query it was started from.
export const queryExports: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable("export_job").addColumn("query", "text").execute();
  },
};
