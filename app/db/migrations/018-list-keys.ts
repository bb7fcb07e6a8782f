import { sql, type Kysely, type Migration } from "kysely";
import { frenchSortKey } from "../../lib/french-sort";

// Issue 11: the organisers' list at tens of thousands of dossiers. Its cost must follow the rows shown,
// not the rows of the call:
// - each sort reads an index in order and pages by key (no OFFSET, no sort of every row): the French
//   name key, the last submission and the overall score are kept on dossier_fact, beside the call;
// - the per-state counts are kept, updated in the same transaction as every change of state, in a few
//   shards per state so that simultaneous submissions do not queue on one row.
export const listKeys: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable("dossier_fact")
      .addColumn("sort_key", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await db.schema
      .alterTable("dossier_fact")
      .addColumn("submitted_at", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await db.schema
      .alterTable("dossier_fact")
      .addColumn("score_key", "real", (c) => c.notNull().defaultTo(-1))
      .execute();
    for (let after = ""; ;) {
      const rows = await db
        .selectFrom("dossier_fact")
        .select(["dossier_id", "name"])
        .where("dossier_id", ">", after)
        .orderBy("dossier_id")
        .limit(1000)
        .execute();
      if (!rows.length) break;
      for (const r of rows)
        await db
          .updateTable("dossier_fact")
          .set({ sort_key: frenchSortKey(r.name) })
          .where("dossier_id", "=", r.dossier_id)
          .execute();
      after = rows[rows.length - 1].dossier_id;
    }
    await sql`update dossier_fact set submitted_at = coalesce((select last_submitted_at from dossier where dossier.id = dossier_fact.dossier_id), '')`.execute(
      db,
    );
    await sql`update dossier_fact set score_key = coalesce((select overall from dossier_score where dossier_score.dossier_id = dossier_fact.dossier_id), -1)`.execute(
      db,
    );
    await db.schema.createIndex("dossier_fact_call_sort").on("dossier_fact").columns(["call_id", "sort_key", "dossier_id"]).execute();
    await db.schema
      .createIndex("dossier_fact_call_submitted")
      .on("dossier_fact")
      .columns(["call_id", "submitted_at", "dossier_id"])
      .execute();
    await db.schema.createIndex("dossier_fact_call_score").on("dossier_fact").columns(["call_id", "score_key", "dossier_id"]).execute();
    await db.schema.createIndex("dossier_call_updated").on("dossier").columns(["call_id", "updated_at", "id"]).execute();
    // Exports read a call's dossiers in batches by id: a range of this index, not a sort of the call.
    await db.schema.createIndex("dossier_call_id").on("dossier").columns(["call_id", "id"]).execute();

    await db.schema
      .createTable("call_state_count")
      .addColumn("call_id", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("shard", "integer", (c) => c.notNull())
      .addColumn("n", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("call_state_count_pk", ["call_id", "state", "shard"])
      .execute();
    await sql`insert into call_state_count (call_id, state, shard, n) select call_id, state, 0, count(*) from dossier group by call_id, state`.execute(
      db,
    );
  },
};
