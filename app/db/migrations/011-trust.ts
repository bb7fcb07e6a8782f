import type { Kysely, Migration } from "kysely";

// Issue 8: shared attempt counters (several app processes see the same limits), the access log, the
// coalescing of autosave revisions and the record of what retention purged.
export const trust: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("throttle")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("hits", "integer", (c) => c.notNull())
      .addColumn("window_start", "bigint", (c) => c.notNull()) // ms since the epoch
      .addColumn("next_at", "bigint", (c) => c.notNull()) // ms: no attempt before (progressive delays)
      .execute();
    await db.schema.createIndex("throttle_window").on("throttle").column("window_start").execute();

    await db.schema
      .createTable("access_log")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("actor_id", "text", (c) => c.notNull())
      .addColumn("actor_role", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("call_id", "text")
      .addColumn("dossier_id", "text")
      .addColumn("organization_id", "text")
      .addColumn("detail", "text")
      .execute();
    await db.schema.createIndex("access_log_org").on("access_log").columns(["organization_id", "at"]).execute();
    await db.schema.createIndex("access_log_at").on("access_log").column("at").execute();

    // The first save of a coalesced revision: later saves by the same person within a few minutes
    // update that revision instead of adding one.
    await db.schema.alterTable("answer_revision").addColumn("first_saved_at", "text").execute();

    await db.schema
      .createTable("purge_record")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull())
      .addColumn("dossier_id", "text", (c) => c.notNull())
      .addColumn("organisation_name", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("purged_at", "text", (c) => c.notNull())
      .execute();
  },
};
