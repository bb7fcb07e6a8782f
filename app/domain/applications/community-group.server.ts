// A named group beside the dossier's state machine (issue 10): the community of a call is made of the
// organisations whose dossier is accepted *and* whose answer saying so has been sent (ADR 009: nothing of a
// decision is visible to the applicant before its answer is sent). The accepted state alone is not enough.
import type { Kdb } from "../../db/database.server";

/** Ids of dossiers whose acceptance has been sent: use as `.where("dossier.id", "in", acceptanceSent(db))` beside the accepted state. */
export function acceptanceSent(db: Kdb) {
  return db.selectFrom("decision_answer").select("decision_answer.dossier_id").where("decision_answer.decision", "=", "accepted");
}
