// Reading a submission's profile: the one stored with it, or — for submissions made before profiles were
// kept — the one its own form version gives (same pure function, same result).
import type { Kdb } from "../../db/database.server";
import type { Answers } from "../../forms/definition";
import { formDefinition } from "../calls/calls.server";
import { dossierProfile, type DossierProfile } from "./profile";

export async function submissionProfile(
  db: Kdb,
  row: { profile_json: string | null; answers_json: string; form_version_id: string },
): Promise<DossierProfile> {
  if (row.profile_json) return JSON.parse(row.profile_json) as DossierProfile;
  return dossierProfile(await formDefinition(db, row.form_version_id), JSON.parse(row.answers_json) as Answers);
}
