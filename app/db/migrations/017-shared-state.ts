import type { Kysely, Migration } from "kysely";

// Issue 11: what several app processes must share lives in the database they share.
// - cache_event: "forget this" messages (a session ended, a call changed), read by every process within a
//   quarter of a second, so a cache in one process never outlives a change made through another;
// - schedule_claim: one row per periodic task and time slot, inserted by the one process that runs it.
export const sharedState: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("cache_event")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("scope", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("at", "bigint", (c) => c.notNull()) // ms since the epoch
      .execute();
    await db.schema.createIndex("cache_event_at").on("cache_event").column("at").execute();
    await db.schema
      .createTable("schedule_claim")
      .addColumn("task", "text", (c) => c.notNull())
      .addColumn("slot", "text", (c) => c.notNull())
      .addColumn("claimed_by", "text", (c) => c.notNull())
      .addColumn("claimed_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("schedule_claim_pk", ["task", "slot"])
      .execute();
  },
};
