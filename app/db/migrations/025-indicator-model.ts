import type { Kysely, Migration } from "kysely";

// Issue 12, impact indicators with a real model: each indicator of a community has a unit, a baseline, a
// target and how members' values roll up (sum or mean); the four standard ones keep their yearly values
// where they were (impact_indicator) and get their baseline and target here; the community's own
// indicators keep their values per member and year in indicator_value. Reminders once per member and year.
export const indicatorModel: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("indicator")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("label", "text", (c) => c.notNull())
      .addColumn("unit", "text", (c) => c.notNull())
      .addColumn("baseline", "double precision")
      .addColumn("target", "double precision")
      .addColumn("aggregation", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("indicator_call_key").on("indicator").columns(["call_id", "key"]).unique().execute();
    await db.schema
      .createTable("indicator_value")
      .addColumn("indicator_id", "text", (c) => c.notNull().references("indicator.id"))
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("value", "double precision", (c) => c.notNull())
      .addColumn("declared_by", "text", (c) => c.notNull())
      .addColumn("declared_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("indicator_value_pk", ["indicator_id", "organization_id", "year"])
      .execute();
    await db.schema
      .createTable("indicator_reminder")
      .addColumn("call_id", "text", (c) => c.notNull())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("year", "integer", (c) => c.notNull())
      .addColumn("sent_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("indicator_reminder_pk", ["call_id", "organization_id", "year"])
      .execute();
  },
};
