// Migration 028 on a SQLite database that already holds facts and an index (an upgrade, not a new install):
// the facts keep every column, take their dossier's FTS row number, and a search reaches them by it.
import { Migrator, sql } from "kysely";
import { expect, it } from "vitest";
import { sqliteFiles } from "../../../tests/support/sqlite-file";
import { migrateToLatest, refreshPlannerStatistics } from "../database.server";
import { migrationProvider } from "./index";

const sqliteFile = sqliteFiles("trame-migration-");

const FACT_COLUMNS =
  "dossier_id, call_id, name, region, departement, stage, operating_since, sectors, charter, hosts_visit, sort_key, submitted_at, score_key, state";

it("gives existing facts their dossier's search row number, numbers the others, and keeps every column and index", async () => {
  const { db } = sqliteFile();
  const before = await new Migrator({ db, provider: migrationProvider }).migrateTo("027-fact-state");
  expect(before.error).toBeUndefined();
  // Facts as an earlier version wrote them: two dossiers indexed (row numbers 5 and 7), one still queued.
  await sql`pragma foreign_keys = off`.execute(db);
  const fact = (id: string, name: string, score: number, state: string) =>
    sql`insert into dossier_fact (${sql.raw(FACT_COLUMNS)}) values (${id}, 'call-1', ${name}, '76', '46', 'operational', 2010,
      ',emploi,', 1, 0, ${name.toLowerCase()}, '2015-03-01T10:00:00.000Z', ${score}, ${state})`.execute(db);
  for (const id of ["d-a", "d-b", "d-c"])
    await sql`insert into dossier (id, call_id, organization_id, form_version_id, state, created_by, created_at, updated_at)
      values (${id}, 'call-1', ${`org-${id}`}, 'form-1', 'submitted', 'user-1', '2015-03-01', '2015-03-01')`.execute(db);
  await fact("d-a", "Recyclerie du Lot", 3.5, "under_review");
  await fact("d-b", "Cantine solidaire", -1, "submitted");
  await fact("d-c", "Garage solidaire", 2, "accepted");
  await sql`insert into dossier_search_row (row, dossier_id) values (5, 'd-a'), (7, 'd-b')`.execute(db);
  await sql`insert into dossier_search (rowid, dossier_id, call_id, content) values
    (5, 'd-a', 'call-1', 'Recyclerie du Lot : collecte et réemploi'), (7, 'd-b', 'call-1', 'Cantine solidaire : repas')`.execute(db);
  await sql`pragma foreign_keys = on`.execute(db);
  const columns = async () => (await sql.raw(`select ${FACT_COLUMNS} from dossier_fact order by dossier_id`).execute(db)).rows;
  const kept = await columns();

  await migrateToLatest(db);

  expect(await columns()).toEqual(kept);
  const rows = (await sql<{ dossier_id: string; row: number }>`select dossier_id, row from dossier_fact order by dossier_id`.execute(db))
    .rows;
  expect(rows.slice(0, 2)).toEqual([
    { dossier_id: "d-a", row: 5 },
    { dossier_id: "d-b", row: 7 },
  ]);
  // The dossier not yet indexed got a number of its own, from the same counter, and keeps it when indexed.
  const numbered = (await sql<{ row: number }>`select row from dossier_search_row where dossier_id = 'd-c'`.execute(db)).rows;
  expect(numbered).toEqual([{ row: rows[2].row }]);
  expect(rows[2].row).toBeGreaterThan(7);
  // A search reaches the facts by the FTS row numbers alone.
  const found = await sql<{ dossier_id: string }>`select dossier_id from dossier_fact
    where row in (select rowid from dossier_search where dossier_search match '"recyclerie"*')`.execute(db);
  expect(found.rows).toEqual([{ dossier_id: "d-a" }]);
  // The same indexes as before, and the dossier's id still unique (a submission's facts are upserted by it).
  const indexes = (
    await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'index' and tbl_name = 'dossier_fact' and name not like 'sqlite_%' order by name`.execute(
      db,
    )
  ).rows.map((r) => r.name);
  expect(indexes).toEqual([
    "dossier_fact_call_name",
    "dossier_fact_call_region",
    "dossier_fact_call_score",
    "dossier_fact_call_sort",
    "dossier_fact_call_submitted",
  ]);
  // The rebuilt table lost its planner statistics; a process's start gathers them again (ADR 040).
  await refreshPlannerStatistics(db, { atStart: true });
  const stats = (await sql<{ idx: string }>`select idx from sqlite_stat1 where tbl = 'dossier_fact'`.execute(db)).rows.map((r) => r.idx);
  expect(stats).toEqual(expect.arrayContaining(["dossier_fact_call_sort", "sqlite_autoindex_dossier_fact_1"]));
  await expect(
    sql`insert into dossier_fact (row, ${sql.raw(FACT_COLUMNS)}) select 99, ${sql.raw(FACT_COLUMNS.replace("dossier_id, ", "'d-a', "))} from dossier_fact where dossier_id = 'd-b'`.execute(
      db,
    ),
  ).rejects.toThrow(/UNIQUE/);
});
