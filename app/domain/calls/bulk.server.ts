// Bulk actions on the dossiers a query keeps (issue 12): assign a reviewer, add a label, decide, or write
// to the applicants — each on every matching dossier (not only the page shown), each through the same
// domain function one dossier at a time would use, so its rules hold (no reviewer on their own
// organisation's dossier, decisions with reasons, messages in the dossier's thread and e-mailed).
// A dossier the action does not apply to is counted as skipped, with why.
import { requestTurns, type Kdb } from "../../db/database.server";
import type { FileStorage } from "../../files/storage.server";
import { DomainError } from "../../lib/errors";
import { assertOrganisesCall } from "../access/policy.server";
import { findCallById, formDefinition } from "./calls.server";
import { matchingDossierIds } from "./instruction.server";
import { parseDossierQuery } from "./dossier-query";
import { assignManually } from "../review/team.server";
import { notifyAssigned } from "../review/assignment-flow.server";
import { addLabel } from "../review/collaboration.server";
import { confirmSelection } from "../decisions/selection.server";
import { postMessage } from "../applications/messages.server";
import type { UploadLimits } from "../applications/attachments.server";
import type { Decision } from "../decisions/letters";
import type { MessageKey } from "../../i18n/i18n";

/** At most this many dossiers per bulk action: beyond, narrow the filters (a message says so). */
export const BULK_CAP = 2000;
/**
 * A bulk action with a search waits at most this long for a short index queue (a few submissions just
 * made); after it, or at once behind a long queue (notYetSearchable), it refuses (« réessayez dans
 * quelques secondes ») rather than act on fewer dossiers than match.
 */
const BULK_SEARCH_WAIT_MS = 5000;

export type BulkAction =
  | { kind: "assign"; reviewerId: string }
  | { kind: "label"; label: string }
  | { kind: "decide"; decision: Decision; reasons: string }
  | { kind: "message"; body: string };

export interface BulkOutcome {
  matched: number;
  applied: number;
  skipped: { dossierId: string; why: MessageKey }[];
}

/** The dossiers a query keeps, for the confirmation (« this will apply to 37 dossiers »). */
export async function dossiersForQuery(db: Kdb, input: { callId: string; actorId: string; query: string }): Promise<string[]> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const call = await findCallById(db, input.callId);
  if (!call) throw new DomainError("error.notFound", 404);
  const filters = parseDossierQuery(new URLSearchParams(input.query), await formDefinition(db, call.formVersionId));
  const ids = await matchingDossierIds(db, input.callId, filters, { cap: BULK_CAP, refuseAfterMs: BULK_SEARCH_WAIT_MS });
  if (ids === null) throw new DomainError("bulk.tooMany", 409, { max: BULK_CAP });
  return ids;
}

export async function applyBulk(
  db: Kdb,
  services: { storage: FileStorage; limits: UploadLimits },
  input: { callId: string; actorId: string; query: string; action: BulkAction; appUrl: string; now?: Date },
): Promise<BulkOutcome> {
  const ids = await dossiersForQuery(db, input);
  const a = input.action;
  const outcome: BulkOutcome = { matched: ids.length, applied: 0, skipped: [] };
  if (!ids.length) return outcome;
  if (a.kind === "decide") {
    // One call to the selection's confirmation: every reason is checked before anything is decided.
    const r = await confirmSelection(db, {
      callId: input.callId,
      actorId: input.actorId,
      appUrl: input.appUrl,
      now: input.now,
      decisions: ids.map((dossierId) => ({ dossierId, decision: a.decision, reasons: a.reasons })),
    });
    outcome.applied = r.applied.length;
    outcome.skipped = r.unchanged.map((u) => ({ dossierId: u.dossierId, why: "bulk.skipped.alreadyDecided" }));
    return outcome;
  }
  if (a.kind === "message" && !a.body.trim()) throw new DomainError("messages.empty", 400);
  if (a.kind === "label" && !a.label.trim()) throw new DomainError("team.emptyText", 400);
  let assigned = 0;
  const letRequestsIn = requestTurns(db);
  for (const dossierId of ids) {
    try {
      if (a.kind === "assign")
        assigned += (await assignManually(db, { dossierId, reviewerId: a.reviewerId, actorId: input.actorId })) ? 1 : 0;
      else if (a.kind === "label") await addLabel(db, { dossierId, label: a.label, actorId: input.actorId, now: input.now });
      else
        await postMessage(db, services.storage, {
          dossierId,
          authorId: input.actorId,
          side: "team",
          body: a.body,
          files: [],
          limits: services.limits,
          appUrl: input.appUrl,
          now: input.now,
        });
      outcome.applied++;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // What one dossier refuses (a conflict of interest, the reviewer's own organisation…) skips it, with why.
      outcome.skipped.push({ dossierId, why: e.messageKey });
    }
    await letRequestsIn();
  }
  // The reviewer hears of their new dossiers once, not once per dossier.
  if (a.kind === "assign" && assigned) {
    const call = await findCallById(db, input.callId);
    if (call)
      await notifyAssigned(db, {
        call: call.content,
        callId: call.id,
        added: Array.from({ length: assigned }, () => ({ reviewerId: a.reviewerId })),
        appUrl: input.appUrl,
        now: input.now ?? new Date(),
      });
  }
  return outcome;
}
