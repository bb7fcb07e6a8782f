// Review of submitted dossiers (issue 2, first part): who may see a dossier, assignments, conflicts of
// interest, scores against the call's criteria, aggregates, and the selection assistant fed from them.
import type { Kdb } from "../../db/database.server";
import { statesOf } from "../applications/lifecycle";
import { DomainError, NotFound } from "../../lib/errors";
import { findCallById } from "../calls/calls.server";
import { aggregateScores, type DossierAggregate } from "./aggregates";
import { selectDossiers, type Candidate, type SelectionConstraints } from "../selection/optimiser";
import { communeByCode } from "../../forms/territory.server";
import { submissionProfile } from "../applications/profile.server";
import { assertCanSeeDossier, roleInCall, type CallRole } from "../access/policy.server";
import { phaseAt } from "./phases";
import { calibrate, reviewOverall } from "./calibration";
import { localized } from "../../forms/definition";

/** The states the team reviews: the lifecycle's named group. */
export const REVIEWABLE: string[] = statesOf("reviewable");

export async function addCallMember(
  db: Kdb,
  input: { callId: string; userId: string; role: CallRole; actorId: string; now?: Date },
): Promise<void> {
  if ((await roleInCall(db, input.actorId, input.callId)) !== "organiser") throw new NotFound();
  await db
    .insertInto("call_member")
    .values({
      call_id: input.callId,
      user_id: input.userId,
      role: input.role,
      invited_by: input.actorId,
      created_at: (input.now ?? new Date()).toISOString(),
    })
    .onConflict((oc) => oc.columns(["call_id", "user_id"]).doUpdateSet({ role: input.role }))
    .execute();
}

/** A reviewer declares a conflict of interest: the dossier, its scores and discussion are hidden from them. */
export async function declareConflict(
  db: Kdb,
  input: { dossierId: string; reviewerId: string; reason: string; now?: Date },
): Promise<void> {
  const reason = input.reason.trim();
  if (reason.length < 3) throw new DomainError("review.conflictReason", 400);
  await db
    .insertInto("conflict_declaration")
    .values({ dossier_id: input.dossierId, reviewer_id: input.reviewerId, reason, declared_at: (input.now ?? new Date()).toISOString() })
    .onConflict((oc) => oc.columns(["dossier_id", "reviewer_id"]).doNothing())
    .execute();
  await recomputeDossierScore(db, input.dossierId);
}

/** Each criterion's weight in the overall score (the studio's grid; 1 when not given). */
export function weightsOf(criteria: { key: string; weight?: number }[]): Record<string, number> {
  return Object.fromEntries(criteria.map((c) => [c.key, c.weight ?? 1]));
}

/** Keeps the dossier's aggregated score in an indexed row, for the list's score filter and sort. */
export async function recomputeDossierScore(db: Kdb, dossierId: string): Promise<void> {
  const dossier = await db.selectFrom("dossier").select("call_id").where("id", "=", dossierId).executeTakeFirst();
  if (!dossier) return;
  const call = await findCallById(db, dossier.call_id);
  if (!call) return;
  const reviews = await db.selectFrom("review").select(["reviewer_id", "scores_json"]).where("dossier_id", "=", dossierId).execute();
  const conflicts = await db.selectFrom("conflict_declaration").select("reviewer_id").where("dossier_id", "=", dossierId).execute();
  const agg = aggregateScores(
    call.content.criteria.map((c) => c.key),
    reviews.map((r) => ({ reviewerId: r.reviewer_id, scores: JSON.parse(r.scores_json) })),
    { conflictedReviewerIds: conflicts.map((c) => c.reviewer_id), weights: weightsOf(call.content.criteria) },
  );
  const values = {
    dossier_id: dossierId,
    call_id: dossier.call_id,
    overall: agg.overall,
    reviewers: agg.reviewers,
    disagreement: agg.disagreement ? 1 : 0,
  };
  await db
    .insertInto("dossier_score")
    .values(values)
    .onConflict((oc) =>
      oc.column("dossier_id").doUpdateSet({ overall: values.overall, reviewers: values.reviewers, disagreement: values.disagreement }),
    )
    .execute();
  // The list sorts by score through an index beside the call's other keys.
  await db
    .updateTable("dossier_fact")
    .set({ score_key: agg.overall ?? -1 })
    .where("dossier_id", "=", dossierId)
    .execute();
}

