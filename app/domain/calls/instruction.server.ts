// What organisers see of a call's dossiers (the full instruction workspace comes with review).
import type { Kdb } from "../../db/database.server";

export async function dossiersOfCall(db: Kdb, callId: string) {
  return db
    .selectFrom("dossier")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .leftJoin("deadline_extension", (j) => j.onRef("deadline_extension.call_id", "=", "dossier.call_id").onRef("deadline_extension.organization_id", "=", "dossier.organization_id"))
    .select(["dossier.id", "dossier.state", "dossier.updated_at", "dossier.last_submitted_at", "dossier.submission_count", "organization.id as organization_id", "organization.name as organization_name", "deadline_extension.closes_at as extended_until"])
    .where("dossier.call_id", "=", callId)
    .orderBy("organization.name")
    .limit(500)
    .execute();
}

export async function capturedEmails(db: Kdb, limit = 200) {
  return db.selectFrom("email").selectAll().orderBy("created_at", "desc").limit(limit).execute();
}
