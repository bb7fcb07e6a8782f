import type { Kysely, Migration } from "kysely";

// Issue 9: the visit planner asks members to widen their hosting windows by e-mail; each request is kept
// so the page shows who was asked for which month, and a double click does not e-mail twice.
export const hostRequests: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("host_request")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id"))
      .addColumn("month", "text", (c) => c.notNull()) // YYYY-MM: the date to fill
      .addColumn("message", "text", (c) => c.notNull())
      .addColumn("sent_by", "text", (c) => c.notNull())
      .addColumn("sent_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("host_request_call").on("host_request").columns(["call_id", "month"]).execute();
  },
};
