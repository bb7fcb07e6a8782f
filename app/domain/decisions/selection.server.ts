// Confirming the selection assistant's proposal: every undecided dossier of the call gets its decision —
// accepted, waiting list or declined — each with its own reasons, through the dossier's state machine.
import { assertOrganisesCall } from "../access/policy.server";
import { requestTurns, type Kdb } from "../../db/database.server";
import { DomainError } from "../../lib/errors";
import { applyOrganiserTransition } from "../applications/dossiers.server";
import { inGroup, type DossierEvent } from "../applications/lifecycle";
import type { Decision } from "./letters";

const EVENT: Record<Decision, DossierEvent> = { accepted: "accept", declined: "decline", waitlisted: "waitlist" };

export interface SelectionDecision {
  dossierId: string;
  decision: Decision;
  reasons: string;
}

/**
 * Applies the decisions; all reasons are checked first (nothing is decided when one is missing).
 * Dossiers already accepted or declined are left as they are and reported.
 */
export async function confirmSelection(
  db: Kdb,
  input: { callId: string; actorId: string; decisions: SelectionDecision[]; appUrl: string; now?: Date },
) {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const ids = input.decisions.map((d) => d.dossierId);
  if (new Set(ids).size !== ids.length) throw new DomainError("error.badRequest", 400);
  const rows = ids.length
    ? await db.selectFrom("dossier").select(["id", "state"]).where("call_id", "=", input.callId).where("id", "in", ids).execute()
    : [];
  const stateOf = new Map(rows.map((r) => [r.id, r.state]));
  const missing = input.decisions.filter((d) => !stateOf.has(d.dossierId));
  if (missing.length) throw new DomainError("error.notFound", 404);
  const noReason = input.decisions.filter((d) => d.reasons.trim().length < 10);
  if (noReason.length) throw new DomainError("selection.reasonsMissing", 400, { n: noReason.length });
  const applied: SelectionDecision[] = [];
  const unchanged: { dossierId: string; state: string }[] = [];
  const letRequestsIn = requestTurns(db);
  for (const d of input.decisions) {
    const state = stateOf.get(d.dossierId)!;
    if (!inGroup(state, "undecided") || (state === "waitlisted" && d.decision === "waitlisted")) {
      unchanged.push({ dossierId: d.dossierId, state });
      continue;
    }
    await applyOrganiserTransition(db, {
      dossierId: d.dossierId,
      event: EVENT[d.decision],
      actorId: input.actorId,
      note: d.reasons,
      appUrl: input.appUrl,
      now: input.now,
    });
    applied.push(d);
    await letRequestsIn();
  }
  return { applied, unchanged };
}
