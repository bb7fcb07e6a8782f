import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

// Issue 11: the organisers' filtered lists and searches counted their matches by joining every match to
// its dossier, only to read its state (~80 % of a filtered count). The facts now keep the state beside the
// filters, written by the lifecycle at each transition (lifecycle.server.ts) and resynchronised by the
// periodic recount: a count reads the facts alone. And a search's look at the index queue (is any of this
// call's submissions still waiting?) read every pending job — the receipts too, thousands at a deadline —
// to test each one's payload: jobs are now indexed by type before state.
// PostgreSQL's full-text matches: its planner read the whole search table rather than the GIN index, costing
// the sequential scan by the table's few pages and not by detoasting each dossier's stored tsvector
// (148 ms against 2.3 ms for 2,000 matches among 21,000 dossiers), and with the call's own b-tree index it
// filtered every dossier of the call the same way. That index goes; the matches come from a function
// planned without sequential scans, so that the GIN index is the way left (search.server.ts).
export const factState: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable("dossier_fact")
      .addColumn("state", "text", (c) => c.notNull().defaultTo("submitted"))
      .execute();
    await sql`update dossier_fact set state = (select dossier.state from dossier where dossier.id = dossier_fact.dossier_id)
      where exists (select 1 from dossier where dossier.id = dossier_fact.dossier_id)`.execute(db);
    await db.schema.createIndex("job_type_due").on("job").columns(["type", "status", "run_at"]).execute();
    if (isPostgres(db)) {
      await sql`drop index if exists dossier_search_call`.execute(db);
      await sql`create or replace function trame_search_matches(for_call text, words tsquery) returns setof text
        language sql stable set enable_seqscan = off rows 1000
        as $$ select dossier_id from dossier_search where call_id = for_call and tsv @@ words $$`.execute(db);
    }
  },
};
