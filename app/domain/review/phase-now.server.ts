// The phase in force for a call, from the cached call (no query on the hot paths), and what it hides from
// whom: organisers always see everything; reviewers and experts follow the phase.
import type { Kdb } from "../../db/database.server";
import { findCallById } from "../calls/calls.server";
import type { CallRole } from "../access/policy.server";
import { allFields, type Field, type FormDefinition } from "../../forms/definition";
import { OPEN_RIGHTS, phaseAt, type PhaseNow } from "./phases";

export async function phaseOfCall(db: Kdb, callId: string, now = new Date()): Promise<PhaseNow> {
  const call = await findCallById(db, callId);
  return call ? phaseAt(call.content.phases, now) : { current: null, next: null, rights: OPEN_RIGHTS };
}

/** Names are hidden from this person now: a reviewer or an expert, in a phase that hides them. */
export function namesHidden(role: CallRole | null, phase: PhaseNow): boolean {
  return role !== "organiser" && !phase.rights.seeNames;
}

/** What identifies the applicant: the name, carrier, contact, SIRET, and any e-mail, phone or SIRET answer. */
const IDENTITY_MEANINGS = new Set(["applicantName", "carrierName", "contactName", "contactRole", "contactEmail", "contactPhone", "siret"]);
export function isIdentityField(field: Field): boolean {
  return (field.meaning !== undefined && IDENTITY_MEANINGS.has(field.meaning)) || ["email", "phone", "siret"].includes(field.type);
}

/** The keys of a form's identity questions (left out of what reviewers see while names are hidden). */
export function identityKeys(def: FormDefinition): Set<string> {
  return new Set(
    allFields(def)
      .filter(({ field }) => isIdentityField(field))
      .map(({ field }) => field.key),
  );
}
