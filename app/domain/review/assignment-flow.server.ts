// The assignment as a flow (issue 12): reviewers give their preferences on the call's dossiers
// (interested, no preference, not interested, conflict of interest), organisers set each reviewer's
// maximum load, the automatic assignment runs within the hard limits and explains its result (kept, so
// the team page shows the last run), reviewers are e-mailed their new dossiers and reminded before the
// review is due. Authorisation is checked here, whatever page calls it.
import type { Kdb } from "../../db/database.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { enqueue, enqueueAll } from "../../jobs/queue.server";
import { t, type Locale } from "../../i18n/i18n";
import { localized } from "../../forms/definition";
import { formatParisDateTime } from "../../lib/paris-time";
import { findCallById } from "../calls/calls.server";
import type { CallContent } from "../calls/call-content";
import { assertOrganisesCall, roleInCall } from "../access/policy.server";
import { assignReviewers, type AssignmentResult, type Preference, type PreferenceChoice } from "./assignment";
import { REVIEWABLE, declareConflict } from "./reviews.server";
import { phaseAt, scoringDueAt } from "./phases";
import { frenchOrder } from "../../db/collation.server";

/** The dossiers a reviewer may give preferences on, with what they said (a conflict once declared stays). */
export async function preferencesOf(db: Kdb, input: { callId: string; reviewerId: string }) {
  if ((await roleInCall(db, input.reviewerId, input.callId)) !== "reviewer") throw new NotFound();
  const dossiers = await db
    .selectFrom("dossier")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .leftJoin("reviewer_preference", (j) =>
      j.onRef("reviewer_preference.dossier_id", "=", "dossier.id").on("reviewer_preference.reviewer_id", "=", input.reviewerId),
    )
    .leftJoin("conflict_declaration", (j) =>
      j.onRef("conflict_declaration.dossier_id", "=", "dossier.id").on("conflict_declaration.reviewer_id", "=", input.reviewerId),
    )
    .select([
      "dossier.id",
      "dossier.organization_id",
      "dossier_fact.name",
      "dossier_fact.departement",
      "dossier_fact.stage",
      "reviewer_preference.level",
      "conflict_declaration.reason as conflict",
    ])
    .where("dossier.call_id", "=", input.callId)
    .where("dossier.state", "in", REVIEWABLE)
    .orderBy(frenchOrder(db, "dossier_fact.name"))
    .execute();
  // A dossier of the reviewer's own organisation is never theirs to review: not listed.
  const own = new Set(
    (await db.selectFrom("membership").select("organization_id").where("user_id", "=", input.reviewerId).execute()).map(
      (m) => m.organization_id,
    ),
  );
  return dossiers
    .filter((d) => !own.has(d.organization_id))
    .map((d) => ({
      id: d.id,
      name: d.name,
      departement: d.departement,
      choice: (d.conflict ? "conflict" : (d.level ?? "neutral")) as PreferenceChoice,
    }));
}

/** Saves a reviewer's preferences; « conflict » declares a conflict of interest (which cannot be taken back here). */
export async function savePreferences(
  db: Kdb,
  input: { callId: string; reviewerId: string; choices: Record<string, PreferenceChoice>; locale: Locale; now?: Date },
): Promise<{ saved: number; conflicts: number }> {
  const rows = await preferencesOf(db, input);
  const at = (input.now ?? new Date()).toISOString();
  let saved = 0;
  let conflicts = 0;
  for (const row of rows) {
    const choice = input.choices[row.id];
    if (!choice || choice === row.choice || row.choice === "conflict") continue;
    if (choice === "conflict") {
      await declareConflict(db, { dossierId: row.id, reviewerId: input.reviewerId, reason: t(input.locale, "preferences.conflictReason") });
      await db.deleteFrom("reviewer_preference").where("dossier_id", "=", row.id).where("reviewer_id", "=", input.reviewerId).execute();
      conflicts++;
      continue;
    }
    await db
      .insertInto("reviewer_preference")
      .values({ dossier_id: row.id, reviewer_id: input.reviewerId, level: choice, updated_at: at })
      .onConflict((oc) => oc.columns(["dossier_id", "reviewer_id"]).doUpdateSet({ level: choice, updated_at: at }))
      .execute();
    saved++;
  }
  return { saved, conflicts };
}

/** An organiser sets a reviewer's own maximum load (null: the call's limit). */
export async function setMaxLoad(db: Kdb, input: { callId: string; reviewerId: string; maxLoad: number | null; actorId: string }) {
  await assertOrganisesCall(db, input.actorId, input.callId);
  if (input.maxLoad !== null && (!Number.isInteger(input.maxLoad) || input.maxLoad < 0 || input.maxLoad > 1000))
    throw new DomainError("assignment.maxLoadInvalid", 400);
  const r = await db
    .updateTable("call_member")
    .set({ max_load: input.maxLoad })
    .where("call_id", "=", input.callId)
    .where("user_id", "=", input.reviewerId)
    .where("role", "=", "reviewer")
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new DomainError("team.notReviewer", 400);
}

