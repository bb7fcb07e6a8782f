import type { Kysely, Migration } from "kysely";

// Issue 10: the list of dossiers filters on each call's own fields marked `filterable` (a legal form, an
// amount requested…), copied at each submission. Dossiers submitted before are backfilled from their latest
// submission and its form version (frozen logic: choices, yes/no, numbers and amounts, as of 2026-12).
interface StoredField {
  key: string;
  type: string;
  filterable?: boolean;
  meaning?: string;
}
const OWN_FILTERS = ["seatCommune", "stage", "sectors", "operatingSince", "wantsCharter", "hostsVisit", "applicantName"];

export const answerFacts: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("dossier_answer_fact")
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("call_id", "text", (c) => c.notNull())
      .addColumn("field_key", "text", (c) => c.notNull())
      .addColumn("value_text", "text")
      .addColumn("value_number", "double precision")
      .execute();
    await db.schema.createIndex("dossier_answer_fact_dossier").on("dossier_answer_fact").columns(["dossier_id", "field_key"]).execute();
    await db.schema
      .createIndex("dossier_answer_fact_filter")
      .on("dossier_answer_fact")
      .columns(["call_id", "field_key", "value_text"])
      .execute();
    const rows = await db
      .selectFrom("dossier")
      .innerJoin("submission", (j) =>
        j.onRef("submission.dossier_id", "=", "dossier.id").onRef("submission.number", "=", "dossier.submission_count"),
      )
      .innerJoin("form_version", "form_version.id", "submission.form_version_id")
      .select(["dossier.id", "dossier.call_id", "submission.answers_json", "form_version.definition_json"])
      .execute();
    for (const r of rows as { id: string; call_id: string; answers_json: string; definition_json: string }[]) {
      const def = JSON.parse(r.definition_json) as { sections: { items: StoredField[] }[] };
      const answers = JSON.parse(r.answers_json) as Record<string, unknown>;
      for (const f of def.sections.flatMap((s) => s.items)) {
        if (!f.filterable || (f.meaning && OWN_FILTERS.includes(f.meaning))) continue;
        const v = answers[f.key];
        const values: { value_text: string | null; value_number: number | null }[] = [];
        if (f.type === "multichoice" && Array.isArray(v))
          for (const x of new Set(v.map(String))) values.push({ value_text: x, value_number: null });
        else if ((f.type === "choice" || f.type === "yesno") && typeof v === "string" && v)
          values.push({ value_text: v, value_number: null });
        else if ((f.type === "number" || f.type === "money") && typeof v === "string") {
          const cleaned = v
            .replace(/[\s\u00a0\u202f]/g, "")
            .replace(/(€|eur|euros?|%)$/i, "")
            .replace(",", ".");
          const n = Number(cleaned);
          if (cleaned !== "" && Number.isFinite(n)) values.push({ value_text: null, value_number: n });
        }
        for (const x of values)
          await db
            .insertInto("dossier_answer_fact")
            .values({ dossier_id: r.id, call_id: r.call_id, field_key: f.key, ...x })
            .execute();
      }
    }
  },
};
