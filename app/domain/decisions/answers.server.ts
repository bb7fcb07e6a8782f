// Answers to applicants: decision letters from the call's templates, previewed, then sent in bulk (now or
// at a scheduled time) — each decision once: the answer row is keyed by the decision's transition, so a
// second send, a double click or a retried job finds it and sends nothing. Applicants see the sent letter.
import { frenchOrder } from "../../db/collation.server";
import { requestTurns, type Kdb } from "../../db/database.server";
import type { Mailer } from "../../email/mailer.server";
import { localized } from "../../forms/definition";
import { communeByCode } from "../../forms/territory.server";
import { formatEuros } from "../../forms/types/money/amount";
import { t } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { DomainError, NotFound } from "../../lib/errors";
import { formatMonth, formatParisDate, parisToday } from "../../lib/paris-time";
import { frenchSpacing } from "../../lib/typography";
import { recordAccess } from "../../security/access-log.server";
import { assertOrganisesCall, dossierForMember, roleInCall } from "../access/policy.server";
import { createPdf } from "../applications/dossier-pdf.server";
import type { DossierProfile } from "../applications/profile";
import { submissionProfile } from "../applications/profile.server";
import { slugify } from "../applications/receipt.server";
import { findCallById, type Call } from "../calls/calls.server";
import { memberEmails } from "../organisations/member-emails.server";
import { emitWebhookEvent } from "../webhooks/webhooks.server";
import {
  DECISIONS,
  DEFAULT_TEMPLATES,
  renderLetter,
  sharedReviewsText,
  unknownPlaceholders,
  type Decision,
  type LetterTemplate,
  type LetterVars,
} from "./letters";

const EVENT_OF: Record<string, Decision> = { accept: "accepted", decline: "declined", waitlist: "waitlisted" };

export async function letterTemplates(db: Kdb, callId: string): Promise<Record<Decision, LetterTemplate & { custom: boolean }>> {
  const rows = await db.selectFrom("letter_template").selectAll().where("call_id", "=", callId).execute();
  const out = {} as Record<Decision, LetterTemplate & { custom: boolean }>;
  for (const d of DECISIONS) {
    const row = rows.find((r) => r.decision === d);
    out[d] = row ? { subject: row.subject, body: row.body, custom: true } : { ...DEFAULT_TEMPLATES[d], custom: false };
  }
  return out;
}

export async function saveLetterTemplate(
  db: Kdb,
  input: { callId: string; decision: Decision; subject: string; body: string; actorId: string; now?: Date },
): Promise<void> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  if (!DECISIONS.includes(input.decision)) throw new DomainError("error.badRequest", 400);
  const subject = input.subject.trim();
  const body = input.body.replace(/\r\n/g, "\n").trim();
  if (!subject || !body) throw new DomainError("letters.empty", 400);
  const unknown = unknownPlaceholders(`${subject}\n${body}`);
  if (unknown.length) throw new DomainError("letters.unknownPlaceholder", 400, { names: unknown.map((n) => `{${n}}`).join(", ") });
  if (!body.includes("{motivation}")) throw new DomainError("letters.motivationMissing", 400);
  const at = (input.now ?? new Date()).toISOString();
  await db
    .insertInto("letter_template")
    .values({ call_id: input.callId, decision: input.decision, subject, body, updated_by: input.actorId, updated_at: at })
    .onConflict((oc) => oc.columns(["call_id", "decision"]).doUpdateSet({ subject, body, updated_by: input.actorId, updated_at: at }))
    .execute();
}

