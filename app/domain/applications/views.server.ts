import type { SessionUser } from "../../auth/session.server";
import type { Kdb } from "../../db/database.server";
import { conditionHolds, findField, isField, localized, type Section } from "../../forms/definition";
import type { CommuneValue } from "../../forms/field-types.server";
import { fieldText } from "../../forms/field-types.server";
import { changesFromForm } from "../../forms/read-form.server";
import { communeByCode, communeLabel, findCommunes } from "../../forms/territory.server";
import { checkAnswers, completion } from "../../forms/validate.server";
import type { Locale } from "../../i18n/i18n";
import { NotFound } from "../../lib/errors";
import { formatParisDateTime } from "../../lib/paris-time";
import { featuresOf } from "../calls/call-content";
import { deadlineFor, findCallById, findCallBySlug, formDefinition, isOpen } from "../calls/calls.server";
import { formChangeNotice } from "../calls/form-versions.server";
import { sentAnswerOf } from "../decisions/answers.server";
import { organisationsOf } from "../organisations/organisations.server";
import { retentionSentence } from "../privacy/retention.server";
import { phaseAt } from "../review/phases";
import { listAttachments } from "./attachments.server";
import type { DossierRow, SaveResult } from "./dossiers.server";
import {
  answerHistory,
  answerValues,
  attachmentCounts,
  latestReturnNote,
  loadAnswers,
  submissionsOf,
  transitionsOf,
} from "./dossiers.server";
import { applicantView, mayEditAnswers, TRANSITIONS, type Decision } from "./lifecycle";
import { unreadCounts } from "./messages.server";
import { findPendingSave } from "./pending-saves.server";

/** The « apply » page of a published call: its title, whether it is open, and the organisations the person may apply for (null: no such call). */
export async function applyView(db: Kdb, slug: string, userId: string, L: Locale) {
  const call = await findCallBySlug(db, slug);
  if (!call || call.status !== "published") return null;
  const orgs = await organisationsOf(db, userId);
  return { title: localized(call.content.title, L), orgs, open: isOpen(call) };
}

/** The dossier's history of answers: who changed which question, when, from what to what. */
export async function historyView(db: Kdb, dossier: DossierRow, L: Locale) {
  const def = await formDefinition(db, dossier.form_version_id);
  const rows = await answerHistory(db, dossier.id);
  return {
    id: dossier.id,
    rows: rows.map((r) => {
      const field = findField(def, r.field_key);
      return {
        label: field ? localized(field.label, L) : r.field_key,
        version: r.version,
        at: formatParisDateTime(r.saved_at, L),
        by: r.saved_by_name ?? "",
        text: field ? fieldText(field, r.value, L) : JSON.stringify(r.value),
      };
    }),
  };
}

/** The dossier's page for a member of its organisation: progress and what is missing, submissions, the steps shown to applicants, the answer once sent, unread messages, and what to do next (the lifecycle's applicant view). */
export async function dossierView(db: Kdb, user: SessionUser, dossier: DossierRow, L: Locale) {
  const call = await findCallById(db, dossier.call_id);
  if (!call) throw new NotFound();
  const def = await formDefinition(db, dossier.form_version_id);
  const answers = answerValues(await loadAnswers(db, dossier.id));
  const counts = await attachmentCounts(db, dossier.id);
  const issues = checkAnswers(def, answers, counts, L, "submit");
  const deadline = await deadlineFor(db, call, dossier.organization_id);
  const org = await db
    .selectFrom("organization")
    .select(["id", "name"])
    .where("id", "=", dossier.organization_id)
    .executeTakeFirstOrThrow();
  const [subs, transitions, returnNote] = await Promise.all([
    submissionsOf(db, dossier.id),
    transitionsOf(db, dossier.id),
    dossier.state === "returned_for_changes" ? latestReturnNote(db, dossier.id) : Promise.resolve(null),
  ]);
  const closed = new Date() >= deadline;
  const answer = await sentAnswerOf(db, dossier.id);
  const unread = (await unreadCounts(db, { userId: user.id, dossierIds: [dossier.id], otherSide: "team" })).get(dossier.id) ?? 0;
  const lastMinute = new Date(deadline.getTime() - 60000);
  return {
    id: dossier.id,
    state: dossier.state,
    organisation: org,
    callTitle: localized(call.content.title, L),
    callSlug: call.slug,
    deadline: formatParisDateTime(lastMinute, L),
    extended: deadline.getTime() !== call.closesAt.getTime(),
    closed,
    progress: completion(def, answers, counts),
    sections: def.sections
      .filter((s) => conditionHolds(s.showIf, answers))
      .map((s) => ({ key: s.key, title: localized(s.title, L), missing: issues.filter((i) => i.sectionKey === s.key).length })),
    issues: issues.map((i) => ({
      href: `/dossiers/${dossier.id}/parties/${i.sectionKey}#q-${i.fieldKey}`,
      message: `${i.label} — ${i.message}`,
    })),
    submissions: subs.map((s) => ({
      id: s.id,
      number: s.number,
      date: formatParisDateTime(s.submitted_at, L),
      by: s.submitted_by_name ?? "",
    })),
    // Applicants see their own steps and requests for changes; review steps and decisions are the team's until answers are sent.
    transitions: transitions
      .filter((tr) => TRANSITIONS[tr.event as keyof typeof TRANSITIONS]?.shownToApplicant)
      .map((tr) => ({ event: tr.event, at: formatParisDateTime(tr.at, L), by: tr.actor_name ?? "" })),
    returnNote,
    // The decision and its reasons, once the answers are sent (the letter as sent, and its PDF).
    answer: answer
      ? {
          decision: answer.decision,
          reasons: answer.reasons,
          at: formatParisDateTime(answer.sent_at, L),
          transitionId: answer.transition_id,
        }
      : null,
    messages: dossier.submission_count > 0 ? { unread } : null,
    // What the organisation may do and should do next: the lifecycle's applicant view, in one place.
    view: applicantView({
      state: dossier.state,
      answerSent: (answer?.decision as Decision | undefined) ?? null,
      deadlinePassed: closed,
      frozen: !phaseAt(call.content.phases, new Date()).rights.applicantsEdit,
      complete: issues.length === 0,
      hasCommunity: featuresOf(call.content).community,
    }),
    retention: await retentionSentence(db, dossier.call_id, "withdrawn", L),
    // The form changed since this draft began: what it now asks (issue 10).
    formChanged: await formChangeNotice(db, dossier),
    hasCommunity: featuresOf(call.content).community,
  };
}

