// Applying a transition of the dossier's lifecycle (lifecycle.ts): one function checks, writes, records
// and queues the follow-up jobs, in one transaction. Submitting, reopening, withdrawing and every step the
// team takes go through it; nothing else writes a dossier's state.
import { sql } from "kysely";
import type { Kdb } from "../../db/database.server";
import { reusableQuery } from "../../db/reusable-query.server";
import { localized } from "../../forms/definition";
import { t } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { findCallById } from "../calls/calls.server";
import { memberEmails } from "../organisations/member-emails.server";
import { canTransition, TransitionNotAllowed, TRANSITIONS, type Actor, type DossierEvent, type DossierState } from "./lifecycle";
import { moveStateCount } from "./state-counts.server";

export interface FreshDossier {
  id: string;
  state: string;
  lock_version: number;
  submission_count: number;
  organization_id: string;
  call_id: string;
}

export interface TransitionInput {
  dossierId: string;
  event: DossierEvent;
  /** The person, and the side they act for (the check of their right to act is the caller's: membership or call role). */
  actor: { id: string; as: Actor };
  note?: string | null;
  /** The version the person saw: a change made meanwhile is refused rather than applied blindly. */
  expectedLockVersion?: number;
  /** Replaying an event already applied (a double click, a colleague first) returns `applied: false` instead of failing. */
  idempotent?: boolean;
  now?: Date;
  appUrl?: string;
  /** Writes the event needs besides the state, inside the same transaction (a submission, the dossier's facts…). */
  within?: (
    trx: Kdb,
    ctx: { dossier: FreshDossier; from: DossierState; to: DossierState; at: string; transitionId: string },
  ) => Promise<void>;
  /** `within` writes the dossier's facts, their state included (a submission): the transition does not write it first. */
  writesFacts?: boolean;
  /** The note recorded when none is given, from the dossier as it is in the transaction (« #2 » for a second submission). */
  noteFrom?: (dossier: FreshDossier) => string;
  /**
   * The dossier as the caller has just read it (a submission): tried first, which spares the transaction
   * its own read (a round trip on PostgreSQL, issue 11). The state's change is then made only if the
   * dossier is still exactly so (its state and version); if it moved meanwhile, it is read again.
   */
  known?: FreshDossier;
  /** Extra columns set with the state (e.g. the submission count). */
  alsoSet?: (dossier: FreshDossier) => { submission_count?: number; last_submitted_at?: string };
}

export type TransitionOutcome =
  | { applied: true; from: DossierState; to: DossierState; transitionId: string; dossier: FreshDossier }
  | { applied: false; state: string; dossier: FreshDossier };

const NOTE_MIN = 10;

/** The job queued when a selected dossier leaves: the organisers hear of the free place and of who could take it (decisions/reserve.server.ts). */
export const VACANCY_JOB = "announce-vacancy";

// The two statements every transition runs whatever its event, compiled once (reusable-query.server.ts).
const dossierForTransition = reusableQuery((db: Kdb, dossierId: string) =>
  db
    .selectFrom("dossier")
    .select(["id", "state", "lock_version", "submission_count", "organization_id", "call_id"])
    .where("id", "=", dossierId),
);
const insertTransition = reusableQuery(
  (db: Kdb, id: string, dossierId: string, from: string, to: string, event: string, actorId: string, at: string, note: string | null) =>
    db
      .insertInto("dossier_transition")
      .values({ id, dossier_id: dossierId, from_state: from, to_state: to, event, actor_id: actorId, at, note }),
);

// The state's change, if the dossier is still as read (its state and version); a submission also sets its
// count and date (null: kept as they are). One text for every event, so compiled and planned once.
const moveDossier = reusableQuery(
  (
    db: Kdb,
    dossierId: string,
    fromState: string,
    fromLockVersion: number,
    to: string,
    at: string,
    submissionCount: number | null,
    lastSubmittedAt: string | null,
  ) =>
    db
      .updateTable("dossier")
      .set({
        state: to,
        lock_version: sql<number>`${fromLockVersion} + 1`,
        updated_at: at,
        submission_count: sql<number>`coalesce(${submissionCount}, submission_count)`,
        last_submitted_at: sql<string>`coalesce(${lastSubmittedAt}, last_submitted_at)`,
      })
      .where("id", "=", dossierId)
      .where("state", "=", fromState)
      .where("lock_version", "=", fromLockVersion),
);