/** What the team page shows of the preferences: how many each reviewer gave. */
export async function preferenceCounts(db: Kdb, callId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("reviewer_preference")
    .innerJoin("dossier", "dossier.id", "reviewer_preference.dossier_id")
    .select(["reviewer_preference.reviewer_id", db.fn.countAll<number>().as("n")])
    .where("dossier.call_id", "=", callId)
    .where("reviewer_preference.level", "!=", "neutral")
    .groupBy("reviewer_preference.reviewer_id")
    .execute();
  return new Map(rows.map((r) => [r.reviewer_id, Number(r.n)]));
}

export interface AssignmentExplanation {
  at: string;
  settings: AssignmentResult["settings"];
  added: number;
  reviewers: (AssignmentResult["reviewers"][number] & { name: string })[];
  shortfalls: (AssignmentResult["shortfalls"][number] & { name: string })[];
}

/**
 * Runs the automatic assignment within the hard limits: at least `perDossier` reviews per dossier (the
 * call's setting unless given), at most the call's or the reviewer's own maximum load. Keeps the run's
 * explanation and e-mails each reviewer given new dossiers.
 */
export async function runAssignment(
  db: Kdb,
  input: { callId: string; actorId: string; perDossier?: number; maxPerReviewer?: number | null; appUrl?: string; now?: Date },
): Promise<AssignmentResult & { explanation: AssignmentExplanation }> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const call = await findCallById(db, input.callId);
  if (!call) throw new NotFound();
  const now = input.now ?? new Date();
  const perDossier = input.perDossier ?? call.content.assignment?.minPerDossier ?? 2;
  const maxPerReviewer = input.maxPerReviewer === undefined ? (call.content.assignment?.maxPerReviewer ?? null) : input.maxPerReviewer;
  if (maxPerReviewer !== null && (!Number.isInteger(maxPerReviewer) || maxPerReviewer < 1 || maxPerReviewer > 1000))
    throw new DomainError("assignment.maxLoadInvalid", 400);
  const dossiers = await db
    .selectFrom("dossier")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .select(["dossier.id", "dossier.organization_id", "dossier_fact.name"])
    .where("dossier.call_id", "=", input.callId)
    .where("dossier.state", "in", REVIEWABLE)
    .execute();
  const members = await db
    .selectFrom("call_member")
    .innerJoin("user", "user.id", "call_member.user_id")
    .select(["call_member.user_id", "call_member.max_load", "user.name"])
    .where("call_member.call_id", "=", input.callId)
    .where("call_member.role", "=", "reviewer")
    .execute();
  const ids = members.map((m) => m.user_id);
  const memberships = ids.length
    ? await db.selectFrom("membership").select(["user_id", "organization_id"]).where("user_id", "in", ids).execute()
    : [];
  const dossierIds = dossiers.map((d) => d.id);
  const existing = dossierIds.length
    ? await db
        .selectFrom("review_assignment")
        .select(["dossier_id as dossierId", "reviewer_id as reviewerId"])
        .where("dossier_id", "in", dossierIds)
        .execute()
    : [];
  const conflicts = dossierIds.length
    ? await db
        .selectFrom("conflict_declaration")
        .select(["dossier_id as dossierId", "reviewer_id as reviewerId"])
        .where("dossier_id", "in", dossierIds)
        .execute()
    : [];
  const preferences = dossierIds.length
    ? await db
        .selectFrom("reviewer_preference")
        .select(["dossier_id as dossierId", "reviewer_id as reviewerId", "level"])
        .where("dossier_id", "in", dossierIds)
        .execute()
    : [];
  const result = assignReviewers({
    dossiers: dossiers.map((d) => ({ id: d.id, organisationId: d.organization_id })),
    reviewers: members.map((m) => ({
      id: m.user_id,
      organisationIds: memberships.filter((x) => x.user_id === m.user_id).map((x) => x.organization_id),
      maxLoad: m.max_load,
    })),
    perDossier,
    maxPerReviewer,
    existing,
    conflicts,
    preferences: preferences.map((p) => ({ ...p, level: p.level as Preference })),
  });
  const at = now.toISOString();
  const nameOf = new Map(members.map((m) => [m.user_id, m.name]));
  const dossierName = new Map(dossiers.map((d) => [d.id, d.name]));
  const explanation: AssignmentExplanation = {
    at,
    settings: result.settings,
    added: result.added.length,
    reviewers: result.reviewers.map((r) => ({ ...r, name: nameOf.get(r.id) ?? "" })),
    shortfalls: result.shortfalls.map((s) => ({ ...s, name: dossierName.get(s.dossierId) ?? "" })),
  };
  await db.transaction().execute(async (trx) => {
    if (result.added.length) {
      await trx
        .insertInto("review_assignment")
        .values(
          result.added.map((a) => ({ dossier_id: a.dossierId, reviewer_id: a.reviewerId, assigned_by: input.actorId, assigned_at: at })),
        )
        .onConflict((oc) => oc.columns(["dossier_id", "reviewer_id"]).doNothing())
        .execute();
    }
    await trx
      .insertInto("assignment_run")
      .values({ id: newId(), call_id: input.callId, actor_id: input.actorId, at, explanation_json: JSON.stringify(explanation) })
      .execute();
  });
  if (input.appUrl) await notifyAssigned(db, { call: call.content, callId: input.callId, added: result.added, appUrl: input.appUrl, now });
  return { ...result, explanation };
}

