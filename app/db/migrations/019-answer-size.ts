import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

// Issue 11: every autosave checks that the dossier stays within its size (forms/limits.ts) by summing the
// length of its answers. On SQLite that read every answer's text (~35 KB, a tenth of an autosave's time);
// with the length in an index the sum reads only the index. PostgreSQL cannot answer from an expression
// index without the column itself, and sums inside the autosave's single statement: nothing to add there.
export const answerSize: Migration = {
  async up(db: Kysely<any>) {
    if (isPostgres(db)) return;
    await sql`create index answer_size on answer (dossier_id, field_key, length(value_json))`.execute(db);
  },
};
