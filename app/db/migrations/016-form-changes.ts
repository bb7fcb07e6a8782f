import type { Kysely, Migration } from "kysely";

// Issue 10: when a published call's form gets a new version, each draft moved to it keeps a note of what
// it now asks (new or newly required questions), shown to the organisation until it submits.
export const formChanges: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("dossier_form_change")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("from_version_id", "text", (c) => c.notNull())
      .addColumn("to_version_id", "text", (c) => c.notNull())
      .addColumn("asked_json", "text", (c) => c.notNull()) // [{ key, label }]
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("dossier_form_change_dossier").on("dossier_form_change").columns(["dossier_id", "created_at"]).execute();
  },
};
