import { sql, type Kysely, type Migration } from "kysely";

// Issue 12, the community's follow-up: each charter signing kept with the version signed (signatories
// sign a new version again); events with adjustable reminders, a door code for attendance and a date by
// which a visit's knowledge is captured; per-thread notification levels.
export const communityFollowUp: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("charter_signing")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("signature_id", "text", (c) => c.notNull())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("text_id", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("sha256", "text", (c) => c.notNull())
      .addColumn("signatory_name", "text", (c) => c.notNull())
      .addColumn("signatory_role", "text", (c) => c.notNull())
      .addColumn("signed_by", "text", (c) => c.notNull())
      .addColumn("signed_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("charter_signing_org").on("charter_signing").columns(["organization_id", "version"]).unique().execute();
    // The signatures made before: each is the first signing of its organisation.
    await sql`insert into charter_signing (id, signature_id, organization_id, text_id, version, sha256, signatory_name, signatory_role, signed_by, signed_at)
      select s.id, s.id, s.organization_id, s.text_id, t.version, s.sha256, s.signatory_name, s.signatory_role, s.signed_by, s.signed_at
      from charter_signature s join charter_text t on t.id = s.text_id`.execute(db);
    await db.schema.alterTable("community_event").addColumn("reminder_hours", "integer").execute();
    await db.schema.alterTable("community_event").addColumn("reminder_text", "text").execute();
    await db.schema.alterTable("community_event").addColumn("checkin_code", "text").execute();
    await db.schema.alterTable("community_event").addColumn("capture_due", "text").execute();
    await db.schema.alterTable("event_registration").addColumn("checked_in_at", "text").execute();
    await db.schema.alterTable("community_event").addColumn("capture_reminded_at", "text").execute();
    await db.schema
      .createTable("thread_subscription")
      .addColumn("thread_id", "text", (c) => c.notNull())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("level", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("thread_subscription_pk", ["thread_id", "user_id"])
      .execute();
    await db.schema.createIndex("thread_subscription_user").on("thread_subscription").column("user_id").execute();
  },
};