/** Saves a reviewer's scores (each within the criterion's scale), comment and overall opinion. */
export async function saveReview(
  db: Kdb,
  input: { dossierId: string; reviewerId: string; scores: Record<string, number>; comment: string; opinion?: string; now?: Date },
): Promise<void> {
  const { role, callId } = await assertCanSeeDossier(db, input.reviewerId, input.dossierId);
  if (role === "organiser") {
    const assigned = await db
      .selectFrom("review_assignment")
      .select("reviewer_id")
      .where("dossier_id", "=", input.dossierId)
      .where("reviewer_id", "=", input.reviewerId)
      .executeTakeFirst();
    if (!assigned) throw new DomainError("review.notAssigned", 409);
  }
  const call = await findCallById(db, callId);
  if (!call) throw new NotFound();
  const phase = phaseAt(call.content.phases, input.now ?? new Date());
  if (!phase.rights.canScore)
    throw new DomainError("phases.scoringClosed", 409, { name: phase.current ? localized(phase.current.phase.name, "fr") : "" });
  const opinion = (input.opinion ?? "").trim();
  // An expert gives one written opinion; scores are optional for them.
  if (role === "expert" && opinion.length < 10) throw new DomainError("review.opinionRequired", 400);
  if (opinion.length > 20000 || input.comment.length > 20000) throw new DomainError("review.tooLong", 400);
  for (const [key, value] of Object.entries(input.scores)) {
    const criterion = call.content.criteria.find((c) => c.key === key);
    if (!criterion) throw new DomainError("review.unknownCriterion", 400);
    if (!Number.isInteger(value) || value < criterion.scale.min || value > criterion.scale.max) {
      throw new DomainError("review.scoreOutOfScale", 400, { min: criterion.scale.min, max: criterion.scale.max });
    }
  }
  const values = {
    dossier_id: input.dossierId,
    reviewer_id: input.reviewerId,
    scores_json: JSON.stringify(input.scores),
    comment: input.comment.trim(),
    opinion: opinion || null,
    updated_at: (input.now ?? new Date()).toISOString(),
  };
  await db
    .insertInto("review")
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(["dossier_id", "reviewer_id"])
        .doUpdateSet({ scores_json: values.scores_json, comment: values.comment, opinion: values.opinion, updated_at: values.updated_at }),
    )
    .execute();
  await recomputeDossierScore(db, input.dossierId);
}

/** Aggregates of every reviewable dossier of a call, conflicted reviewers left out. */
export async function callAggregates(db: Kdb, callId: string): Promise<Map<string, DossierAggregate>> {
  const call = await findCallById(db, callId);
  if (!call) throw new NotFound();
  const criteria = call.content.criteria.map((c) => c.key);
  const reviews = await db
    .selectFrom("review")
    .innerJoin("dossier", "dossier.id", "review.dossier_id")
    .select(["review.dossier_id", "review.reviewer_id", "review.scores_json"])
    .where("dossier.call_id", "=", callId)
    .execute();
  const conflicts = await db
    .selectFrom("conflict_declaration")
    .innerJoin("dossier", "dossier.id", "conflict_declaration.dossier_id")
    .select(["conflict_declaration.dossier_id", "conflict_declaration.reviewer_id"])
    .where("dossier.call_id", "=", callId)
    .execute();
  const byDossier = new Map<string, { reviewerId: string; scores: Record<string, number> }[]>();
  for (const r of reviews)
    byDossier.set(r.dossier_id, [...(byDossier.get(r.dossier_id) ?? []), { reviewerId: r.reviewer_id, scores: JSON.parse(r.scores_json) }]);
  const out = new Map<string, DossierAggregate>();
  for (const [dossierId, entries] of byDossier) {
    out.set(
      dossierId,
      aggregateScores(criteria, entries, {
        conflictedReviewerIds: conflicts.filter((c) => c.dossier_id === dossierId).map((c) => c.reviewer_id),
        weights: weightsOf(call.content.criteria),
      }),
    );
  }
  return out;
}

