// Decisions and answers on both databases (issue 2): the selection confirmed with reasons, letter templates
// checked and filled, bulk sending idempotent (twice, and concurrently), scheduled sending, the letter PDF
// e-mailed to every member, and the applicant's view only after sending.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, testEnv, type TestEnv } from "../support/services";
import { defaultCall, organiserId, submittedDossier, type SubmittedDossier } from "../support/dossiers";
import { runDueJobs } from "../../app/jobs/queue.server";
import { confirmSelection } from "../../app/domain/decisions/selection.server";
import {
  letterPdf,
  pendingAnswers,
  saveLetterTemplate,
  scheduleAnswers,
  scheduledAnswers,
  sendAnswers,
  sentAnswerOf,
} from "../../app/domain/decisions/answers.server";
import { addCallMember } from "../../app/domain/review/reviews.server";
import { DomainError, NotFound } from "../../app/lib/errors";
import { createVerifiedUser } from "../support/services";
import type { Call } from "../../app/domain/calls/calls.server";
import { communitiesOf, communityAccess } from "../../app/domain/community/community.server";

describe.each(DATABASES)("decisions and answers on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser = "";
  const d: SubmittedDossier[] = [];
  const appUrl = "https://trame.test";

  beforeAll(async () => {
    env = await testEnv(kind);
    call = await defaultCall(env.services);
    organiser = await organiserId(env.services);
    d.push(
      await submittedDossier(env.services, {
        name: "PTCE Figeac",
        answers: { host_visit: "yes", host_experiences: "Notre recyclerie solidaire et son chantier d’insertion." },
      }),
    );
    d.push(
      await submittedDossier(env.services, {
        name: "PTCE Rennes",
        commune: { query: "Rennes", code: "35238" },
        answers: { host_visit: "yes", host_experiences: "La cantine en circuits courts." },
      }),
    );
    d.push(await submittedDossier(env.services, { name: "PTCE Lyon", commune: { query: "Lyon", code: "69123" } }));
  });
  afterAll(async () => env?.close());

  it("refuses a selection where a decision lacks reasons, and decides nothing then", async () => {
    const db = env.services.db;
    await expect(
      confirmSelection(db, {
        callId: call.id,
        actorId: organiser,
        appUrl,
        decisions: [
          { dossierId: d[0].id, decision: "accepted", reasons: "Très bon dossier, expériences solides." },
          { dossierId: d[1].id, decision: "declined", reasons: "court" },
        ],
      }),
    ).rejects.toMatchObject({ messageKey: "selection.reasonsMissing" });
    const states = await db.selectFrom("dossier").select("state").where("id", "in", [d[0].id, d[1].id]).execute();
    expect(states.map((s) => s.state)).toEqual(["submitted", "submitted"]);
  });

  it("a reviewer cannot confirm a selection", async () => {
    const reviewer = await createVerifiedUser(env.services, "Rita");
    await addCallMember(env.services.db, { callId: call.id, userId: reviewer.id, role: "reviewer", actorId: organiser });
    await expect(
      confirmSelection(env.services.db, {
        callId: call.id,
        actorId: reviewer.id,
        appUrl,
        decisions: [{ dossierId: d[0].id, decision: "accepted", reasons: "Je décide moi-même." }],
      }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("checks letter templates: unknown placeholders and a missing {motivation} are refused", async () => {
    const db = env.services.db;
    await expect(
      saveLetterTemplate(db, {
        callId: call.id,
        decision: "declined",
        subject: "Réponse",
        body: "Bonjour {organisaton},\n{motivation}",
        actorId: organiser,
      }),
    ).rejects.toMatchObject({
      messageKey: "letters.unknownPlaceholder",
      vars: { names: "{organisaton}" },
    });
    await expect(
      saveLetterTemplate(db, {
        callId: call.id,
        decision: "declined",
        subject: "Réponse",
        body: "Bonjour {organisation}",
        actorId: organiser,
      }),
    ).rejects.toBeInstanceOf(DomainError);
    await saveLetterTemplate(db, {
      callId: call.id,
      decision: "declined",
      subject: "Votre candidature « {initiative} »",
      body: "Bonjour {contact},\n\nMotivation : {motivation}\n\n{signataire}",
      actorId: organiser,
    });
  });

  it("confirms decisions with reasons; nothing is visible to applicants before sending", async () => {
    const db = env.services.db;
    const r = await confirmSelection(db, {
      callId: call.id,
      actorId: organiser,
      appUrl,
      decisions: [
        { dossierId: d[0].id, decision: "accepted", reasons: "Expériences fortes et offre de visite concrète." },
        { dossierId: d[1].id, decision: "accepted", reasons: "Projet alimentaire exemplaire pour la communauté." },
        { dossierId: d[2].id, decision: "declined", reasons: "Le dossier ne décrit pas encore de coopération économique." },
      ],
    });
    expect(r.applied).toHaveLength(3);
    expect(await sentAnswerOf(db, d[0].id)).toBeUndefined();
    // Accepted but not yet told: the community stays closed to them (ADR 009, issue 10).
    await expect(communityAccess(db, d[0].owner.id, call.id)).rejects.toBeInstanceOf(NotFound);
    expect(await communitiesOf(db, d[0].owner.id)).toEqual([]);
    const pending = await pendingAnswers(db, call.id, appUrl);
    expect(pending.map((p) => p.decision).sort()).toEqual(["accepted", "accepted", "declined"]);
    const figeac = pending.find((p) => p.dossierId === d[0].id)!;
    expect(figeac.letter.body).toContain("Expériences fortes et offre de visite concrète.");
    expect(figeac.letter.body).toContain("Camille Martin, Coordinatrice");
    // {organisation} is the organisation's own name, not the free-text « Structure porteuse » answer (issue 10).
    expect(figeac.letter.body).toContain("Camille Martin, Coordinatrice, Association PTCE Figeac");
    expect(figeac.letter.body).not.toContain("Association Coop’Emploi");
    // Visit proposals: its own offer, and the other accepted member's.
    expect(figeac.letter.body).toContain("Vous avez proposé d’accueillir une visite");
    expect(figeac.letter.body).toContain("PTCE Rennes, Rennes (35) : La cantine en circuits courts.");
    expect(figeac.letter.body).not.toMatch(/\{[a-z_]+\}/);
    const lyon = pending.find((p) => p.dossierId === d[2].id)!;
    expect(lyon.letter.subject).toBe("Votre candidature « PTCE Lyon »");
    expect(lyon.letter.body).toContain("Motivation : Le dossier ne décrit pas encore de coopération économique.");
  });

  it("sends each answer once, even sent twice and concurrently; e-mails the letter PDF to every member", async () => {
    const db = env.services.db;
    const results = await Promise.all([1, 2, 3].map(() => sendAnswers(db, { callId: call.id, actorId: organiser, appUrl })));
    expect(results.reduce((s, r) => s + r.sent, 0)).toBe(3);
    // Once the acceptance is sent, the organisation is in the community; the declined one never is.
    expect((await communityAccess(db, d[0].owner.id, call.id)).role).toBe("member");
    expect(await communitiesOf(db, d[0].owner.id)).toHaveLength(1);
    await expect(communityAccess(db, d[2].owner.id, call.id)).rejects.toBeInstanceOf(NotFound);
    const again = await sendAnswers(db, { callId: call.id, actorId: organiser, appUrl });
    expect(again).toEqual({ sent: 0, skipped: 0 });
    expect(Number((await db.selectFrom("decision_answer").select(db.fn.countAll().as("n")).executeTakeFirst())?.n)).toBe(3);
    const jobs = await db.selectFrom("job").select("payload_json").where("type", "=", "send-decision-letter").execute();
    expect(jobs).toHaveLength(3);
    await runDueJobs(db, env.services.jobHandlers, { limit: 100 });
    const mails = await db
      .selectFrom("email")
      .selectAll()
      .where("to_addr", "=", d[0].owner.email)
      .where("subject", "like", "%retenue%")
      .execute();
    expect(mails).toHaveLength(1);
    // The same job run again (as after a failure half-way): nobody is written to twice.
    const letterJob = JSON.parse(jobs[0].payload_json) as { transitionId: string };
    await env.services.jobHandlers["send-decision-letter"](letterJob);
    expect(
      Number(
        (await db.selectFrom("email").select(db.fn.countAll().as("n")).where("subject", "like", "%candidature%").executeTakeFirst())?.n,
      ),
    ).toBe(3);
    const attachments = JSON.parse(mails[0].attachments_json) as { filename: string; storageKey: string }[];
    expect(attachments[0].filename).toMatch(/^decision-association-ptce-figeac\.pdf$/);
    const pdf = await env.services.storage.get(attachments[0].storageKey);
    const dir = mkdtempSync(join(tmpdir(), "letter-"));
    writeFileSync(join(dir, "l.pdf"), pdf);
    const text = execFileSync("pdftotext", ["-layout", join(dir, "l.pdf"), "-"]).toString();
    expect(text).toContain("Objet : Votre candidature à l’appel « PTCE Emploi");
    expect(text).toContain("Expériences fortes et offre de visite concrète.");
    const answer = await sentAnswerOf(db, d[0].id);
    expect(answer).toMatchObject({ decision: "accepted", reasons: "Expériences fortes et offre de visite concrète." });
    const { pdf: again2 } = await letterPdf(db, answer!.transition_id);
    expect(again2.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("a later decision is a new answer; scheduling sends at the given time", async () => {
    const db = env.services.db;
    const newcomer = await submittedDossier(env.services, { name: "PTCE Nantes", commune: { query: "Nantes", code: "44109" } });
    await confirmSelection(db, {
      callId: call.id,
      actorId: organiser,
      appUrl,
      decisions: [{ dossierId: newcomer.id, decision: "waitlisted", reasons: "Très proche du seuil ; liste d’attente." }],
    });
    const now = new Date();
    await expect(scheduleAnswers(db, { callId: call.id, actorId: organiser, at: new Date(now.getTime() - 1000) })).rejects.toMatchObject({
      messageKey: "answers.scheduleInPast",
    });
    const at = new Date(now.getTime() + 3600_000);
    await scheduleAnswers(db, { callId: call.id, actorId: organiser, at });
    expect((await scheduledAnswers(db, call.id))?.at).toBe(at.toISOString());
    await runDueJobs(db, env.services.jobHandlers, { now });
    expect(await sentAnswerOf(db, newcomer.id)).toBeUndefined();
    await runDueJobs(db, env.services.jobHandlers, { now: new Date(at.getTime() + 1000) });
    expect(await sentAnswerOf(db, newcomer.id)).toMatchObject({ decision: "waitlisted" });
    expect(await scheduledAnswers(db, call.id)).toBeNull();
    // Moved from the waiting list to accepted: a new decision, answered once more.
    await confirmSelection(db, {
      callId: call.id,
      actorId: organiser,
      appUrl,
      decisions: [{ dossierId: newcomer.id, decision: "accepted", reasons: "Une place s’est libérée : bienvenue." }],
    });
    expect(await sendAnswers(db, { callId: call.id, actorId: organiser, appUrl })).toEqual({ sent: 1, skipped: 0 });
    expect(await sentAnswerOf(db, newcomer.id)).toMatchObject({ decision: "accepted" });
  });
});
