import type { Kysely, Migration } from "kysely";

// Reminders already sent: one row per dossier and kind, so a reminder is never sent twice.
export const reminders: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("reminder_sent")
      .addColumn("dossier_id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("sent_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("reminder_sent_pk", ["dossier_id", "kind"])
      .execute();
  },
};
