// Review states (issue 2, first part) on both databases: the team starts review, asks for changes with
// a message (e-mailed), the applicant edits and resubmits after the deadline for that dossier alone;
// decisions need reasons; applicants cannot trigger the team's transitions and vice versa.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { asChanges, completeAnswers } from "../support/fixtures";
import { findCallBySlug, type Call } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import {
  applyOrganiserTransition,
  loadAnswers,
  openOrCreateDossier,
  reopenDossier,
  saveAnswers,
  submitDossier,
} from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { runDueJobs } from "../../app/jobs/queue.server";

describe.each(DATABASES)("review states on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiserId: string;
  beforeAll(async () => {
    env = await testEnv(kind);
    call = (await findCallBySlug(env.services.db, "ptce-emploi-2015"))!;
    organiserId = (await env.services.db.selectFrom("user").select("id").where("role", "=", "organiser").executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => env?.close());

  it("returns a dossier for changes, which the applicant edits and resubmits after the deadline", async () => {
    const db = env.services.db;
    const user = await createVerifiedUser(env.services, "Rémi Retour");
    const org = await createOrganisation(db, { name: "PTCE Retour", userId: user.id });
    const id = await openOrCreateDossier(db, { call, organizationId: org, userId: user.id });
    await saveAnswers(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id, changes: asChanges(completeAnswers()) });
    await submitDossier(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id, locale: "fr" });
    const common = { dossierId: id, actorId: organiserId, appUrl: "http://t" };
    expect(await applyOrganiserTransition(db, { ...common, event: "start_review" })).toBe("under_review");
    // The applicant can no longer reopen it.
    await expect(reopenDossier(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id })).rejects.toThrow();
    await expect(applyOrganiserTransition(db, { ...common, event: "return_for_changes", note: "court" })).rejects.toMatchObject({
      messageKey: "dossier.noteRequired",
    });
    expect(
      await applyOrganiserTransition(db, {
        ...common,
        event: "return_for_changes",
        note: "Précisez le nombre de salariés en parcours d’insertion.",
      }),
    ).toBe("returned_for_changes");
    await runDueJobs(db, env.services.jobHandlers);
    const mail = await db
      .selectFrom("email")
      .selectAll()
      .where("to_addr", "=", user.email)
      .where("subject", "like", "Des modifications sont demandées%")
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain("Précisez le nombre de salariés en parcours d’insertion.");
    // After the call's deadline, this dossier alone can still be changed and resubmitted.
    const late = new Date(call.closesAt.getTime() + 5 * 86400000);
    const v = (await loadAnswers(db, id)).insertion_employees?.version ?? 0;
    const saved = await saveAnswers(db, {
      dossier: await dossierForMember(db, user.id, id),
      userId: user.id,
      changes: [{ key: "insertion_employees", value: "12", baseVersion: v }],
      now: late,
    });
    expect(saved[0].status).toBe("saved");
    const again = await submitDossier(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id, locale: "fr", now: late });
    expect(again).toMatchObject({ status: "submitted", submissionNumber: 2 });
    const events = await db
      .selectFrom("dossier_transition")
      .select(["event", "to_state"])
      .where("dossier_id", "=", id)
      .orderBy("at")
      .execute();
    expect(events.map((e) => e.event)).toEqual(["submit", "start_review", "return_for_changes", "resubmit"]);
    // A decision needs its reasons; a second decision from a stale page is refused.
    await expect(applyOrganiserTransition(db, { ...common, event: "accept" })).rejects.toMatchObject({
      messageKey: "dossier.noteRequired",
    });
    expect(
      await applyOrganiserTransition(db, { ...common, event: "waitlist", note: "Très bon dossier ; la région compte déjà deux membres." }),
    ).toBe("waitlisted");
    expect(
      await applyOrganiserTransition(db, { ...common, event: "accept", note: "Une place s’est libérée : bienvenue dans la communauté." }),
    ).toBe("accepted");
    await expect(
      applyOrganiserTransition(db, { ...common, event: "decline", note: "Trop tard pour changer d’avis." }),
    ).rejects.toMatchObject({ messageKey: "dossier.transitionNotAllowed" });
  });

  it("refuses the team's transitions to anyone who is not an organiser", async () => {
    const db = env.services.db;
    const user = await createVerifiedUser(env.services, "Ursule Usager");
    const org = await createOrganisation(db, { name: "PTCE Usager", userId: user.id });
    const id = await openOrCreateDossier(db, { call, organizationId: org, userId: user.id });
    await expect(
      applyOrganiserTransition(db, { dossierId: id, event: "start_review", actorId: user.id, appUrl: "http://t" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      applyOrganiserTransition(db, { dossierId: id, event: "start_review", actorId: organiserId, appUrl: "http://t" }),
    ).rejects.toMatchObject({ messageKey: "dossier.transitionNotAllowed" });
  });
});
