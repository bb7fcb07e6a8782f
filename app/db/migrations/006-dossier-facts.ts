import type { Kysely, Migration } from "kysely";

// The facts reviewers filter on, copied from each dossier's latest submission into indexed columns, so
// instruction lists filter and paginate in SQL on both databases (no JSON queries).
export const dossierFacts: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("dossier_fact")
      .addColumn("dossier_id", "text", (c) => c.primaryKey().references("dossier.id"))
      .addColumn("call_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("region", "text")
      .addColumn("departement", "text")
      .addColumn("stage", "text")
      .addColumn("operational_since", "integer")
      .addColumn("sectors", "text", (c) => c.notNull()) // ",emploi,culture," for LIKE '%,emploi,%'
      .addColumn("charter", "integer")
      .addColumn("host_visit", "integer")
      .execute();
    await db.schema.createIndex("dossier_fact_call_region").on("dossier_fact").columns(["call_id", "region"]).execute();
    await db.schema.createIndex("dossier_fact_call_name").on("dossier_fact").columns(["call_id", "name"]).execute();
  },
};
