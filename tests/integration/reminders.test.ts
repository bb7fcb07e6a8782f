// Draft reminders, on both databases: a week and a day before the deadline, drafts only, once each,
// to every member, and following an extended deadline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { asChanges, completeAnswers } from "../support/fixtures";
import { extendDeadline, findCallBySlug, type Call } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { openOrCreateDossier, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { sendDraftReminders } from "../../app/domain/applications/reminders.server";
import { runDueJobs } from "../../app/jobs/queue.server";
import { endsBeforeNextTurn } from "../support/event-loop";

describe.each(DATABASES)("draft reminders on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  beforeAll(async () => {
    env = await testEnv(kind);
    call = (await findCallBySlug(env.services.db, "ptce-emploi-2015"))!;
  });
  afterAll(async () => env?.close());

  it("reminds drafts only, once per step, and follows each organisation's deadline", async () => {
    const db = env.services.db;
    const draftOwner = await createVerifiedUser(env.services, "Dora Brouillon");
    const doneOwner = await createVerifiedUser(env.services, "Denis Déposé");
    const lateOwner = await createVerifiedUser(env.services, "Léa Prolongée");
    const draftOrg = await createOrganisation(db, { name: "PTCE Brouillon", userId: draftOwner.id });
    const doneOrg = await createOrganisation(db, { name: "PTCE Déposé", userId: doneOwner.id });
    const lateOrg = await createOrganisation(db, { name: "PTCE Prolongé", userId: lateOwner.id });
    await openOrCreateDossier(db, { call, organizationId: draftOrg, userId: draftOwner.id });
    await openOrCreateDossier(db, { call, organizationId: lateOrg, userId: lateOwner.id });
    const doneId = await openOrCreateDossier(db, { call, organizationId: doneOrg, userId: doneOwner.id });
    await saveAnswers(db, {
      dossier: await dossierForMember(db, doneOwner.id, doneId),
      userId: doneOwner.id,
      changes: asChanges(completeAnswers()),
    });
    expect(
      (await submitDossier(db, { dossier: await dossierForMember(db, doneOwner.id, doneId), userId: doneOwner.id, locale: "fr" })).status,
    ).toBe("submitted");
    const organiser = await db.selectFrom("user").select("id").where("role", "=", "organiser").executeTakeFirstOrThrow();
    await extendDeadline(db, {
      callId: call.id,
      organizationId: lateOrg,
      untilDate: new Date(call.closesAt.getTime() + 20 * 86400000).toISOString().slice(0, 10),
      grantedBy: organiser.id,
      reason: "test",
    });

    const at = (msBefore: number) => new Date(call.closesAt.getTime() - msBefore);
    expect(await sendDraftReminders(db, "http://t", at(10 * 86400000))).toBe(0); // too early
    expect(await sendDraftReminders(db, "http://t", at(6 * 86400000))).toBe(1); // the draft, not the submitted one nor the extended one
    expect(await sendDraftReminders(db, "http://t", at(5 * 86400000))).toBe(0); // once
    expect(await sendDraftReminders(db, "http://t", at(3600_000))).toBe(1); // the day before
    expect(await sendDraftReminders(db, "http://t", new Date(call.closesAt.getTime() + 1000))).toBe(0); // past
    await runDueJobs(db, env.services.jobHandlers);
    const mails = await db
      .selectFrom("email")
      .select(["to_addr", "subject", "text_body"])
      .where("subject", "like", "Votre dossier n’est pas encore déposé%")
      .execute();
    expect(mails.map((m) => m.to_addr)).toEqual([draftOwner.email, draftOwner.email]);
    expect(mails[0].text_body).toContain("Enregistrer un brouillon ne le dépose pas");
    // The extended organisation is reminded against its own deadline.
    const lateDeadline = new Date(call.closesAt.getTime() + 21 * 86400000);
    expect(await sendDraftReminders(db, "http://t", new Date(lateDeadline.getTime() - 2 * 86400000))).toBe(1);
  });

  it("lets the process's other requests in between drafts (SQLite held them until every draft was read)", async () => {
    const early = new Date(call.closesAt.getTime() - 30 * 86400000);
    expect(await endsBeforeNextTurn(sendDraftReminders(env.services.db, "http://t", early))).toEqual({ ended: false, value: 0 });
  });
});