export async function applyTransition(db: Kdb, input: TransitionInput): Promise<TransitionOutcome> {
  const rule = TRANSITIONS[input.event];
  const note = (input.note ?? "").trim().slice(0, 2000);
  if (rule.needsNote && note.length < NOTE_MIN) throw new DomainError("dossier.noteRequired", 400);
  const at = (input.now ?? new Date()).toISOString();
  return db.transaction().execute(async (trx) => {
    // The caller's reading, when it allows the event; otherwise, or once it proved stale, the dossier as it is.
    let known = input.known && canTransition(input.known.state, input.event, input.actor.as) ? input.known : undefined;
    let dossier: FreshDossier;
    for (;;) {
      const read = known ?? (await dossierForTransition(trx, input.dossierId)).rows[0];
      if (!read) throw new NotFound();
      dossier = read;
      if (!canTransition(dossier.state, input.event, input.actor.as)) {
        // Already where this event leads: a second click or a colleague was first.
        if (input.idempotent && dossier.state === rule.to) return { applied: false as const, state: dossier.state, dossier };
        throw new TransitionNotAllowed(dossier.state, input.event);
      }
      if (input.expectedLockVersion !== undefined && input.expectedLockVersion !== dossier.lock_version)
        throw new DomainError("dossier.changedMeanwhile", 409);
      const also = input.alsoSet?.(dossier);
      const moved = await moveDossier(
        trx,
        dossier.id,
        dossier.state,
        dossier.lock_version,
        rule.to,
        at,
        also?.submission_count ?? null,
        also?.last_submitted_at ?? null,
      );
      if (Number(moved.numAffectedRows) === 1) break;
      // The caller's reading was stale: read the dossier and decide again.
      if (known) {
        known = undefined;
        continue;
      }
      const now = await trx.selectFrom("dossier").select("state").where("id", "=", dossier.id).executeTakeFirstOrThrow();
      if (input.idempotent && now.state === rule.to) return { applied: false as const, state: now.state, dossier };
      throw new DomainError("dossier.changedMeanwhile", 409);
    }
    const from = dossier.state as DossierState;
    const to = rule.to;
    // The list's facts keep the state too (counted without reading the dossiers); none before a first submission.
    if (!input.writesFacts) await trx.updateTable("dossier_fact").set({ state: to }).where("dossier_id", "=", dossier.id).execute();
    const transitionId = newId();
    await insertTransition(
      trx,
      transitionId,
      dossier.id,
      from,
      to,
      input.event,
      input.actor.id,
      at,
      note || input.noteFrom?.(dossier) || null,
    );
    await input.within?.(trx, { dossier, from, to, at, transitionId });
    if (from === "accepted" && to === "withdrawn") await enqueue(trx, VACANCY_JOB, { callId: dossier.call_id, dossierId: dossier.id });
    if (rule.tellsApplicant && input.appUrl) await queueApplicantMail(trx, { dossier, event: input.event, note, appUrl: input.appUrl });
    // Last before the commit: every transition of the call writes these few shared rows, and PostgreSQL keeps
    // them locked until the commit. Moved first, they were held through the submission's five round trips,
    // and the deadline's simultaneous submissions queued on them (6 ms a statement, issue 11).
    await moveStateCount(trx, { callId: dossier.call_id, from, to });
    return { applied: true as const, from, to, transitionId, dossier };
  });
}

/** The organisation's members learn at once that review started or that changes are asked (queued in the transaction). */
async function queueApplicantMail(trx: Kdb, o: { dossier: FreshDossier; event: DossierEvent; note: string; appUrl: string }) {
  const call = await findCallById(trx, o.dossier.call_id);
  const returned = o.event === "return_for_changes";
  for (const m of await memberEmails(trx, o.dossier.organization_id)) {
    const L = m.locale;
    const title = call ? localized(call.content.title, L) : "";
    const link = `${o.appUrl}/dossiers/${o.dossier.id}`;
    await enqueue(trx, "send-mail", {
      to: m.email,
      subject: t(L, returned ? "mail.returned.subject" : "mail.reviewStarted.subject", { title }),
      text: t(L, returned ? "mail.returned.body" : "mail.reviewStarted.body", { name: m.name, note: o.note, link }),
    });
  }
}

/**
 * The community, a named group beside the machine (ADR 009): dossiers accepted *and* whose answer saying
 * so was sent. Use as `.where("dossier.id", "in", communityDossiers(db))`; the accepted state alone is not enough.
 */
export function communityDossiers(db: Kdb) {
  return db
    .selectFrom("decision_answer")
    .innerJoin("dossier as member_dossier", "member_dossier.id", "decision_answer.dossier_id")
    .select("decision_answer.dossier_id")
    .where("decision_answer.decision", "=", "accepted")
    .where("member_dossier.state", "=", "accepted");
}