/** The comments of reviews the organiser chose to share, per dossier, oldest first (conflicted reviewers never). */
async function sharedComments(db: Kdb, dossierIds: string[]): Promise<Map<string, string[]>> {
  if (!dossierIds.length) return new Map();
  const rows = await db
    .selectFrom("review")
    .leftJoin("conflict_declaration", (j) =>
      j
        .onRef("conflict_declaration.dossier_id", "=", "review.dossier_id")
        .onRef("conflict_declaration.reviewer_id", "=", "review.reviewer_id"),
    )
    .select(["review.dossier_id", "review.comment"])
    .where("review.dossier_id", "in", dossierIds)
    .where("review.shared_at", "is not", null)
    .where("conflict_declaration.reviewer_id", "is", null)
    .orderBy("review.shared_at")
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.dossier_id, [...(out.get(r.dossier_id) ?? []), r.comment]);
  return out;
}

/** Every decided dossier whose current decision has not been sent, with its letter as it would go out. */
export async function pendingAnswers(db: Kdb, callId: string, appUrl: string) {
  const call = await findCallById(db, callId);
  if (!call) throw new NotFound();
  const decided = await db
    .selectFrom("dossier")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .innerJoin("submission", (j) =>
      j.onRef("submission.dossier_id", "=", "dossier.id").onRef("submission.number", "=", "dossier.submission_count"),
    )
    .select([
      "dossier.id",
      "dossier.state",
      "organization.name as organisation",
      "submission.answers_json",
      "submission.profile_json",
      "submission.form_version_id",
    ])
    .where("dossier.call_id", "=", callId)
    .where("dossier.state", "in", [...DECISIONS])
    .execute();
  if (decided.length === 0) return [];
  const transitions = await db
    .selectFrom("dossier_transition")
    .leftJoin("decision_answer", "decision_answer.transition_id", "dossier_transition.id")
    .select([
      "dossier_transition.id",
      "dossier_transition.dossier_id",
      "dossier_transition.event",
      "dossier_transition.note",
      "dossier_transition.at",
      "decision_answer.sent_at",
    ])
    .where(
      "dossier_transition.dossier_id",
      "in",
      decided.map((d) => d.id),
    )
    .where("dossier_transition.event", "in", Object.keys(EVENT_OF))
    .orderBy("dossier_transition.at", "desc")
    .execute();
  const templates = await letterTemplates(db, callId);
  const visitOffers = await acceptedHostOffers(db, callId);
  const shared = await sharedComments(
    db,
    decided.map((d) => d.id),
  );
  const out = [];
  const letRequestsIn = requestTurns(db);
  for (const d of decided) {
    await letRequestsIn();
    const latest = transitions.find((tr) => tr.dossier_id === d.id);
    if (!latest || latest.sent_at || EVENT_OF[latest.event] !== d.state) continue;
    const decision = d.state as Decision;
    const profile = await submissionProfile(db, d);
    const vars = letterVars(call, {
      dossierId: d.id,
      organisation: d.organisation,
      profile,
      reasons: latest.note ?? "",
      decision,
      visitOffers,
      appUrl,
      shared: shared.get(d.id) ?? [],
    });
    out.push({
      dossierId: d.id,
      transitionId: latest.id,
      decision,
      name: vars.initiative,
      reasons: latest.note ?? "",
      letter: renderLetter(templates[decision], vars),
    });
  }
  return out.sort((a, b) => a.decision.localeCompare(b.decision) || a.name.localeCompare(b.name, "fr"));
}

interface HostOffer {
  dossierId: string;
  name: string;
  place: string;
  experiences: string;
  when: string;
}

/** Hosting offers of the accepted dossiers, from their latest submission. */
async function acceptedHostOffers(db: Kdb, callId: string): Promise<HostOffer[]> {
  const rows = await db
    .selectFrom("dossier")
    .innerJoin("submission", (j) =>
      j.onRef("submission.dossier_id", "=", "dossier.id").onRef("submission.number", "=", "dossier.submission_count"),
    )
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .select(["dossier.id", "dossier_fact.name", "submission.answers_json", "submission.profile_json", "submission.form_version_id"])
    .where("dossier.call_id", "=", callId)
    .where("dossier.state", "=", "accepted")
    .where("dossier_fact.hosts_visit", "=", 1)
    .orderBy(frenchOrder(db, "dossier_fact.name"))
    .execute();
  const offers: HostOffer[] = [];
  for (const r of rows) {
    const p = await submissionProfile(db, r);
    const place = p.communeCode ? communeByCode(p.communeCode) : undefined;
    offers.push({
      dossierId: r.id,
      name: r.name,
      place: place ? `${place.nom} (${place.departement})` : "",
      experiences: p.hostExperiences ?? "",
      when: p.hostWhen ?? "",
    });
  }
  return offers;
}

