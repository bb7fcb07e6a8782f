import type { Kysely, Migration } from "kysely";

// Issue 10, the call studio: each call keeps a revision (two organisers editing at once: the second is
// told), who changed it last, and the form being edited before it becomes a published version.
export const callStudio: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable("call")
      .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable("call").addColumn("updated_by", "text").execute();
    await db.schema.alterTable("call").addColumn("draft_form_json", "text").execute();
    await db.schema.alterTable("call").addColumn("published_at", "text").execute();
  },
};
