import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

// SQLite only: FTS5 cannot index dossier_id, so each dossier gets a fixed FTS row number from this table;
// re-indexing a dossier then deletes by row number instead of scanning every indexed text.
export const searchRows: Migration = {
  async up(db: Kysely<any>) {
    if (isPostgres(db)) return;
    await sql`create table dossier_search_row (row integer primary key autoincrement, dossier_id text not null unique)`.execute(db);
  },
};