/** A part of the dossier's form for a member of its organisation: the stored answers with their versions, files, problems, commune candidates, whether it may be edited now (state, deadline, phase), and a save kept aside after an expired session (« reprise »). NotFound for an unknown part. */
export async function sectionView(
  db: Kdb,
  dossier: DossierRow,
  sectionKey: string,
  reprise: string | null,
  maxFileBytes: number,
  L: Locale,
) {
  const def = await formDefinition(db, dossier.form_version_id);
  const section = def.sections.find((s) => s.key === sectionKey);
  if (!section) throw new NotFound();
  const call = await findCallById(db, dossier.call_id);
  if (!call) throw new NotFound();
  const stored = await loadAnswers(db, dossier.id);
  const answers = answerValues(stored);
  const attachments = await listAttachments(db, dossier.id);
  const counts: Record<string, number> = {};
  for (const a of attachments) counts[a.field_key] = (counts[a.field_key] ?? 0) + 1;
  const deadline = await deadlineFor(db, call, dossier.organization_id);
  const closed = new Date() >= deadline;
  const frozen = !phaseAt(call.content.phases, new Date()).rights.applicantsEdit;
  const editable = mayEditAnswers(dossier.state, "applicant", { deadlinePassed: closed, frozen });
  const problems = Object.fromEntries(
    checkAnswers(def, answers, counts, L, "draft")
      .filter((i) => i.sectionKey === section.key)
      .map((i) => [i.fieldKey, i.message]),
  );
  const communeInfo: Record<string, { resolved?: string; candidates: { code: string; label: string }[] }> = {};
  for (const item of section.items) {
    if (item.type !== "commune") continue;
    const v = answers[item.key] as CommuneValue | undefined;
    const resolved = v?.code ? communeByCode(v.code) : undefined;
    communeInfo[item.key] = {
      resolved: resolved ? fieldText(item, v, L) : undefined,
      candidates: !resolved && v?.query ? findCommunes(v.query, 30).map((c) => ({ code: c.code, label: communeLabel(c) })) : [],
    };
  }
  const kept = reprise ? await findPendingSave(db, { token: reprise, dossierId: dossier.id, sectionKey: section.key }) : null;
  const restored = kept ? Object.fromEntries(changesFromForm(def, kept).map((c) => [c.key, c.value])) : null;
  const index = def.sections.findIndex((s) => s.key === section.key);
  return {
    dossierId: dossier.id,
    sectionKey: section.key,
    sectionTitle: localized(section.title, L),
    intro: section.intro ? localized(section.intro, L) : "",
    section,
    answers: Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, { value: v.value, version: v.version }])),
    attachments,
    editable,
    closed,
    frozen,
    state: dossier.state,
    problems,
    communeInfo,
    prev: index > 0 ? { key: def.sections[index - 1].key, title: localized(def.sections[index - 1].title, L) } : null,
    next: index < def.sections.length - 1 ? { key: def.sections[index + 1].key, title: localized(def.sections[index + 1].title, L) } : null,
    maxFileMb: Math.round(maxFileBytes / 1048576),
    loadedAt: new Date().toISOString(),
    restored,
  };
}

/** Answers a colleague saved meanwhile, as the section shows them beside what this person typed (who, when, their value). */
export async function conflictsView(db: Kdb, section: Section, results: SaveResult[], L: Locale) {
  const conflicts: Record<string, { theirs: string; by: string; at: string; version: number }> = {};
  const typed: Record<string, unknown> = {};
  const clashes = results.filter((r) => r.status === "conflict");
  // The colleagues' names in one read, whatever the number of answers in conflict.
  const ids = [...new Set(clashes.map((r) => r.theirsBy))];
  const names = new Map(
    ids.length ? (await db.selectFrom("user").select(["id", "name"]).where("id", "in", ids).execute()).map((u) => [u.id, u.name]) : [],
  );
  for (const r of clashes) {
    const field = section.items.find((i) => i.key === r.key);
    const who = { name: names.get(r.theirsBy) };
    conflicts[r.key] = {
      theirs: field && isField(field) ? fieldText(field, r.theirs, L) : String(r.theirs),
      by: who?.name ?? "?",
      at: formatParisDateTime(r.theirsAt, L),
      version: r.version,
    };
    typed[r.key] = r.yours;
  }
  return { conflicts, typed };
}