/** The last automatic assignment's explanation, for the team page. */
export async function lastAssignmentRun(db: Kdb, callId: string): Promise<AssignmentExplanation | null> {
  const row = await db
    .selectFrom("assignment_run")
    .select("explanation_json")
    .where("call_id", "=", callId)
    .orderBy("at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? (JSON.parse(row.explanation_json) as AssignmentExplanation) : null;
}

/** One e-mail per reviewer given new dossiers: how many, by when, and where (no dossier named in the e-mail). */
export async function notifyAssigned(
  db: Kdb,
  input: { call: CallContent; callId: string; added: { reviewerId: string }[]; appUrl: string; now: Date },
): Promise<void> {
  const counts = new Map<string, number>();
  for (const a of input.added) counts.set(a.reviewerId, (counts.get(a.reviewerId) ?? 0) + 1);
  if (!counts.size) return;
  const people = await db
    .selectFrom("user")
    .select(["id", "email", "name", "locale"])
    .where("id", "in", [...counts.keys()])
    .execute();
  const due = scoringDueAt(input.call.phases, input.now);
  await enqueueAll(
    db,
    people.map((p) => {
      const L: Locale = p.locale === "en" ? "en" : "fr";
      const title = localized(input.call.title, L);
      return {
        type: "send-mail",
        payload: {
          to: p.email,
          subject: t(L, "mail.assigned.subject", { n: counts.get(p.id)!, title }),
          text: t(L, "mail.assigned.body", {
            name: p.name,
            n: counts.get(p.id)!,
            title,
            due: due ? t(L, "mail.assigned.due", { date: formatParisDateTime(due, L) }) : "",
            link: `${input.appUrl}/instruction`,
            preferences: `${input.appUrl}/instruction/appels/${input.callId}/preferences`,
          }),
        },
      };
    }),
  );
}

const REMINDER_STAGES = [
  { key: "3d", before: 3 * 86_400_000 },
  { key: "1d", before: 86_400_000 },
] as const;

/**
 * Reminds every reviewer and expert with reviews still to write, three days and one day before the
 * scoring phase ends; each reminder once (kept per call, person, due date and stage), whatever the number
 * of servers. Returns how many were queued.
 */
export async function sendReviewReminders(db: Kdb, appUrl: string, now = new Date()): Promise<number> {
  const calls = await db.selectFrom("call").select(["id", "content_json"]).where("status", "=", "published").execute();
  let queued = 0;
  for (const c of calls) {
    const content = JSON.parse(c.content_json) as CallContent;
    if (!content.phases?.length || !phaseAt(content.phases, now).rights.canScore) continue;
    const due = scoringDueAt(content.phases, now);
    if (!due) continue;
    const left = due.getTime() - now.getTime();
    const stage = REMINDER_STAGES.filter((s) => left <= s.before).at(-1);
    if (!stage || left <= 0) continue;
    const pending = await db
      .selectFrom("review_assignment")
      .innerJoin("dossier", "dossier.id", "review_assignment.dossier_id")
      .innerJoin("user", "user.id", "review_assignment.reviewer_id")
      .leftJoin("review", (j) =>
        j.onRef("review.dossier_id", "=", "review_assignment.dossier_id").onRef("review.reviewer_id", "=", "review_assignment.reviewer_id"),
      )
      .leftJoin("conflict_declaration", (j) =>
        j
          .onRef("conflict_declaration.dossier_id", "=", "review_assignment.dossier_id")
          .onRef("conflict_declaration.reviewer_id", "=", "review_assignment.reviewer_id"),
      )
      .select(["user.id", "user.email", "user.name", "user.locale", db.fn.countAll<number>().as("n")])
      .where("dossier.call_id", "=", c.id)
      .where("dossier.state", "in", REVIEWABLE)
      .where("review.reviewer_id", "is", null)
      .where("conflict_declaration.reviewer_id", "is", null)
      .groupBy(["user.id", "user.email", "user.name", "user.locale"])
      .execute();
    for (const p of pending) {
      const L: Locale = p.locale === "en" ? "en" : "fr";
      const title = localized(content.title, L);
      // The claim and the e-mail together: a reminder is neither lost nor sent twice.
      const sent = await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .insertInto("review_reminder")
          .values({ call_id: c.id, reviewer_id: p.id, due_at: `${due.toISOString()}#${stage.key}`, sent_at: now.toISOString() })
          .onConflict((oc) => oc.columns(["call_id", "reviewer_id", "due_at"]).doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
        await enqueue(trx, "send-mail", {
          to: p.email,
          subject: t(L, "mail.reviewReminder.subject", { title, date: formatParisDateTime(due, L) }),
          text: t(L, "mail.reviewReminder.body", {
            name: p.name,
            n: Number(p.n),
            title,
            date: formatParisDateTime(due, L),
            link: `${appUrl}/instruction`,
          }),
        });
        return true;
      });
      if (sent) queued++;
    }
  }
  return queued;
}
