// Review phases, reviewers' preferences and the assignment with hard limits (issue 12), on both databases:
// preferences before the assignment (a conflict declared there is final), an assignment that keeps each
// reviewer's limit and explains what it could not do, e-mails to the reviewers, reminders once before the
// review is due, and phases that close scoring and freeze dossiers at their date.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { asChanges, completeAnswers } from "../support/fixtures";
import { findCallBySlug, type Call } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { applyOrganiserTransition, openOrCreateDossier, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { addCallMember, calibrationOfCall, callAggregates, saveReview, shareReview } from "../../app/domain/review/reviews.server";
import {
  lastAssignmentRun,
  preferencesOf,
  runAssignment,
  savePreferences,
  sendReviewReminders,
  setMaxLoad,
} from "../../app/domain/review/assignment-flow.server";
import { pendingAnswers, saveLetterTemplate } from "../../app/domain/decisions/answers.server";
import { confirmSelection } from "../../app/domain/decisions/selection.server";
import { changeCallContent } from "../support/dossiers";
import type { ReviewPhase } from "../../app/domain/review/phases";
import { parisSortableDateTime } from "../../app/lib/paris-time";
import { DomainError, NotFound } from "../../app/lib/errors";

const wall = (d: Date) => parisSortableDateTime(d).replace(" ", "T");
const HOUR = 3_600_000;

describe.each(DATABASES)("review flow on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser: string;
  const reviewers: { id: string; email: string }[] = [];
  const dossiers: { id: string; org: string; owner: string }[] = [];

  const setPhases = async (phases: ReviewPhase[] | undefined) => {
    await changeCallContent(env.services.db, { callId: call.id, actorId: organiser, change: (c) => ({ ...c, phases }) });
  };

  beforeAll(async () => {
    env = await testEnv(kind);
    const db = env.services.db;
    call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    organiser = (await db.selectFrom("user").select("id").where("role", "=", "organiser").executeTakeFirstOrThrow()).id;
    for (let i = 0; i < 5; i++) {
      const owner = await createVerifiedUser(env.services, `Porteuse ${i}`);
      const org = await createOrganisation(db, { name: `PTCE flux ${i}`, userId: owner.id });
      const id = await openOrCreateDossier(db, { call, organizationId: org, userId: owner.id });
      await saveAnswers(db, { dossier: await dossierForMember(db, owner.id, id), userId: owner.id, changes: asChanges(completeAnswers()) });
      await submitDossier(db, { dossier: await dossierForMember(db, owner.id, id), userId: owner.id, locale: "fr" });
      dossiers.push({ id, org, owner: owner.id });
    }
    for (let i = 0; i < 3; i++) {
      const r = await createVerifiedUser(env.services, `Évaluatrice ${i}`);
      await addCallMember(db, { callId: call.id, userId: r.id, role: "reviewer", actorId: organiser });
      reviewers.push(r);
    }
  });
  afterAll(async () => env?.close());

  it("collects a reviewer's preferences; a conflict declared there is final; only the call's reviewers have the page", async () => {
    const db = env.services.db;
    const [r0] = reviewers;
    const before = await preferencesOf(db, { callId: call.id, reviewerId: r0.id });
    expect(before).toHaveLength(5);
    expect(before.every((r) => r.choice === "neutral")).toBe(true);
    const saved = await savePreferences(db, {
      callId: call.id,
      reviewerId: r0.id,
      locale: "fr",
      choices: { [dossiers[0].id]: "interested", [dossiers[1].id]: "not", [dossiers[2].id]: "conflict", "not-a-dossier": "interested" },
    });
    expect(saved).toEqual({ saved: 2, conflicts: 1 });
    const after = await preferencesOf(db, { callId: call.id, reviewerId: r0.id });
    expect(after.find((r) => r.id === dossiers[2].id)?.choice).toBe("conflict");
    // Taking the conflict back from the preferences does nothing.
    await savePreferences(db, { callId: call.id, reviewerId: r0.id, locale: "fr", choices: { [dossiers[2].id]: "interested" } });
    expect((await preferencesOf(db, { callId: call.id, reviewerId: r0.id })).find((r) => r.id === dossiers[2].id)?.choice).toBe("conflict");
    await expect(preferencesOf(db, { callId: call.id, reviewerId: dossiers[0].owner })).rejects.toBeInstanceOf(NotFound);
    await expect(preferencesOf(db, { callId: call.id, reviewerId: organiser })).rejects.toBeInstanceOf(NotFound);
  });

  it("assigns within the hard limits, follows preferences, explains the shortfall and e-mails each reviewer once", async () => {
    const db = env.services.db;
    await setMaxLoad(db, { callId: call.id, reviewerId: reviewers[2].id, maxLoad: 2, actorId: organiser });
    await expect(
      setMaxLoad(db, { callId: call.id, reviewerId: reviewers[2].id, maxLoad: 2, actorId: reviewers[0].id }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(runAssignment(db, { callId: call.id, actorId: organiser, perDossier: 2, maxPerReviewer: 0 })).rejects.toBeInstanceOf(
      DomainError,
    );
    // 5 dossiers × 2 = 10 reviews; limits 4 + 4 + 2 = 10, but r0 may not take dossier 2 (conflict).
    const result = await runAssignment(db, { callId: call.id, actorId: organiser, perDossier: 2, maxPerReviewer: 4, appUrl: "http://t" });
    const rows = await db.selectFrom("review_assignment").select(["dossier_id", "reviewer_id"]).execute();
    const load = (id: string) => rows.filter((r) => r.reviewer_id === id).length;
    expect(load(reviewers[0].id)).toBeLessThanOrEqual(4);
    expect(load(reviewers[1].id)).toBeLessThanOrEqual(4);
    expect(load(reviewers[2].id)).toBeLessThanOrEqual(2);
    expect(rows.some((r) => r.reviewer_id === reviewers[0].id && r.dossier_id === dossiers[2].id)).toBe(false);
    expect(rows.some((r) => r.reviewer_id === reviewers[0].id && r.dossier_id === dossiers[0].id)).toBe(true);
    // The limits leave no choice: r0 (not dossier 2, conflict) must take all four others, the one it did not want included —
    // the hard constraints come before the preference, and the explanation says so.
    expect(rows.some((r) => r.reviewer_id === reviewers[0].id && r.dossier_id === dossiers[1].id)).toBe(true);
    expect(rows).toHaveLength(10);
    expect(result.shortfalls).toEqual([]);
    const run = await lastAssignmentRun(db, call.id);
    expect(run?.added).toBe(10);
    expect(run?.reviewers.find((r) => r.id === reviewers[0].id)).toMatchObject({
      limit: 4,
      after: 4,
      byPreference: { interested: 1, neutral: 2, not: 1 },
    });
    expect(run?.reviewers.find((r) => r.id === reviewers[2].id)).toMatchObject({ limit: 2, after: 2 });
    const mails = await db.selectFrom("job").select("payload_json").where("type", "=", "send-mail").execute();
    const toReviewers = mails
      .map((m) => JSON.parse(m.payload_json) as { to: string; subject: string; text: string })
      .filter((m) => reviewers.some((r) => r.email === m.to) && /à évaluer/.test(m.subject));
    expect(toReviewers.map((m) => m.to).sort()).toEqual(reviewers.map((r) => r.email).sort());
    expect(toReviewers.every((m) => /à évaluer/.test(m.subject) && m.text.includes("http://t/instruction"))).toBe(true);
    // No dossier name travels by e-mail.
    expect(toReviewers.some((m) => m.text.includes("Grand-Figeac"))).toBe(false);

    // A sixth dossier with everyone at their limit: short, and the reason says so.
    const owner = await createVerifiedUser(env.services, "Porteuse tardive");
    const org = await createOrganisation(db, { name: "PTCE flux tardif", userId: owner.id });
    const id = await openOrCreateDossier(db, { call, organizationId: org, userId: owner.id });
    await saveAnswers(db, { dossier: await dossierForMember(db, owner.id, id), userId: owner.id, changes: asChanges(completeAnswers()) });
    await submitDossier(db, { dossier: await dossierForMember(db, owner.id, id), userId: owner.id, locale: "fr" });
    const again = await runAssignment(db, { callId: call.id, actorId: organiser, perDossier: 2, maxPerReviewer: 4 });
    expect(again.added).toEqual([]);
    expect(again.shortfalls).toEqual([expect.objectContaining({ dossierId: id, assigned: 0, wanted: 2, reason: "reviewersFull" })]);
    expect((await lastAssignmentRun(db, call.id))?.shortfalls[0].name).toBe("Pôle Coop’Emploi du Grand-Figeac");
  });

  it("reminds reviewers with reviews to write three days and one day before scoring closes, once each", async () => {
    const db = env.services.db;
    const now = new Date();
    const closes = new Date(now.getTime() + 50 * HOUR);
    await setPhases([
      {
        name: { fr: "Évaluation" },
        starts: wall(new Date(now.getTime() - 24 * HOUR)),
        canScore: true,
        seeOthers: true,
        seeNames: true,
        applicantsEdit: true,
      },
      { name: { fr: "Délibération" }, starts: wall(closes), canScore: false, seeOthers: true, seeNames: true, applicantsEdit: true },
    ]);
    // Reviewer 1 writes every review: nothing to remind them of.
    const mine = await db.selectFrom("review_assignment").select("dossier_id").where("reviewer_id", "=", reviewers[1].id).execute();
    for (const m of mine) await saveReview(db, { dossierId: m.dossier_id, reviewerId: reviewers[1].id, scores: {}, comment: "Solide." });
    expect(await sendReviewReminders(db, "http://t", now)).toBe(2);
    expect(await sendReviewReminders(db, "http://t", new Date(now.getTime() + HOUR))).toBe(0);
    expect(await sendReviewReminders(db, "http://t", new Date(now.getTime() + 30 * HOUR))).toBe(2);
    expect(await sendReviewReminders(db, "http://t", new Date(now.getTime() + 31 * HOUR))).toBe(0);
    // Scoring closed: no reminder, and no review can be written any more.
    expect(await sendReviewReminders(db, "http://t", new Date(closes.getTime() + HOUR))).toBe(0);
    await expect(
      saveReview(db, {
        dossierId: mine[0].dossier_id,
        reviewerId: reviewers[1].id,
        scores: {},
        comment: "Trop tard",
        now: new Date(closes.getTime() + HOUR),
      }),
    ).rejects.toMatchObject({ messageKey: "phases.scoringClosed" });
  });

  it("freezes dossiers in a phase that says so: no return for changes, no edit of a returned dossier", async () => {
    const db = env.services.db;
    const now = new Date();
    await setPhases(undefined);
    const d = dossiers[4];
    await applyOrganiserTransition(db, {
      dossierId: d.id,
      event: "return_for_changes",
      actorId: organiser,
      note: "Budget à préciser.",
      appUrl: "http://t",
    });
    await setPhases([
      {
        name: { fr: "Jury" },
        starts: wall(new Date(now.getTime() - HOUR)),
        canScore: false,
        seeOthers: true,
        seeNames: true,
        applicantsEdit: false,
      },
    ]);
    const returned = await dossierForMember(db, d.owner, d.id);
    const base = (
      await db
        .selectFrom("answer")
        .select("version")
        .where("dossier_id", "=", d.id)
        .where("field_key", "=", "volunteers")
        .executeTakeFirstOrThrow()
    ).version;
    const change = (value: string) => [{ key: "volunteers", value, baseVersion: base }];
    await expect(saveAnswers(db, { dossier: returned, userId: d.owner, changes: change("30") })).rejects.toMatchObject({
      messageKey: "phases.applicantsFrozen",
    });
    await expect(submitDossier(db, { dossier: returned, userId: d.owner, locale: "fr" })).rejects.toMatchObject({
      messageKey: "phases.applicantsFrozen",
    });
    await expect(
      applyOrganiserTransition(db, {
        dossierId: dossiers[3].id,
        event: "return_for_changes",
        actorId: organiser,
        note: "Non.",
        appUrl: "http://t",
      }),
    ).rejects.toMatchObject({ messageKey: "phases.returnFrozen" });
    // The phase over, the returned dossier takes changes again.
    await setPhases(undefined);
    const saved = await saveAnswers(db, { dossier: await dossierForMember(db, d.owner, d.id), userId: d.owner, changes: change("31") });
    expect(saved).toEqual([expect.objectContaining({ key: "volunteers", status: "saved" })]);
  });

  it("calibrates reviewers against the panel and sends split dossiers to discussion", async () => {
    const db = env.services.db;
    const criteria = call.content.criteria;
    const all = (v: (c: (typeof criteria)[number]) => number) => Object.fromEntries(criteria.map((c) => [c.key, v(c)]));
    const rows = await db.selectFrom("review_assignment").select(["dossier_id", "reviewer_id"]).execute();
    // r0 scores low, r1 high, r2 in the middle — whatever the dossier.
    for (const r of rows) {
      const i = reviewers.findIndex((x) => x.id === r.reviewer_id);
      const scores = all((c) => (i === 0 ? c.scale.min : i === 1 ? c.scale.max : Math.round((c.scale.min + c.scale.max) / 2)));
      await saveReview(db, { dossierId: r.dossier_id, reviewerId: r.reviewer_id, scores, comment: "Évaluation." });
    }
    const c = await calibrationOfCall(db, call.id);
    const of = (i: number) => c.reviewers.find((r) => r.reviewerId === reviewers[i].id)!;
    expect(of(0).severity).toBe("harsh");
    expect(of(1).severity).toBe("lenient");
    expect(of(0).name).toBe("Évaluatrice 0");
    // A dossier reviewed by the harsh and the lenient reviewer: far apart in raw terms, split after calibration
    // only if their calibrated scores still differ — here both give their own constant, so calibration brings them together.
    // (Dossier 4 was returned for changes by the previous test: out of review, out of the calibration.)
    const both = rows
      .filter((r) => r.reviewer_id === reviewers[0].id && r.dossier_id !== dossiers[4].id)
      .find((r) => rows.some((x) => x.dossier_id === r.dossier_id && x.reviewer_id === reviewers[1].id))!;
    const d = c.dossiers.get(both.dossier_id)!;
    expect(d.reviews).toBe(2);
    expect(d.split).toBe(false);
    // The raw aggregate still flags the criteria's disagreement: the dossier is on the list to discuss.
    expect((await callAggregates(db, call.id)).get(both.dossier_id)?.disagreement).toBe(true);
  });

  it("quotes in the decision letter, without names, only the reviews the organiser chose to share", async () => {
    const db = env.services.db;
    const d = dossiers[0];
    const rows = await db.selectFrom("review").select(["reviewer_id"]).where("dossier_id", "=", d.id).execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    await saveReview(db, { dossierId: d.id, reviewerId: rows[0].reviewer_id, scores: {}, comment: "Un ancrage territorial remarquable." });
    await saveReview(db, { dossierId: d.id, reviewerId: rows[1].reviewer_id, scores: {}, comment: "Note interne : à ne pas citer." });
    await expect(
      shareReview(db, { dossierId: d.id, reviewerId: rows[0].reviewer_id, share: true, actorId: rows[1].reviewer_id }),
    ).rejects.toBeInstanceOf(NotFound);
    await shareReview(db, { dossierId: d.id, reviewerId: rows[0].reviewer_id, share: true, actorId: organiser });
    await saveLetterTemplate(db, {
      callId: call.id,
      decision: "accepted",
      actorId: organiser,
      subject: "Votre candidature à « {appel} »",
      body: "Madame, Monsieur,\n\n{motivation}\n{avis_evaluateurs}\n{signataire}",
    });
    await confirmSelection(db, {
      callId: call.id,
      actorId: organiser,
      appUrl: "http://t",
      decisions: [{ dossierId: d.id, decision: "accepted", reasons: "Un projet solide et bien ancré." }],
    });
    const letter = (await pendingAnswers(db, call.id, "http://t")).find((a) => a.dossierId === d.id)!.letter;
    expect(letter.body).toContain("Extraits des évaluations :\n« Un ancrage territorial remarquable. »");
    expect(letter.body).not.toContain("Note interne");
    expect(letter.body).not.toContain("Évaluatrice");
    // Unshared: the letter quotes nothing, and no heading is left behind.
    await shareReview(db, { dossierId: d.id, reviewerId: rows[0].reviewer_id, share: false, actorId: organiser });
    const plain = (await pendingAnswers(db, call.id, "http://t")).find((a) => a.dossierId === d.id)!.letter;
    expect(plain.body).not.toContain("Extraits des évaluations");
  });
});