const excerpt = (s: string, n = 220) => (s.length > n ? `${s.slice(0, n).trim()}…` : s);

/** The proposals of learning visits in an acceptance letter: the member's own offer and the others'. */
export function visitProposals(dossierId: string, hostsOffer: { host: boolean; experiences: string }, offers: HostOffer[]): string {
  const lines: string[] = [];
  if (hostsOffer.host) {
    lines.push(
      `Vous avez proposé d’accueillir une visite de la communauté${hostsOffer.experiences ? ` autour de : ${excerpt(hostsOffer.experiences)}` : ""}. Nous construirons le calendrier avec vous.`,
    );
  }
  const others = offers.filter((o) => o.dossierId !== dossierId);
  if (others.length) {
    lines.push("Visites proposées par d’autres membres de la communauté :");
    for (const o of others.slice(0, 8))
      lines.push(`– ${o.name}${o.place ? `, ${o.place}` : ""}${o.experiences ? ` : ${excerpt(o.experiences, 160)}` : ""}`);
  }
  if (lines.length === 0)
    lines.push("Le calendrier des visites apprenantes sera établi avec les membres de la communauté lors de son lancement.");
  return lines.join("\n");
}

function letterVars(
  call: Call,
  input: {
    dossierId: string;
    organisation: string;
    profile: DossierProfile;
    reasons: string;
    decision: Decision;
    visitOffers: HostOffer[];
    appUrl: string;
    /** The reviewers' comments the organiser chose to quote. */
    shared?: string[];
  },
): LetterVars {
  const p = input.profile;
  const contact = [p.contact.name, p.contact.role].filter(Boolean).join(", ");
  const c = call.content.contact;
  return {
    // The organisation's own name (issue 10: it was filled from the free-text « Structure porteuse »).
    organisation: input.organisation,
    initiative: p.name ?? input.organisation,
    contact: contact || input.organisation,
    appel: localized(call.content.title, "fr"),
    motivation: input.reasons.trim(),
    avis_evaluateurs: sharedReviewsText(input.shared ?? []),
    visites:
      input.decision === "accepted"
        ? visitProposals(input.dossierId, { host: p.hostsVisit === true, experiences: p.hostExperiences ?? "" }, input.visitOffers)
        : "",
    date_reponse: formatParisDate(call.timeline.answers, "fr"),
    debut_communaute: formatMonth(call.timeline.communityStart, "fr"),
    fin_communaute: formatMonth(call.timeline.communityEnd, "fr"),
    montant: p.amountRequested !== null ? formatEuros(p.amountRequested, "fr") : "",
    lien: `${input.appUrl}/dossiers/${input.dossierId}`,
    signataire: [c.name, c.role, c.organisation].filter(Boolean).join(", "),
  };
}

/**
 * Sends the pending answers (all of them, or the listed dossiers): records each answer, then queues its
 * e-mail. A decision already answered is skipped, whoever sends again and however many times.
 */