/** Runs the selection assistant on a call's reviewed dossiers, with facts read from their latest submission. */
export async function proposeSelection(db: Kdb, callId: string, constraints: SelectionConstraints) {
  return selectDossiers(await selectionCandidates(db, callId, REVIEWABLE), constraints);
}

/** The selection assistant's candidates in the given states: score and facts read from each dossier's profile. */
export async function selectionCandidates(db: Kdb, callId: string, states: string[]): Promise<(Candidate & { state: string })[]> {
  const aggregates = await callAggregates(db, callId);
  const rows = states.length
    ? await db
        .selectFrom("dossier")
        .innerJoin("submission", (j) =>
          j.onRef("submission.dossier_id", "=", "dossier.id").onRef("submission.number", "=", "dossier.submission_count"),
        )
        .select(["dossier.id", "dossier.state", "submission.answers_json", "submission.profile_json", "submission.form_version_id"])
        .where("dossier.call_id", "=", callId)
        .where("dossier.state", "in", states)
        .execute()
    : [];
  // What the selection weighs is read from each dossier's profile, never from the call's answer keys.
  const candidates: (Candidate & { state: string })[] = [];
  for (const r of rows) {
    const p = await submissionProfile(db, r);
    candidates.push({
      id: r.id,
      state: r.state,
      score: aggregates.get(r.id)?.overall ?? 0,
      region: (p.communeCode && communeByCode(p.communeCode)?.region) || null,
      operational: p.operational === true,
      sectors: p.sectors,
    });
  }
  return candidates;
}

/**
 * The call's reviewers calibrated against the panel, the dossiers' calibrated scores, and the dossiers to
 * discuss (a criterion with widely different scores, or calibrated opinions far apart). Conflicted
 * reviewers' scores are left out, as everywhere.
 */
export async function calibrationOfCall(db: Kdb, callId: string) {
  const call = await findCallById(db, callId);
  if (!call) throw new NotFound();
  const weights = weightsOf(call.content.criteria);
  const reviews = await db
    .selectFrom("review")
    .innerJoin("dossier", "dossier.id", "review.dossier_id")
    .innerJoin("user", "user.id", "review.reviewer_id")
    .leftJoin("conflict_declaration", (j) =>
      j
        .onRef("conflict_declaration.dossier_id", "=", "review.dossier_id")
        .onRef("conflict_declaration.reviewer_id", "=", "review.reviewer_id"),
    )
    .select(["review.dossier_id", "review.reviewer_id", "review.scores_json", "user.name"])
    .where("dossier.call_id", "=", callId)
    .where("dossier.state", "in", REVIEWABLE)
    .where("conflict_declaration.reviewer_id", "is", null)
    .execute();
  const scores = reviews.flatMap((r) => {
    const overall = reviewOverall(JSON.parse(r.scores_json) as Record<string, number>, weights);
    return overall === null ? [] : [{ dossierId: r.dossier_id, reviewerId: r.reviewer_id, overall }];
  });
  const names = new Map(reviews.map((r) => [r.reviewer_id, r.name]));
  const result = calibrate(scores);
  return { ...result, reviewers: result.reviewers.map((r) => ({ ...r, name: names.get(r.reviewerId) ?? "" })) };
}

/**
 * An organiser chooses to quote a review's comment in the decision letter (or stops quoting it). The
 * comment is quoted without the reviewer's name; a conflicted reviewer's review is never quoted.
 */
export async function shareReview(db: Kdb, input: { dossierId: string; reviewerId: string; share: boolean; actorId: string; now?: Date }) {
  const dossier = await db.selectFrom("dossier").select("call_id").where("id", "=", input.dossierId).executeTakeFirst();
  if (!dossier || (await roleInCall(db, input.actorId, dossier.call_id)) !== "organiser") throw new NotFound();
  const review = await db
    .selectFrom("review")
    .select("comment")
    .where("dossier_id", "=", input.dossierId)
    .where("reviewer_id", "=", input.reviewerId)
    .executeTakeFirst();
  if (!review) throw new NotFound();
  if (input.share && !review.comment.trim()) throw new DomainError("letters.nothingToShare", 409);
  await db
    .updateTable("review")
    .set({ shared_at: input.share ? (input.now ?? new Date()).toISOString() : null })
    .where("dossier_id", "=", input.dossierId)
    .where("reviewer_id", "=", input.reviewerId)
    .execute();
}
