// Migration 029 on a PostgreSQL database that already holds facts and a search table (an upgrade): each
// dossier's text vector moves into its facts, a search reaches the facts through their own GIN index,
// and the search table and its function are gone.
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase } from "../../../tests/support/postgres";
import { migrateToLatest, openDatabase, type Database_, type Kdb } from "../database.server";
import { migrationProvider } from "./index";

const FACT_COLUMNS =
  "dossier_id, call_id, name, region, departement, stage, operating_since, sectors, charter, hosts_visit, sort_key, submitted_at, score_key, state";

let pgdb: Awaited<ReturnType<typeof createTestDatabase>>;
let opened: Database_;
let db: Kdb;
beforeAll(async () => {
  pgdb = await createTestDatabase();
  // Opened as the application opens it (the SQLite path is not used with a PostgreSQL address).
  opened = openDatabase({ url: pgdb.url, sqlitePath: ":memory:" });
  db = opened.db;
});
afterAll(async () => {
  await opened.close();
  await pgdb.drop();
});

it("moves each dossier's text vector into its facts, searches them through their own index, and drops the search table", async () => {
  const before = await new Migrator({ db, provider: migrationProvider }).migrateTo("028-fact-search-rows");
  expect(before.error).toBeUndefined();
  // Facts and search rows as an earlier version wrote them: two dossiers indexed, one still queued.
  await sql`set session_replication_role = replica`.execute(db); // no foreign keys for this hand-made data
  const fact = (id: string, name: string, score: number, state: string) =>
    sql`insert into dossier_fact (${sql.raw(FACT_COLUMNS)}) values (${id}, 'call-1', ${name}, '76', '46', 'operational', 2010,
      ',emploi,', 1, 0, ${name.toLowerCase()}, '2015-03-01T10:00:00.000Z', ${score}, ${state})`.execute(db);
  await fact("d-a", "Recyclerie du Lot", 3.5, "under_review");
  await fact("d-b", "Cantine solidaire", -1, "submitted");
  await fact("d-c", "Garage solidaire", 2, "accepted");
  await sql`insert into dossier_search (dossier_id, call_id, content) values
    ('d-a', 'call-1', 'Recyclerie du Lot : collecte et reemploi'), ('d-b', 'call-1', 'Cantine solidaire : repas')`.execute(db);
  await sql`set session_replication_role = origin`.execute(db);
  const columns = async () => (await sql.raw(`select ${FACT_COLUMNS} from dossier_fact order by dossier_id`).execute(db)).rows;
  const kept = await columns();

  await migrateToLatest(db);

  expect(await columns()).toEqual(kept);
  const search = async (words: string) =>
    (
      await sql<{ dossier_id: string }>`select dossier_id from dossier_fact
        where call_id = 'call-1' and tsv @@ to_tsquery('french', ${words}) order by dossier_id`.execute(db)
    ).rows.map((r) => r.dossier_id);
  expect(await search("recyclerie")).toEqual(["d-a"]);
  expect(await search("repas")).toEqual(["d-b"]);
  // The dossier not yet indexed has no vector: its queued job writes it into the facts.
  expect((await sql`select 1 from dossier_fact where dossier_id = 'd-c' and tsv is null`.execute(db)).rows).toHaveLength(1);
  // The facts' own GIN index serves the search; the old table and function are gone.
  const indexes = (await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'dossier_fact_tsv'`.execute(db)).rows;
  expect(indexes[0]?.indexdef).toMatch(/USING gin \(tsv\) WITH \(gin_pending_list_limit='256'\)/);
  expect((await sql`select 1 from pg_tables where tablename = 'dossier_search'`.execute(db)).rows).toHaveLength(0);
  expect((await sql`select 1 from pg_proc where proname = 'trame_search_matches'`.execute(db)).rows).toHaveLength(0);
});
