import type { Kysely, Migration } from "kysely";

// The rest of the instruction (issue 2): team invitations (reviewers, experts), private notes and labels,
// saved views, messages with the applicants, the reviewers' discussion, scores kept per dossier for
// filtering, letter templates, answers sent (one per decision), call settings and background exports.
export const instruction: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("call_invitation")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("dossier_id", "text", (c) => c.references("dossier.id"))
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("invited_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .addColumn("accepted_at", "text")
      .addColumn("accepted_by", "text")
      .execute();
    await db.schema.createIndex("call_invitation_call").on("call_invitation").column("call_id").execute();
    await db.schema
      .createTable("dossier_note")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("author_id", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("dossier_note_dossier").on("dossier_note").column("dossier_id").execute();
    await db.schema
      .createTable("dossier_label")
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("call_id", "text", (c) => c.notNull())
      .addColumn("label", "text", (c) => c.notNull())
      .addColumn("added_by", "text", (c) => c.notNull())
      .addColumn("added_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("dossier_label_pk", ["dossier_id", "label"])
      .execute();
    await db.schema.createIndex("dossier_label_call").on("dossier_label").columns(["call_id", "label"]).execute();
    await db.schema
      .createTable("saved_view")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("query", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("saved_view_user").on("saved_view").columns(["user_id", "call_id"]).execute();
    await db.schema
      .createTable("message")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("author_id", "text", (c) => c.notNull())
      .addColumn("side", "text", (c) => c.notNull()) // applicant | team
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("attachments_json", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("message_dossier").on("message").columns(["dossier_id", "created_at"]).execute();
    await db.schema
      .createTable("message_read")
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("read_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("message_read_pk", ["dossier_id", "user_id"])
      .execute();
    await db.schema
      .createTable("review_comment")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("author_id", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("review_comment_dossier").on("review_comment").column("dossier_id").execute();
    await db.schema
      .createTable("dossier_score")
      .addColumn("dossier_id", "text", (c) => c.primaryKey().references("dossier.id"))
      .addColumn("call_id", "text", (c) => c.notNull())
      .addColumn("overall", "real")
      .addColumn("reviewers", "integer", (c) => c.notNull())
      .addColumn("disagreement", "integer", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("dossier_score_call").on("dossier_score").columns(["call_id", "overall"]).execute();
    await db.schema
      .createTable("letter_template")
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("decision", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("updated_by", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("letter_template_pk", ["call_id", "decision"])
      .execute();
    // One row per decision (its transition): sending again the same decision finds the row and sends nothing.
    await db.schema
      .createTable("decision_answer")
      .addColumn("transition_id", "text", (c) => c.primaryKey().references("dossier_transition.id"))
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("call_id", "text", (c) => c.notNull())
      .addColumn("decision", "text", (c) => c.notNull())
      .addColumn("reasons", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("sent_by", "text", (c) => c.notNull())
      .addColumn("sent_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("decision_answer_dossier").on("decision_answer").columns(["dossier_id", "sent_at"]).execute();
    await db.schema
      .createTable("call_setting")
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("call_setting_pk", ["call_id", "key"])
      .execute();
    await db.schema
      .createTable("export_job")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("format", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("done", "integer", (c) => c.notNull())
      .addColumn("total", "integer", (c) => c.notNull())
      .addColumn("storage_key", "text")
      .addColumn("filename", "text")
      .addColumn("size", "integer")
      .addColumn("error", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .execute();
    await db.schema.createIndex("export_job_user").on("export_job").columns(["user_id", "created_at"]).execute();
  },
};
