import type { Kysely, Migration } from "kysely";

// Issue 3, first part: the PTCE charter (versioned text, signatures and the Labo de l'ESS workflow,
// files for signatories), members' profiles in a call's community, and its events (learning visits,
// national meetings) with registrations.
export const charterCommunity: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("charter_text")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("version", "integer", (c) => c.notNull().unique())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("placeholder", "integer", (c) => c.notNull())
      .addColumn("created_by", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("charter_signature")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("organization_id", "text", (c) => c.notNull().unique().references("organization.id"))
      .addColumn("text_id", "text", (c) => c.notNull().references("charter_text.id"))
      .addColumn("sha256", "text", (c) => c.notNull())
      .addColumn("signatory_name", "text", (c) => c.notNull())
      .addColumn("signatory_role", "text", (c) => c.notNull())
      .addColumn("organisation_name", "text", (c) => c.notNull())
      .addColumn("signed_by", "text", (c) => c.notNull())
      .addColumn("signed_at", "text", (c) => c.notNull())
      .addColumn("committee_informed_on", "text")
      .addColumn("committee_informed_at", "text")
      .addColumn("kit_sent_at", "text")
      .addColumn("logo_authorised_at", "text")
      .addColumn("directory_opt_in", "integer", (c) => c.notNull())
      .addColumn("directory_description", "text")
      .addColumn("territory", "text")
      .execute();
    await db.schema
      .createTable("community_file")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull()) // kit | sheet_template
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("mime", "text", (c) => c.notNull())
      .addColumn("size", "integer", (c) => c.notNull())
      .addColumn("storage_key", "text", (c) => c.notNull())
      .addColumn("uploaded_by", "text", (c) => c.notNull())
      .addColumn("uploaded_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("member_profile")
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("organization_id", "text", (c) => c.notNull().references("organization.id"))
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("hosts", "integer", (c) => c.notNull())
      .addColumn("host_experiences", "text", (c) => c.notNull())
      .addColumn("host_from", "text")
      .addColumn("host_to", "text")
      .addColumn("updated_by", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("member_profile_pk", ["call_id", "organization_id"])
      .execute();
    await db.schema
      .createTable("community_event")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("call_id", "text", (c) => c.notNull().references("call.id"))
      .addColumn("kind", "text", (c) => c.notNull()) // visit | meeting
      .addColumn("status", "text", (c) => c.notNull()) // planned | published | cancelled
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("starts_at", "text", (c) => c.notNull())
      .addColumn("ends_at", "text", (c) => c.notNull())
      .addColumn("host_org_id", "text")
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("programme", "text", (c) => c.notNull())
      .addColumn("capacity", "integer", (c) => c.notNull())
      .addColumn("report", "text")
      .addColumn("report_at", "text")
      .addColumn("sequence", "integer", (c) => c.notNull()) // iCalendar SEQUENCE, bumped by each change
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("community_event_call").on("community_event").columns(["call_id", "starts_at"]).execute();
    await db.schema
      .createTable("event_registration")
      .addColumn("event_id", "text", (c) => c.notNull().references("community_event.id"))
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("organization_id", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull()) // registered | waitlisted | cancelled
      .addColumn("registered_at", "text", (c) => c.notNull())
      .addColumn("attended", "integer")
      .addColumn("reminded_at", "text")
      .addPrimaryKeyConstraint("event_registration_pk", ["event_id", "user_id"])
      .execute();
  },
};
