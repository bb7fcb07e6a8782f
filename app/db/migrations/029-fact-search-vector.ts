import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

// Issue 11, PostgreSQL only (ADR 041): a search's matches came from the search table's GIN index as
// dossier ids, and each one was then looked up in the facts by its key to be counted, filtered and sorted
// — ~5–8 µs apiece, 20–40 ms for a word matching 5,000 of 50,000 dossiers, twice a page. The facts now
// keep the dossier's text vector themselves, under their own GIN index: a search is a bitmap scan of the
// facts, with no lookup per match (the same counts in 2–5 ms on the same data). The search table and the
// function that read it go; SQLite keeps its FTS table, whose row numbers the facts already share
// (migration 028).
export const factSearchVector: Migration = {
  async up(db: Kysely<any>) {
    if (!isPostgres(db)) return;
    await sql`alter table dossier_fact add column tsv tsvector`.execute(db);
    await sql`update dossier_fact set tsv = dossier_search.tsv from dossier_search where dossier_search.dossier_id = dossier_fact.dossier_id`.execute(
      db,
    );
    // New words wait in the index's pending list, which every search reads whole, until it is merged into
    // the index: 256 kB rather than PostgreSQL's 4 MB. A pending list of 4 MB after the bench's seeding cost
    // each search ~25 ms (25 → 61 req/s once merged); with no pending list at all (fastupdate off), every
    // change of a fact's indexed column would write its vector's words into the index at once (2,000
    // facts: 0.2 → 1.8 s).
    await sql`create index dossier_fact_tsv on dossier_fact using gin (tsv) with (gin_pending_list_limit = 256)`.execute(db);
    await sql`drop function if exists trame_search_matches(text, tsquery)`.execute(db);
    await sql`drop table dossier_search`.execute(db);
    // The planner's estimates of a word's matches come from the column's statistics: gathered now, not at
    // autovacuum's next pass.
    await sql`analyze dossier_fact`.execute(db);
  },
};
