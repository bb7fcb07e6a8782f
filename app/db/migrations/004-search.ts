import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

// French full-text search over submitted dossiers, one table per database behind one interface
// (app/domain/applications/search.server.ts): SQLite FTS5 without accents, PostgreSQL French stemming.
export const search: Migration = {
  async up(db: Kysely<any>) {
    const postgres = isPostgres(db);
    if (postgres) {
      await sql`create table dossier_search (
        dossier_id text primary key,
        call_id text not null,
        content text not null,
        tsv tsvector generated always as (to_tsvector('french', content)) stored
      )`.execute(db);
      await sql`create index dossier_search_tsv on dossier_search using gin (tsv)`.execute(db);
      await sql`create index dossier_search_call on dossier_search (call_id)`.execute(db);
    } else {
      await sql`create virtual table dossier_search using fts5(dossier_id unindexed, call_id unindexed, content, tokenize = 'unicode61 remove_diacritics 2')`.execute(
        db,
      );
    }
  },
};
