import type { Kysely, Migration } from "kysely";

// Types kept portable between SQLite and PostgreSQL: text, integer. See ADR 002.
export const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("call")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("slug", "text", (c) => c.notNull().unique())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("default_locale", "text", (c) => c.notNull())
      .addColumn("content_json", "text", (c) => c.notNull())
      .addColumn("timeline_json", "text", (c) => c.notNull())
      .addColumn("opens_at", "text", (c) => c.notNull())
      .addColumn("closes_at", "text", (c) => c.notNull())
      .addColumn("current_form_version_id", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("form_version")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("definition_json", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addUniqueConstraint("form_version_call_version", ["call_id", "version"])
      .execute();

    await db.schema
      .createTable("organization")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("membership")
      .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id"))
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("membership_pk", ["organization_id", "user_id"])
      .execute();
    await db.schema.createIndex("membership_user").on("membership").column("user_id").execute();

    await db.schema
      .createTable("invitation")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id"))
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("invited_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .addColumn("accepted_at", "text")
      .addColumn("accepted_by", "text")
      .execute();

    await db.schema
      .createTable("dossier")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id"))
      .addColumn("form_version_id", "text", (c) => c.notNull().references("form_version.id"))
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("lock_version", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("submission_count", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("last_submitted_at", "text")
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addUniqueConstraint("dossier_one_per_org_and_call", ["call_id", "organization_id"])
      .execute();
    await db.schema.createIndex("dossier_org").on("dossier").column("organization_id").execute();
    await db.schema.createIndex("dossier_call_state").on("dossier").columns(["call_id", "state"]).execute();

    await db.schema
      .createTable("answer")
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("field_key", "text", (c) => c.notNull())
      .addColumn("value_json", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("updated_by", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("answer_pk", ["dossier_id", "field_key"])
      .execute();

    await db.schema
      .createTable("answer_revision")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("field_key", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("value_json", "text", (c) => c.notNull())
      .addColumn("saved_by", "text", (c) => c.notNull())
      .addColumn("saved_at", "text", (c) => c.notNull())
      .addUniqueConstraint("answer_revision_unique", ["dossier_id", "field_key", "version"])
      .execute();

    await db.schema
      .createTable("dossier_transition")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("from_state", "text", (c) => c.notNull())
      .addColumn("to_state", "text", (c) => c.notNull())
      .addColumn("event", "text", (c) => c.notNull())
      .addColumn("actor_id", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("note", "text")
      .execute();
    await db.schema.createIndex("dossier_transition_dossier").on("dossier_transition").column("dossier_id").execute();

    await db.schema
      .createTable("submission")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("form_version_id", "text", (c) => c.notNull())
      .addColumn("answers_json", "text", (c) => c.notNull())
      .addColumn("attachments_json", "text", (c) => c.notNull())
      .addColumn("submitted_by", "text", (c) => c.notNull())
      .addColumn("submitted_at", "text", (c) => c.notNull())
      .addUniqueConstraint("submission_number_unique", ["dossier_id", "number"])
      .execute();

    await db.schema
      .createTable("attachment")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("dossier_id", "text", (c) => c.notNull().references("dossier.id"))
      .addColumn("field_key", "text", (c) => c.notNull())
      .addColumn("original_name", "text", (c) => c.notNull())
      .addColumn("safe_name", "text", (c) => c.notNull())
      .addColumn("mime", "text", (c) => c.notNull())
      .addColumn("size", "integer", (c) => c.notNull())
      .addColumn("sha256", "text", (c) => c.notNull())
      .addColumn("storage_key", "text", (c) => c.notNull())
      .addColumn("uploaded_by", "text", (c) => c.notNull())
      .addColumn("uploaded_at", "text", (c) => c.notNull())
      .addColumn("deleted_at", "text")
      .execute();
    await db.schema.createIndex("attachment_dossier").on("attachment").column("dossier_id").execute();

    await db.schema
      .createTable("deadline_extension")
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id"))
      .addColumn("closes_at", "text", (c) => c.notNull())
      .addColumn("granted_by", "text", (c) => c.notNull())
      .addColumn("granted_at", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("deadline_extension_pk", ["call_id", "organization_id"])
      .execute();

    await db.schema
      .createTable("job")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("payload_json", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("run_at", "text", (c) => c.notNull())
      .addColumn("locked_at", "text")
      .addColumn("last_error", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("job_due").on("job").columns(["status", "run_at"]).execute();

    await db.schema
      .createTable("email")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("to_addr", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("text_body", "text", (c) => c.notNull())
      .addColumn("html_body", "text")
      .addColumn("attachments_json", "text", (c) => c.notNull())
      .addColumn("transport", "text", (c) => c.notNull())
      .addColumn("message_id", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("email_created").on("email").column("created_at").execute();

    await db.schema
      .createTable("app_setting")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .execute();
  },
};
