// Review on both databases (issue 2, first part): the team's access, automatic assignment without
// conflicts of interest, scoring on the call's grid, aggregates and the selection assistant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { asChanges, completeAnswers } from "../support/fixtures";
import { findCallBySlug, type Call } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { openOrCreateDossier, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { addCallMember, callAggregates, declareConflict, proposeSelection, saveReview } from "../../app/domain/review/reviews.server";
import { runAssignment as assignAutomatically } from "../../app/domain/review/assignment-flow.server";
import { assertCanSeeDossier } from "../../app/domain/access/policy.server";
import { NotFound } from "../../app/lib/errors";

describe.each(DATABASES)("review on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser: string;
  const reviewers: { id: string }[] = [];
  const dossiers: { id: string; org: string; owner: string }[] = [];
  let draftId = "";

  beforeAll(async () => {
    env = await testEnv(kind);
    const db = env.services.db;
    call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    organiser = (await db.selectFrom("user").select("id").where("role", "=", "organiser").executeTakeFirstOrThrow()).id;
    const places = [
      { code: "46102", query: "Figeac", stage: "operational", sectors: ["emploi"] }, // Occitanie
      { code: "31555", query: "Toulouse", stage: "operational", sectors: ["alimentation"] }, // Occitanie
      { code: "35238", query: "Rennes", stage: "project", sectors: ["culture"] }, // Bretagne
      { code: "69123", query: "Lyon", stage: "operational", sectors: ["emploi", "eco_activites"] }, // Auvergne-Rhône-Alpes
    ];
    for (const [i, p] of places.entries()) {
      const owner = await createVerifiedUser(env.services, `Porteur ${i}`);
      const org = await createOrganisation(db, { name: `PTCE ${p.query}`, userId: owner.id });
      const id = await openOrCreateDossier(db, { call, organizationId: org, userId: owner.id });
      await saveAnswers(db, {
        dossier: await dossierForMember(db, owner.id, id),
        userId: owner.id,
        changes: asChanges({ ...completeAnswers(), commune: { query: p.query, code: p.code }, stage: p.stage, sectors: p.sectors }),
      });
      expect((await submitDossier(db, { dossier: await dossierForMember(db, owner.id, id), userId: owner.id, locale: "fr" })).status).toBe(
        "submitted",
      );
      dossiers.push({ id, org, owner: owner.id });
    }
    const drafter = await createVerifiedUser(env.services, "Brouillon");
    const draftOrg = await createOrganisation(db, { name: "PTCE brouillon", userId: drafter.id });
    draftId = await openOrCreateDossier(db, { call, organizationId: draftOrg, userId: drafter.id });
    // Reviewer 0 is also the owner of dossier 0's organisation: never assigned to it.
    reviewers.push({ id: dossiers[0].owner });
    for (let i = 1; i < 3; i++) reviewers.push({ id: (await createVerifiedUser(env.services, `Relecteur ${i}`)).id });
    for (const r of reviewers) await addCallMember(db, { callId: call.id, userId: r.id, role: "reviewer", actorId: organiser });
  });
  afterAll(async () => env?.close());

  it("lets only organisers build the team", async () => {
    await expect(
      addCallMember(env.services.db, { callId: call.id, userId: reviewers[1].id, role: "organiser", actorId: reviewers[2].id }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("assigns two reviewers per dossier, never to their own organisation's dossier, and hides drafts", async () => {
    const db = env.services.db;
    const result = await assignAutomatically(db, { callId: call.id, perDossier: 2, actorId: organiser });
    expect(result.shortfalls).toEqual([]);
    const rows = await db.selectFrom("review_assignment").selectAll().execute();
    expect(rows).toHaveLength(8);
    expect(rows.find((r) => r.dossier_id === dossiers[0].id && r.reviewer_id === reviewers[0].id)).toBeUndefined();
    expect(rows.find((r) => r.dossier_id === draftId)).toBeUndefined();
    await expect(assertCanSeeDossier(db, organiser, draftId)).rejects.toBeInstanceOf(NotFound);
    // Running it again adds nothing.
    expect((await assignAutomatically(db, { callId: call.id, perDossier: 2, actorId: organiser })).added).toEqual([]);
  });

  it("shows a dossier to its assigned reviewers only, and no longer once they declare a conflict", async () => {
    const db = env.services.db;
    const d = dossiers[1].id;
    const assigned = (await db.selectFrom("review_assignment").select("reviewer_id").where("dossier_id", "=", d).execute()).map(
      (r) => r.reviewer_id,
    );
    const other = reviewers.find((r) => !assigned.includes(r.id))!;
    await expect(assertCanSeeDossier(db, assigned[0], d)).resolves.toMatchObject({ role: "reviewer" });
    await expect(assertCanSeeDossier(db, other.id, d)).rejects.toBeInstanceOf(NotFound);
    await expect(assertCanSeeDossier(db, dossiers[2].owner, d)).rejects.toBeInstanceOf(NotFound);
    await declareConflict(db, {
      dossierId: d,
      reviewerId: assigned[1],
      reason: "Je siège au conseil d’administration de l’un des membres.",
    });
    await expect(assertCanSeeDossier(db, assigned[1], d)).rejects.toBeInstanceOf(NotFound);
    await expect(
      saveReview(db, { dossierId: d, reviewerId: assigned[1], scores: { condition_ptce: 4 }, comment: "" }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("scores on the call's grid, aggregates, and proposes a selection under constraints", async () => {
    const db = env.services.db;
    const assignments = await db.selectFrom("review_assignment").selectAll().orderBy("dossier_id").orderBy("reviewer_id").execute();
    // The scale checks use a pair without a declared conflict (the previous test declared one; rows come in any order).
    const conflicts = await db.selectFrom("conflict_declaration").select(["dossier_id", "reviewer_id"]).execute();
    const free = assignments.filter((a) => !conflicts.some((c) => c.dossier_id === a.dossier_id && c.reviewer_id === a.reviewer_id));
    await expect(
      saveReview(db, {
        dossierId: free[0].dossier_id,
        reviewerId: free[0].reviewer_id,
        scores: { condition_ptce: 5 },
        comment: "",
      }),
    ).rejects.toMatchObject({ messageKey: "review.scoreOutOfScale" });
    await expect(
      saveReview(db, { dossierId: free[0].dossier_id, reviewerId: free[0].reviewer_id, scores: { nope: 1 }, comment: "" }),
    ).rejects.toMatchObject({ messageKey: "review.unknownCriterion" });
    const base = [4, 3, 2, 1];
    for (const a of free) {
      const i = dossiers.findIndex((d) => d.id === a.dossier_id);
      await saveReview(db, {
        dossierId: a.dossier_id,
        reviewerId: a.reviewer_id,
        scores: { condition_ptce: base[i], condition_volunteer: base[i], experiences: base[i], visit_offer: base[i] },
        comment: "Dossier clair.",
      });
    }
    const aggregates = await callAggregates(db, call.id);
    expect(aggregates.get(dossiers[0].id)?.overall).toBe(4);
    expect(aggregates.get(dossiers[3].id)?.overall).toBe(1);
    // Two places, at most one per région: Figeac and Toulouse are both in Occitanie.
    const proposal = await proposeSelection(db, call.id, { size: 2, maxPerRegion: 1 });
    expect(proposal.status).toBe("optimal");
    if (proposal.status === "infeasible") return;
    expect(proposal.selected.sort()).toEqual([dossiers[0].id, dossiers[2].id].sort());
    expect(proposal.excluded.find((e) => e.id === dossiers[1].id)?.reason).toMatchObject({ code: "regionCapReached", region: "76" });
    const strict = await proposeSelection(db, call.id, { size: 2, minOperationalShare: 1, maxPerRegion: 1 });
    expect(strict.status !== "infeasible" && strict.selected.sort()).toEqual([dossiers[0].id, dossiers[3].id].sort());
  });
});
