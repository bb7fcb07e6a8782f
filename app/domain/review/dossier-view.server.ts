import type { FileStorage } from "../../files/storage.server";
import { allFields, conditionHolds, findField, isField, localized, type Answers, type FormDefinition } from "../../forms/definition";
import { fieldText } from "../../forms/field-types.server";
import { PREVIEWABLE } from "../../forms/previewable";
import { t as translate } from "../../i18n/i18n";
import { formatParisDateTime } from "../../lib/paris-time";
import { recordAccess } from "../../security/access-log.server";
import { attachmentOfDossier } from "../applications/attachments.server";
import { canTransition, type DossierEvent } from "../applications/lifecycle";
import { unreadCounts } from "../applications/messages.server";
import { dossierProfile } from "../applications/profile";
import { submissionDiff } from "../applications/versions.server";
import { featuresOf } from "../calls/call-content";
import { deadlineFor, findCallById, formDefinition } from "../calls/calls.server";
import { sentAnswerOf } from "../decisions/answers.server";
import { aggregateScores } from "./aggregates";
import { commentsOf, labelsOf, labelsOfCall, notesOf } from "./collaboration.server";
import { phaseBanner } from "./phase-banner";
import { identityKeys, isIdentityField, namesHidden, phaseOfCall } from "./phase-now.server";
import { anonymousLabel, phaseAt } from "./phases";
import { weightsOf } from "./reviews.server";

import type { Kdb } from "../../db/database.server";
import type { Locale } from "../../i18n/i18n";
import type { CallRole } from "../access/policy.server";

/** The organisers' actions on a dossier from its page. */
export const ORGANISER_EVENTS: DossierEvent[] = ["start_review", "return_for_changes", "waitlist", "accept", "decline"];

