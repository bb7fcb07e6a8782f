import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

// Issue 11: an autosave within five minutes of the same person's last one replaces that revision's text
// and version (coalescing, ADR 017). The revision was found by its version, through the unique key
// (dossier, field, version), so each coalescing moved an index entry: on PostgreSQL never a HOT update,
// two index entries written and a dead one left per save. It is now found as the field's latest revision
// begun within the window (first_saved_at never changes), through an index on that instant. On PostgreSQL
// the key on version goes, so that a coalescing update touches no indexed column (HOT); nothing relies
// on it — a revision follows the answer's version-checked write, which only one save at a time can make.
// SQLite keeps its table's key (dropping it means rebuilding the table) and gains the same index.
export const revisionWindow: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex("answer_revision_window")
      .on("answer_revision")
      .columns(["dossier_id", "field_key", "first_saved_at"])
      .execute();
    if (isPostgres(db)) await sql`alter table answer_revision drop constraint answer_revision_unique`.execute(db);
  },
};