export async function sendAnswers(
  db: Kdb,
  input: { callId: string; actorId: string; appUrl: string; dossierIds?: string[]; now?: Date },
): Promise<{ sent: number; skipped: number }> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const pending = await pendingAnswers(db, input.callId, input.appUrl);
  const chosen = input.dossierIds ? pending.filter((p) => input.dossierIds!.includes(p.dossierId)) : pending;
  const at = (input.now ?? new Date()).toISOString();
  let sent = 0;
  let skipped = 0;
  for (const p of chosen) {
    const inserted = await db
      .insertInto("decision_answer")
      .values({
        transition_id: p.transitionId,
        dossier_id: p.dossierId,
        call_id: input.callId,
        decision: p.decision,
        reasons: p.reasons,
        subject: p.letter.subject,
        body: p.letter.body,
        sent_by: input.actorId,
        sent_at: at,
      })
      .onConflict((oc) => oc.column("transition_id").doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
      skipped++;
      continue;
    }
    await enqueue(db, "send-decision-letter", { transitionId: p.transitionId });
    await emitWebhookEvent(db, {
      callId: input.callId,
      type: "decision.sent",
      data: { dossier_id: p.dossierId, decision: p.decision, sent_at: at, resource: `/api/v1/dossiers/${p.dossierId}/decisions` },
      now: input.now,
    });
    sent++;
  }
  return { sent, skipped };
}

const SCHEDULE_KEY = "answers_schedule";

/** Schedules the sending of every pending answer (by default on the call's answer date, 9 a.m. Paris time). */
export async function scheduleAnswers(db: Kdb, input: { callId: string; actorId: string; at: Date; now?: Date }): Promise<void> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  if (input.at.getTime() <= (input.now ?? new Date()).getTime()) throw new DomainError("answers.scheduleInPast", 400);
  await cancelScheduledAnswers(db, input);
  const jobId = await enqueue(db, "send-answers", { callId: input.callId, actorId: input.actorId }, input.at);
  await db
    .insertInto("call_setting")
    .values({ call_id: input.callId, key: SCHEDULE_KEY, value: JSON.stringify({ jobId, at: input.at.toISOString(), by: input.actorId }) })
    .onConflict((oc) =>
      oc.columns(["call_id", "key"]).doUpdateSet({ value: JSON.stringify({ jobId, at: input.at.toISOString(), by: input.actorId }) }),
    )
    .execute();
}

export async function scheduledAnswers(db: Kdb, callId: string): Promise<{ jobId: string; at: string } | null> {
  const row = await db
    .selectFrom("call_setting")
    .select("value")
    .where("call_id", "=", callId)
    .where("key", "=", SCHEDULE_KEY)
    .executeTakeFirst();
  if (!row) return null;
  const v = JSON.parse(row.value) as { jobId: string; at: string };
  const job = await db.selectFrom("job").select("status").where("id", "=", v.jobId).executeTakeFirst();
  return job && job.status === "pending" ? v : null;
}

export async function cancelScheduledAnswers(db: Kdb, input: { callId: string; actorId: string }): Promise<void> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const row = await db
    .selectFrom("call_setting")
    .select("value")
    .where("call_id", "=", input.callId)
    .where("key", "=", SCHEDULE_KEY)
    .executeTakeFirst();
  if (!row) return;
  const v = JSON.parse(row.value) as { jobId: string };
  await db.deleteFrom("job").where("id", "=", v.jobId).where("status", "=", "pending").execute();
  await db.deleteFrom("call_setting").where("call_id", "=", input.callId).where("key", "=", SCHEDULE_KEY).execute();
}

/** The job run at the scheduled time. */
export async function runScheduledAnswers(db: Kdb, appUrl: string, payload: { callId: string; actorId: string }): Promise<void> {
  await sendAnswers(db, { callId: payload.callId, actorId: payload.actorId, appUrl });
  await db.deleteFrom("call_setting").where("call_id", "=", payload.callId).where("key", "=", SCHEDULE_KEY).execute();
}

export function defaultScheduleDate(call: Call, now = new Date()): string {
  const today = parisToday(now);
  return call.timeline.answers > today ? call.timeline.answers : today;
}