/** Everything the team's page of a dossier shows to this viewer: the answers (names hidden in a blind phase), the reviews they may see, the score, notes, labels and what the organisers may do next. Reading it is logged. */
export async function instructionDossierView(
  db: Kdb,
  viewer: { userId: string; role: CallRole; callId: string },
  dossierId: string,
  L: Locale,
) {
  const { role, callId } = viewer;
  await recordAccess(db, { actorId: viewer.userId, role, action: "view", callId, dossierId });
  const call = (await findCallById(db, callId))!;
  const dossier = await db.selectFrom("dossier").selectAll().where("id", "=", dossierId).executeTakeFirstOrThrow();
  const sub = await db
    .selectFrom("submission")
    .selectAll()
    .where("dossier_id", "=", dossier.id)
    .where("number", "=", dossier.submission_count)
    .executeTakeFirstOrThrow();
  const def = await formDefinition(db, sub.form_version_id);
  const answers = JSON.parse(sub.answers_json) as Answers;
  const attachments = JSON.parse(sub.attachments_json) as { id: string; field_key: string; safe_name: string; size: number }[];
  const mimes = attachments.length
    ? await db
        .selectFrom("attachment")
        .select(["id", "mime"])
        .where(
          "id",
          "in",
          attachments.map((a) => a.id),
        )
        .execute()
    : [];
  const team = role !== "expert";
  const transitions = await db
    .selectFrom("dossier_transition")
    .leftJoin("user", "user.id", "dossier_transition.actor_id")
    .select(["dossier_transition.event", "dossier_transition.at", "dossier_transition.note", "user.name"])
    .where("dossier_id", "=", dossier.id)
    .orderBy("at", "desc")
    .execute();
  const reviews = await db
    .selectFrom("review")
    .innerJoin("user", "user.id", "review.reviewer_id")
    .leftJoin("call_member", (j) => j.onRef("call_member.user_id", "=", "review.reviewer_id").on("call_member.call_id", "=", callId))
    .select([
      "review.reviewer_id",
      "review.scores_json",
      "review.comment",
      "review.opinion",
      "review.shared_at",
      "user.name",
      "call_member.role",
    ])
    .where("review.dossier_id", "=", dossier.id)
    .execute();
  const conflicts = await db.selectFrom("conflict_declaration").select("reviewer_id").where("dossier_id", "=", dossier.id).execute();
  const criteria = call.content.criteria.map((c) => ({ key: c.key, label: localized(c.label, L), min: c.scale.min, max: c.scale.max }));
  const own = reviews.find((r) => r.reviewer_id === viewer.userId);
  const phase = phaseAt(call.content.phases, new Date());
  const anonymous = namesHidden(role, phase);
  const hidden = anonymous ? identityKeys(def) : new Set<string>();
  // Organisers see every review; a reviewer sees the others' once their own is written (no anchoring) and
  // the phase shows them; an expert only theirs.
  const othersShown = role === "organiser" || (role === "reviewer" && Boolean(own) && phase.rights.seeOthers);
  const visibleReviews = reviews.filter(
    (r) => !conflicts.some((c) => c.reviewer_id === r.reviewer_id) && (r.reviewer_id === viewer.userId || othersShown),
  );
  const deadline = await deadlineFor(db, call, dossier.organization_id);
  const answer = await sentAnswerOf(db, dossier.id);
  // Answers to questions a later version of the form removed stay readable for the team (issue 10).
  const known = new Set(allFields(def).map(({ field }) => field.key));
  const orphanKeys = Object.keys(answers).filter((k) => !known.has(k) && answers[k] !== "" && answers[k] !== null);
  const older = orphanKeys.length
    ? await db.selectFrom("form_version").select("definition_json").where("call_id", "=", callId).orderBy("version", "desc").execute()
    : [];
  const removedAnswers = orphanKeys.flatMap((k) => {
    for (const v of older) {
      const field = findField(JSON.parse(v.definition_json) as FormDefinition, k);
      if (field && anonymous && isIdentityField(field)) return [];
      if (field) return [{ key: k, label: localized(field.label, L), text: field.type === "files" ? "" : fieldText(field, answers[k], L) }];
    }
    return [];
  });
  return {
    id: dossier.id,
    callId,
    role,
    state: dossier.state,
    name: anonymous ? anonymousLabel(dossier.id) : (dossierProfile(def, answers).name ?? ""),
    phase: phaseBanner(phase, L),
    canScore: phase.rights.canScore,
    submission: { number: sub.number, at: formatParisDateTime(sub.submitted_at, L) },
    submissionCount: dossier.submission_count,
    removedAnswers,
    hasCommunity: featuresOf(call.content).community,
    sections: def.sections
      .filter((s) => conditionHolds(s.showIf, answers))
      .map((s) => ({
        title: localized(s.title, L),
        fields: s.items
          .filter((i) => isField(i) && conditionHolds(i.showIf, answers) && !hidden.has(i.key))
          .map((f) => {
            const field = f as Exclude<typeof f, { type: "explanation" }>;
            return {
              key: field.key,
              label: localized(field.label, L),
              text: field.type === "files" ? "" : fieldText(field, answers[field.key], L),
              files: attachments
                .filter((a) => a.field_key === field.key)
                .map((a, n) => {
                  const mime = mimes.find((m) => m.id === a.id)?.mime ?? "";
                  return {
                    id: a.id,
                    // A file's name often says who sent it: a neutral one while names are hidden.
                    name: anonymous ? translate(L, "phases.fileNumber", { n: n + 1 }) : a.safe_name,
                    size: a.size,
                    preview: PREVIEWABLE.includes(mime) ? (mime === "application/pdf" ? "pdf" : "image") : null,
                  };
                }),
            };
          }),
      })),
    transitions: transitions.map((tr) => ({
      event: tr.event,
      at: formatParisDateTime(tr.at, L),
      by: anonymous ? "" : (tr.name ?? ""),
      note: tr.note,
    })),
    events: role === "organiser" ? ORGANISER_EVENTS.filter((e) => canTransition(dossier.state, e, "organiser")) : [],
    criteria,
    reviews: visibleReviews.map((r) => ({
      reviewerId: r.reviewer_id,
      // Only organisers choose what a letter quotes, and only they learn what was chosen.
      shared: role === "organiser" ? Boolean(r.shared_at) : false,
      name: r.name,
      expert: r.role === "expert",
      scores: JSON.parse(r.scores_json) as Record<string, number>,
      comment: r.comment,
      opinion: r.opinion,
    })),
    hiddenReviews: role === "reviewer" && !othersShown ? reviews.filter((r) => r.reviewer_id !== viewer.userId).length : 0,
    othersNever: role === "reviewer" && !phase.rights.seeOthers,
    aggregate:
      role === "organiser"
        ? aggregateScores(
            criteria.map((c) => c.key),
            reviews.map((r) => ({ reviewerId: r.reviewer_id, scores: JSON.parse(r.scores_json) })),
            { conflictedReviewerIds: conflicts.map((c) => c.reviewer_id), weights: weightsOf(call.content.criteria) },
          )
        : null,
    own: own ? { scores: JSON.parse(own.scores_json) as Record<string, number>, comment: own.comment, opinion: own.opinion ?? "" } : null,
    notes: team
      ? (await notesOf(db, dossier.id)).map((n) => ({ id: n.id, body: n.body, name: n.name, at: formatParisDateTime(n.created_at, L) }))
      : [],
    comments: team
      ? (await commentsOf(db, dossier.id)).map((n) => ({ id: n.id, body: n.body, name: n.name, at: formatParisDateTime(n.created_at, L) }))
      : [],
    labels: team ? await labelsOf(db, dossier.id) : [],
    knownLabels: team ? (await labelsOfCall(db, callId)).map((l) => l.label) : [],
    unread:
      role === "organiser"
        ? ((await unreadCounts(db, { userId: viewer.userId, dossierIds: [dossier.id], otherSide: "applicant" })).get(dossier.id) ?? 0)
        : 0,
    answer: answer ? { decision: answer.decision, at: formatParisDateTime(answer.sent_at, L), transitionId: answer.transition_id } : null,
    deadline: formatParisDateTime(new Date(deadline.getTime() - 60000), L),
  };
}

