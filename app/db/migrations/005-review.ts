import type { Kysely, Migration } from "kysely";

// The instruction team of each call, reviewers' assignments, declared conflicts of interest and reviews.
export const review: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("call_member")
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("invited_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("call_member_pk", ["call_id", "user_id"])
      .execute();
    await db.schema
      .createTable("review_assignment")
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("reviewer_id", "text", (c) => c.notNull())
      .addColumn("assigned_by", "text", (c) => c.notNull())
      .addColumn("assigned_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("review_assignment_pk", ["dossier_id", "reviewer_id"])
      .execute();
    await db.schema.createIndex("review_assignment_reviewer").on("review_assignment").column("reviewer_id").execute();
    await db.schema
      .createTable("conflict_declaration")
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("reviewer_id", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("declared_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("conflict_declaration_pk", ["dossier_id", "reviewer_id"])
      .execute();
    await db.schema
      .createTable("review")
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("reviewer_id", "text", (c) => c.notNull())
      .addColumn("scores_json", "text", (c) => c.notNull())
      .addColumn("comment", "text", (c) => c.notNull())
      .addColumn("opinion", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("review_pk", ["dossier_id", "reviewer_id"])
      .execute();
  },
};
