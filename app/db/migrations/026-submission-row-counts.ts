import type { Kysely, Migration } from "kysely";
import { rowCounts } from "../../domain/applications/row-counts";

// Issue 11: the XLSX and CSV exports read each submission's answers twice — once only to learn how many
// numbered columns each repeatable group needs. Each submission now keeps those counts (a few bytes);
// the submissions made before are counted here once, in batches.
export const submissionRowCounts: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable("submission").addColumn("row_counts_json", "text").execute();
    let after = "";
    for (;;) {
      const rows: { id: string; answers_json: string }[] = await db
        .selectFrom("submission")
        .select(["id", "answers_json"])
        .where("id", ">", after)
        .orderBy("id")
        .limit(500)
        .execute();
      if (rows.length === 0) return;
      for (const r of rows) {
        let counts = {};
        try {
          counts = rowCounts(JSON.parse(r.answers_json));
        } catch {
          // An unreadable old row: the export parses it as before.
          continue;
        }
        await db
          .updateTable("submission")
          .set({ row_counts_json: JSON.stringify(counts) })
          .where("id", "=", r.id)
          .execute();
      }
      after = rows[rows.length - 1].id;
    }
  },
};