/** The last answer sent for a dossier: what its members see. */
export async function sentAnswerOf(db: Kdb, dossierId: string) {
  return db
    .selectFrom("decision_answer")
    .selectAll()
    .where("dossier_id", "=", dossierId)
    .orderBy("sent_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function answerById(db: Kdb, transitionId: string) {
  const row = await db
    .selectFrom("decision_answer")
    .innerJoin("dossier", "dossier.id", "decision_answer.dossier_id")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .select([
      "decision_answer.transition_id",
      "decision_answer.dossier_id",
      "decision_answer.call_id",
      "decision_answer.subject",
      "decision_answer.body",
      "decision_answer.sent_at",
      "decision_answer.decision",
      "dossier.organization_id",
      "organization.name as organisation",
    ])
    .where("decision_answer.transition_id", "=", transitionId)
    .executeTakeFirst();
  if (!row) throw new NotFound();
  return row;
}

export async function letterPdf(
  db: Kdb,
  transitionId: string,
): Promise<{ pdf: Buffer; filename: string; answer: Awaited<ReturnType<typeof answerById>> }> {
  const answer = await answerById(db, transitionId);
  const call = await findCallById(db, answer.call_id);
  if (!call) throw new NotFound();
  const pdf = await renderLetterPdf({
    organiser: call.content.organiser,
    subject: answer.subject,
    body: answer.body,
    date: formatParisDate(answer.sent_at, "fr"),
  });
  return { pdf, filename: `decision-${slugify(answer.organisation)}.pdf`, answer };
}

/** A sent decision letter for a member of the dossier's organisation or one of the call's organisers (their reading is logged). NotFound otherwise. */
export async function letterFor(db: Kdb, input: { userId: string; dossierId: string; answerId: string }) {
  const answer = await answerById(db, input.answerId);
  if (answer.dossier_id !== input.dossierId) throw new NotFound();
  // The call's organisers read every letter they sent, whatever became of the dossier since (withdrawn after
  // being selected, say); otherwise the members of its organisation.
  if ((await roleInCall(db, input.userId, answer.call_id)) === "organiser")
    await recordAccess(db, {
      actorId: input.userId,
      role: "organiser",
      action: "letter",
      callId: answer.call_id,
      dossierId: input.dossierId,
    });
  else await dossierForMember(db, input.userId, input.dossierId);
  return letterPdf(db, input.answerId);
}

export function renderLetterPdf(input: { organiser: string; subject: string; body: string; date: string }): Promise<Buffer> {
  const { doc, done } = createPdf({ margin: 64, title: input.subject, author: input.organiser });
  doc.font("bold").fontSize(12).text(frenchSpacing(input.organiser));
  doc
    .font("regular")
    .fontSize(10)
    .fillColor("#444")
    .text(frenchSpacing(`Le ${input.date}`), { align: "right" });
  doc
    .moveDown(1.5)
    .font("bold")
    .fontSize(11)
    .fillColor("#1a1a1a")
    .text(frenchSpacing(`Objet : ${input.subject}`));
  doc.moveDown(1).font("regular").fontSize(10.5);
  for (const paragraph of input.body.split(/\n{2,}/)) {
    doc.text(frenchSpacing(paragraph), { align: "left" }).moveDown(0.7);
  }
  doc.end();
  return done;
}

/** The job that e-mails one answer, with its letter as PDF, to every member of the organisation. */
export async function sendDecisionLetter(db: Kdb, mailer: Mailer, payload: { transitionId: string }): Promise<void> {
  const { pdf, filename, answer } = await letterPdf(db, payload.transitionId);
  for (const m of await memberEmails(db, answer.organization_id)) {
    // A retried job (the SMTP server failed half-way) does not write twice to those already written to.
    const already = await db
      .selectFrom("email")
      .select("id")
      .where("to_addr", "=", m.email)
      .where("subject", "=", answer.subject)
      .where("created_at", ">=", answer.sent_at)
      .executeTakeFirst();
    if (already) continue;
    await mailer.send({
      to: m.email,
      subject: answer.subject,
      text: `${t(m.locale, "mail.decision.intro", { name: m.name })}\n\n${answer.body}`,
      attachments: [{ filename, content: pdf, contentType: "application/pdf" }],
    });
  }
}
