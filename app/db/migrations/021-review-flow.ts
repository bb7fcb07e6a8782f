import type { Kysely, Migration } from "kysely";

// Issue 12, review and selection: reviewers' preferences before the assignment, a per-reviewer limit,
// the assignment runs with their explanation, reminders before the review's due date (sent once), and
// the reviews an organiser chose to share with the applicant in the decision letter.
export const reviewFlow: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("reviewer_preference")
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("reviewer_id", "text", (c) => c.notNull())
      .addColumn("level", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("reviewer_preference_pk", ["dossier_id", "reviewer_id"])
      .execute();
    await db.schema.createIndex("reviewer_preference_reviewer").on("reviewer_preference").column("reviewer_id").execute();
    await db.schema.alterTable("call_member").addColumn("max_load", "integer").execute();
    await db.schema
      .createTable("assignment_run")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("actor_id", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("explanation_json", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("assignment_run_call").on("assignment_run").columns(["call_id", "at"]).execute();
    await db.schema
      .createTable("review_reminder")
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("reviewer_id", "text", (c) => c.notNull())
      .addColumn("due_at", "text", (c) => c.notNull())
      .addColumn("sent_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("review_reminder_pk", ["call_id", "reviewer_id", "due_at"])
      .execute();
    await db.schema.alterTable("review").addColumn("shared_at", "text").execute();
  },
};
