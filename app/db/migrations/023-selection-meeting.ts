import type { Kysely, Migration } from "kysely";

// Issue 12, the selection meeting: the committee's session, its agenda and the dossier under discussion,
// kept in the database so every member's screen follows the chair, whatever server they reach.
export const selectionMeeting: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("selection_meeting")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("chair_id", "text", (c) => c.notNull())
      .addColumn("agenda_json", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("revision", "integer", (c) => c.notNull())
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("ended_at", "text")
      .execute();
    await db.schema.createIndex("selection_meeting_call").on("selection_meeting").columns(["call_id", "ended_at"]).execute();
  },
};
