// A reserve that works (issue 12): when a selected applicant withdraws — or declines the charter, which
// withdraws its dossier — a place is free. The selection assistant proposes who, from the waiting list,
// takes it while the call's selection constraints still hold (at most so many per région, a share of
// dossiers already in activity), keeping everyone already selected; the organisers are e-mailed the
// proposal; promoting a dossier accepts it with its reasons, and its letter follows — at once when the
// call's answers were already sent, with the others otherwise.
import type { Kdb } from "../../db/database.server";
import { DomainError, NotFound } from "../../lib/errors";
import { enqueueAll } from "../../jobs/queue.server";
import { t, isLocale } from "../../i18n/i18n";
import { localized } from "../../forms/definition";
import { findCallById } from "../calls/calls.server";
import { assertOrganisesCall } from "../access/policy.server";
import { selectionCandidates } from "../review/reviews.server";
import { selectDossiers, type InclusionReason, type InfeasibleReason } from "../selection/optimiser";
import { confirmSelection } from "./selection.server";
import { sendAnswers } from "./answers.server";

export { VACANCY_JOB } from "../applications/lifecycle.server";

export interface ReserveProposal {
  target: number;
  accepted: number;
  vacancies: number;
  waiting: number;
  /** Who would take the free places, best first, with the assistant's reason. */
  proposed: { id: string; name: string; score: number; reason: InclusionReason }[];
  /** Why nobody can be proposed while the constraints hold. */
  infeasible: InfeasibleReason[];
  constraints: { maxPerRegion?: number; minOperationalShare?: number };
}

/** The free places of a call's selection and who from the waiting list would take them. */
export async function reserveProposal(db: Kdb, callId: string): Promise<ReserveProposal> {
  const call = await findCallById(db, callId);
  if (!call) throw new NotFound();
  const target = call.content.targetSelection;
  const constraints = {
    maxPerRegion: call.content.selection?.maxPerRegion,
    minOperationalShare: call.content.selection?.minOperationalShare,
  };
  // One read of the candidates (and of the call's reviews behind their scores), split by state.
  const candidates = await selectionCandidates(db, callId, ["accepted", "waitlisted"]);
  const accepted = candidates.filter((c) => c.state === "accepted");
  const waiting = candidates.filter((c) => c.state === "waitlisted");
  const vacancies = Math.max(0, target - accepted.length);
  const base = { target, accepted: accepted.length, vacancies, waiting: waiting.length, constraints };
  if (!vacancies || !waiting.length) return { ...base, proposed: [], infeasible: [] };
  // Everyone selected stays; the assistant fills the free places from the waiting list, the call's
  // constraints holding for the whole selection (when they cannot, it says why instead of proposing).
  const result = await selectDossiers([...accepted, ...waiting], {
    size: accepted.length + Math.min(vacancies, waiting.length),
    maxPerRegion: constraints.maxPerRegion,
    minOperationalShare: constraints.minOperationalShare,
    mustInclude: accepted.map((a) => a.id),
  });
  if (result.status === "infeasible") return { ...base, proposed: [], infeasible: result.reasons };
  const names = new Map(
    (
      await db
        .selectFrom("dossier_fact")
        .select(["dossier_id", "name"])
        .where(
          "dossier_id",
          "in",
          waiting.map((w) => w.id),
        )
        .execute()
    ).map((r) => [r.dossier_id, r.name]),
  );
  const chosen = new Set(accepted.map((a) => a.id));
  const proposed = result.selected
    .filter((id) => !chosen.has(id))
    .map((id) => ({ id, name: names.get(id) ?? "", score: waiting.find((w) => w.id === id)!.score, reason: result.included[id] }))
    .sort((a, b) => b.score - a.score);
  return { ...base, proposed, infeasible: [] };
}

/**
 * Accepts a dossier of the waiting list in a free place, with its reasons. Its letter goes at once when
 * the call's answers were already sent (the others got theirs), and waits with them otherwise.
 */
export async function promoteFromReserve(
  db: Kdb,
  input: { callId: string; dossierId: string; actorId: string; reasons: string; appUrl: string; now?: Date },
): Promise<{ sent: boolean }> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const dossier = await db
    .selectFrom("dossier")
    .select("state")
    .where("id", "=", input.dossierId)
    .where("call_id", "=", input.callId)
    .executeTakeFirst();
  if (!dossier) throw new NotFound();
  if (dossier.state !== "waitlisted") throw new DomainError("reserve.notWaiting", 409);
  const proposal = await reserveProposal(db, input.callId);
  if (!proposal.vacancies) throw new DomainError("reserve.noVacancy", 409);
  await confirmSelection(db, {
    callId: input.callId,
    actorId: input.actorId,
    appUrl: input.appUrl,
    now: input.now,
    decisions: [{ dossierId: input.dossierId, decision: "accepted", reasons: input.reasons }],
  });
  const answered = await db
    .selectFrom("decision_answer")
    .innerJoin("dossier", "dossier.id", "decision_answer.dossier_id")
    .select("decision_answer.dossier_id")
    .where("dossier.call_id", "=", input.callId)
    .limit(1)
    .executeTakeFirst();
  if (!answered) return { sent: false };
  const r = await sendAnswers(db, {
    callId: input.callId,
    actorId: input.actorId,
    appUrl: input.appUrl,
    dossierIds: [input.dossierId],
    now: input.now,
  });
  return { sent: r.sent > 0 };
}

/** The job queued when a selected dossier is withdrawn: the call's organisers learn of the free place and of the proposal. */
export async function announceVacancy(db: Kdb, input: { callId: string; dossierId: string; appUrl: string }): Promise<number> {
  const call = await findCallById(db, input.callId);
  if (!call) return 0;
  const proposal = await reserveProposal(db, input.callId);
  const left = await db.selectFrom("dossier_fact").select("name").where("dossier_id", "=", input.dossierId).executeTakeFirst();
  const members = await db
    .selectFrom("call_member")
    .innerJoin("user", "user.id", "call_member.user_id")
    .select(["user.email", "user.name", "user.locale"])
    .where("call_member.call_id", "=", input.callId)
    .where("call_member.role", "=", "organiser")
    .execute();
  // A call without its own organisers is run by the platform's.
  const people = members.length
    ? members
    : await db.selectFrom("user").select(["email", "name", "locale"]).where("role", "=", "organiser").execute();
  const link = `${input.appUrl}/admin/appels/${input.callId}/selection#reserve`;
  await enqueueAll(
    db,
    people.map((p) => {
      const L = isLocale(p.locale) ? p.locale : "fr";
      const next = proposal.proposed.map((x) => x.name).join(", ");
      return {
        type: "send-mail",
        payload: {
          to: p.email,
          subject: t(L, "mail.vacancy.subject", { title: localized(call.content.title, L) }),
          text: t(L, "mail.vacancy.body", {
            name: p.name,
            left: left?.name ?? "",
            vacancies: proposal.vacancies,
            proposal: next ? t(L, "mail.vacancy.proposal", { next }) : t(L, "mail.vacancy.noProposal"),
            link,
          }),
        },
      };
    }),
  );
  return people.length;
}
