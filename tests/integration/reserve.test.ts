// The reserve (issue 12), on both databases: a selected applicant withdraws, or declines the charter; the
// organisers are e-mailed; the assistant proposes from the waiting list whoever keeps the call's
// constraints; promoting them sends their acceptance letter, as the others already had theirs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { asChanges, completeAnswers } from "../support/fixtures";
import { findCallBySlug, type Call } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { openOrCreateDossier, saveAnswers, submitDossier, withdrawDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { addCallMember, saveReview } from "../../app/domain/review/reviews.server";
import { assignManually } from "../../app/domain/review/team.server";
import { confirmSelection } from "../../app/domain/decisions/selection.server";
import { letterFor, sendAnswers } from "../../app/domain/decisions/answers.server";
import { promoteFromReserve, reserveProposal } from "../../app/domain/decisions/reserve.server";
import { declinableOrganisations, declineCharter } from "../../app/domain/charter/charter.server";
import { changeCallContent } from "../support/dossiers";
import { runDueJobs } from "../../app/jobs/queue.server";
import { NotFound } from "../../app/lib/errors";

describe.each(DATABASES)("reserve on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser: string;
  const d: Record<"A" | "B" | "C" | "D", { id: string; org: string; owner: string }> = {} as never;

  beforeAll(async () => {
    env = await testEnv(kind);
    const db = env.services.db;
    call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    organiser = (await db.selectFrom("user").select("id").where("role", "=", "organiser").executeTakeFirstOrThrow()).id;
    // Two places, at most one per région.
    await changeCallContent(db, {
      callId: call.id,
      actorId: organiser,
      change: (c) => ({ ...c, targetSelection: 2, selection: { maxPerRegion: 1 } }),
    });
    const reviewer = await createVerifiedUser(env.services, "Relectrice");
    await addCallMember(db, { callId: call.id, userId: reviewer.id, role: "reviewer", actorId: organiser });
    const places = {
      A: { query: "Figeac", code: "46102", score: 4 }, // Occitanie
      B: { query: "Rennes", code: "35238", score: 4 }, // Bretagne
      C: { query: "Toulouse", code: "31555", score: 3 }, // Occitanie
      D: { query: "Lyon", code: "69123", score: 1 }, // Auvergne-Rhône-Alpes
    };
    for (const [k, p] of Object.entries(places) as [keyof typeof places, (typeof places)["A"]][]) {
      const owner = await createVerifiedUser(env.services, `Porteur ${k}`);
      const org = await createOrganisation(db, { name: `PTCE réserve ${k}`, userId: owner.id });
      const id = await openOrCreateDossier(db, { call, organizationId: org, userId: owner.id });
      await saveAnswers(db, {
        dossier: await dossierForMember(db, owner.id, id),
        userId: owner.id,
        changes: asChanges({ ...completeAnswers(), ptce_name: `Pôle ${k}`, commune: { query: p.query, code: p.code } }),
      });
      await submitDossier(db, { dossier: await dossierForMember(db, owner.id, id), userId: owner.id, locale: "fr" });
      await assignManually(db, { dossierId: id, reviewerId: reviewer.id, actorId: organiser });
      await saveReview(db, {
        dossierId: id,
        reviewerId: reviewer.id,
        scores: Object.fromEntries(call.content.criteria.map((c) => [c.key, Math.min(c.scale.max, p.score)])),
        comment: "Évaluation.",
      });
      d[k] = { id, org, owner: owner.id };
    }
    await confirmSelection(db, {
      callId: call.id,
      actorId: organiser,
      appUrl: "http://t",
      decisions: [
        { dossierId: d.A.id, decision: "accepted", reasons: "Retenu : meilleur score d’Occitanie." },
        { dossierId: d.B.id, decision: "accepted", reasons: "Retenu : meilleur score de Bretagne." },
        { dossierId: d.C.id, decision: "waitlisted", reasons: "Liste d’attente : Occitanie déjà représentée." },
        { dossierId: d.D.id, decision: "waitlisted", reasons: "Liste d’attente : score plus bas." },
      ],
    });
    await sendAnswers(db, { callId: call.id, actorId: organiser, appUrl: "http://t" });
    await runDueJobs(db, env.services.jobHandlers, { limit: 100 });
  });
  afterAll(async () => env?.close());

  it("has nothing to propose while every place is taken", async () => {
    const r = await reserveProposal(env.services.db, call.id);
    expect(r).toMatchObject({ target: 2, accepted: 2, vacancies: 0, waiting: 2, proposed: [] });
  });

  it("tells the organisers when a selected applicant withdraws, and proposes who keeps the constraints", async () => {
    const db = env.services.db;
    await withdrawDossier(db, {
      dossier: await dossierForMember(db, d.B.owner, d.B.id),
      userId: d.B.owner,
      reason: "Fusion avec une autre structure.",
    });
    // The vacancy job, then the e-mails it queued.
    await runDueJobs(db, env.services.jobHandlers, { limit: 100 });
    await runDueJobs(db, env.services.jobHandlers, { limit: 100 });
    const mail = await db
      .selectFrom("email")
      .select(["subject", "text_body"])
      .where("subject", "like", "Une place s’est libérée%")
      .execute();
    expect(mail).toHaveLength(1);
    // Bretagne left; Toulouse scores better than Lyon but Occitanie already has its one place: Lyon is proposed.
    expect(mail[0].text_body.replace(/[\u202f\u00a0]/g, " ")).toContain("« Pôle B » s’est retiré");
    expect(mail[0].text_body).toContain("Pôle D");
    expect(mail[0].text_body).not.toContain("Pôle C");
    const r = await reserveProposal(db, call.id);
    expect(r.vacancies).toBe(1);
    expect(r.proposed.map((p) => p.id)).toEqual([d.D.id]);
    // The letter B was sent stays readable by the call's organisers (logged) and by B's members after the
    // withdrawal; not by another applicant.
    const answer = await db
      .selectFrom("decision_answer")
      .select("transition_id")
      .where("dossier_id", "=", d.B.id)
      .executeTakeFirstOrThrow();
    const byOrganiser = await letterFor(db, { userId: organiser, dossierId: d.B.id, answerId: answer.transition_id });
    expect(byOrganiser.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(
      await db.selectFrom("access_log").select("id").where("action", "=", "letter").where("dossier_id", "=", d.B.id).execute(),
    ).toHaveLength(1);
    await expect(letterFor(db, { userId: d.B.owner, dossierId: d.B.id, answerId: answer.transition_id })).resolves.toBeTruthy();
    await expect(letterFor(db, { userId: d.C.owner, dossierId: d.B.id, answerId: answer.transition_id })).rejects.toBeInstanceOf(NotFound);
  });

  it("promotes the proposed dossier and sends its letter at once, the answers being already sent", async () => {
    const db = env.services.db;
    await expect(
      promoteFromReserve(db, {
        callId: call.id,
        dossierId: d.D.id,
        actorId: d.A.owner,
        reasons: "Retenu après un désistement.",
        appUrl: "http://t",
      }),
    ).rejects.toBeInstanceOf(NotFound);
    expect(
      await promoteFromReserve(db, {
        callId: call.id,
        dossierId: d.D.id,
        actorId: organiser,
        reasons: "Retenu après un désistement.",
        appUrl: "http://t",
      }),
    ).toEqual({ sent: true });
    const answer = await db.selectFrom("decision_answer").select("decision").where("dossier_id", "=", d.D.id).execute();
    expect(answer.map((a) => a.decision)).toContain("accepted");
    await expect(
      promoteFromReserve(db, {
        callId: call.id,
        dossierId: d.C.id,
        actorId: organiser,
        reasons: "Retenu après un désistement.",
        appUrl: "http://t",
      }),
    ).rejects.toMatchObject({ messageKey: "reserve.noVacancy" });
  });

  it("declining the charter ends the selection and frees the place for the waiting list", async () => {
    const db = env.services.db;
    expect(await declinableOrganisations(db, d.A.owner)).toEqual(new Set([d.A.org]));
    await expect(declineCharter(db, { organizationId: d.A.org, userId: d.A.owner, reason: "", confirm: false })).rejects.toMatchObject({
      messageKey: "charter.declineConfirm",
    });
    await expect(declineCharter(db, { organizationId: d.A.org, userId: d.D.owner, reason: "", confirm: true })).rejects.toBeInstanceOf(
      NotFound,
    );
    expect(
      await declineCharter(db, {
        organizationId: d.A.org,
        userId: d.A.owner,
        reason: "Notre conseil d’administration a refusé.",
        confirm: true,
      }),
    ).toBe(1);
    const state = await db.selectFrom("dossier").select("state").where("id", "=", d.A.id).executeTakeFirstOrThrow();
    expect(state.state).toBe("withdrawn");
    const note = await db
      .selectFrom("dossier_transition")
      .select("note")
      .where("dossier_id", "=", d.A.id)
      .where("event", "=", "withdraw")
      .executeTakeFirstOrThrow();
    expect(note.note?.replace(/[\u202f\u00a0]/g, " ")).toContain("Refus de signer la charte : Notre conseil d’administration a refusé.");
    // Occitanie is free again: Toulouse, waiting, now keeps the constraints.
    expect((await reserveProposal(db, call.id)).proposed.map((p) => p.id)).toEqual([d.C.id]);
  });
});