/** A dossier's file as a team member downloads or previews it (logged); its own name is not sent while a phase hides applicants' names from this role. */
export async function teamFileView(
  services: { db: Kdb; storage: FileStorage },
  input: { userId: string; role: CallRole; callId: string; dossierId: string; fileId: string; preview: boolean },
) {
  const { db } = services;
  const file = await attachmentOfDossier(db, input.dossierId, input.fileId);
  const data = await services.storage.get(file.storage_key);
  const preview = input.preview && PREVIEWABLE.includes(file.mime);
  await recordAccess(db, {
    actorId: input.userId,
    role: input.role,
    action: preview ? "preview" : "download",
    callId: input.callId,
    dossierId: input.dossierId,
    detail: file.safe_name,
  });
  const hidden = namesHidden(input.role, await phaseOfCall(db, input.callId));
  const extension = /\.[a-z0-9]{1,5}$/i.exec(file.safe_name)?.[0] ?? "";
  const name = hidden ? `piece-${input.fileId.slice(0, 8)}${extension}` : file.safe_name;
  return { data, mime: file.mime, name, preview };
}

/** The versions page: the dossier's submissions and the differences between two of them (identity answers left out in a blind phase). Reading it is logged. */
export async function versionsView(
  db: Kdb,
  input: { userId: string; role: CallRole; callId: string; dossierId: string; from: number | null; to: number | null },
  L: Locale,
) {
  const { role, callId, dossierId } = input;
  await recordAccess(db, { actorId: input.userId, role, action: "versions", callId, dossierId });
  const subs = await db
    .selectFrom("submission")
    .select(["number", "submitted_at"])
    .where("dossier_id", "=", dossierId)
    .orderBy("number")
    .execute();
  const fact = await db.selectFrom("dossier_fact").select("name").where("dossier_id", "=", dossierId).executeTakeFirst();
  const last = subs.length ? subs[subs.length - 1].number : 0;
  const to = input.to || last;
  const from = input.from || to - 1;
  const anonymous = namesHidden(role, await phaseOfCall(db, callId));
  const diff =
    subs.length > 1 && from !== to ? await submissionDiff(db, { dossierId, from, to, locale: L, withoutIdentity: anonymous }) : [];
  return {
    id: dossierId,
    name: anonymous ? anonymousLabel(dossierId) : (fact?.name ?? ""),
    versions: subs.map((s) => ({ number: s.number, at: formatParisDateTime(s.submitted_at, L) })),
    from,
    to,
    diff,
  };
}
