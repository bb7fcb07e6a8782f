import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../dialect";

// SQLite only (issue 11, ADR 040). A search reached each match's facts by way of its text key: the FTS row
// number, then dossier_search_row for the dossier's id, a list of those ids built and sorted, then the
// facts' key index and the facts' table — per match, up to 2,001 for a count and up to every match for a
// page (6–14 ms a statement at 50,000 dossiers). The facts now carry the dossier's FTS row number as their
// own row number (`row`, the table's INTEGER PRIMARY KEY): the FTS matches' row numbers are the facts'
// keys. dossier_search_row stays the one that hands numbers out (AUTOINCREMENT: a number is never given
// twice, even after a purge); the facts copy it. The table is rebuilt, with the same columns and the same indexes.
export const factSearchRows: Migration = {
  async up(db: Kysely<any>) {
    if (isPostgres(db)) return;
    // Every dossier with facts gets its number now (those indexed already keep theirs).
    await sql`insert into dossier_search_row (dossier_id)
      select dossier_id from dossier_fact where dossier_id not in (select dossier_id from dossier_search_row)
      order by dossier_id`.execute(db);
    await sql`create table dossier_fact_new (
      row integer primary key,
      dossier_id text not null unique references dossier (id),
      call_id text not null,
      name text not null,
      region text,
      departement text,
      stage text,
      operating_since integer,
      sectors text not null,
      charter integer,
      hosts_visit integer,
      sort_key text default '' not null,
      submitted_at text default '' not null,
      score_key real default -1 not null,
      state text default 'submitted' not null
    )`.execute(db);
    const kept = [
      "dossier_id",
      "call_id",
      "name",
      "region",
      "departement",
      "stage",
      "operating_since",
      "sectors",
      "charter",
      "hosts_visit",
      "sort_key",
      "submitted_at",
      "score_key",
      "state",
    ];
    await sql`insert into dossier_fact_new (row, ${sql.raw(kept.join(", "))})
      select r.row, ${sql.raw(kept.map((c) => `f.${c}`).join(", "))}
      from dossier_fact f inner join dossier_search_row r on r.dossier_id = f.dossier_id`.execute(db);
    // The same indexes, from their own definitions (dropped with the old table).
    const { rows: indexes } = await sql<{ sql: string }>`select sql from sqlite_master
      where type = 'index' and tbl_name = 'dossier_fact' and sql is not null`.execute(db);
    await sql`drop table dossier_fact`.execute(db);
    await sql`alter table dossier_fact_new rename to dossier_fact`.execute(db);
    for (const index of indexes) await sql.raw(index.sql).execute(db);
  },
};
