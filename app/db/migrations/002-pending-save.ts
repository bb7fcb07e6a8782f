import type { Kysely, Migration } from "kysely";

// What a person posted when their session had expired, kept a day so it can be restored after sign-in.
export const pendingSave: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("pending_save")
      .addColumn("token_hash", "text", (c) => c.primaryKey())
      .addColumn("dossier_id", "text", (c) => c.notNull())
      .addColumn("section_key", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
  },
};
