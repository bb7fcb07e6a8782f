// The applicant's dossier on both databases: saving, conflicts, history, submission, deadline,
// extension, double submission, attachments and authorisation between organisations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { asChanges, completeAnswers, SAMPLE_EXE, SAMPLE_PDF, SAMPLE_PNG } from "../support/fixtures";
import { findCallBySlug, extendDeadline, type Call } from "../../app/domain/calls/calls.server";
import { createOrganisation, inviteMember, acceptInvitation } from "../../app/domain/organisations/organisations.server";
import {
  answerHistory,
  loadAnswers,
  openOrCreateDossier,
  reopenDossier,
  saveAnswers,
  submitDossier,
  type DossierRow,
} from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { addAttachment, attachmentOfDossier, listAttachments } from "../../app/domain/applications/attachments.server";
import { runDueJobs } from "../../app/jobs/queue.server";
import { DomainError, NotFound } from "../../app/lib/errors";
import { plain } from "../support/text";

describe.each(DATABASES)("dossiers on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  let mallory: { id: string; email: string };
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    env = await testEnv(kind);
    const db = env.services.db;
    call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    alice = await createVerifiedUser(env.services, "Alice Durand");
    bob = await createVerifiedUser(env.services, "Bob Lefèvre");
    mallory = await createVerifiedUser(env.services, "Mallory Autre");
    orgA = await createOrganisation(db, { name: "PTCE A", userId: alice.id });
    const { token } = await inviteMember(db, { organizationId: orgA, email: bob.email, invitedBy: alice.id });
    await acceptInvitation(db, { token, userId: bob.id });
    orgB = await createOrganisation(db, { name: "PTCE B", userId: mallory.id });
  });
  afterAll(async () => env?.close());

  const fresh = async (userId: string, dossierId: string): Promise<DossierRow> => dossierForMember(env.services.db, userId, dossierId);

  it("loads the default call open, with its form and the original gaps between dates", () => {
    expect(call.status).toBe("published");
    expect(call.opensAt.getTime()).toBeLessThan(Date.now());
    expect(call.closesAt.getTime()).toBeGreaterThan(Date.now());
    const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86400000;
    expect(day(call.timeline.deadline) - day(call.timeline.opens)).toBe(28);
    expect(day(call.timeline.answers) - day(call.timeline.deadline)).toBe(28);
    expect(call.content.howToApply.fr).not.toContain("{deadline}");
  });

  it("gives one dossier per organisation, even when two colleagues start at once", async () => {
    const db = env.services.db;
    const ids = await Promise.all([
      openOrCreateDossier(db, { call, organizationId: orgA, userId: alice.id }),
      openOrCreateDossier(db, { call, organizationId: orgA, userId: bob.id }),
    ]);
    expect(ids[0]).toBe(ids[1]);
    await expect(openOrCreateDossier(db, { call, organizationId: orgA, userId: mallory.id })).rejects.toBeInstanceOf(NotFound);
  });

  it("refuses to start a dossier before the call opens or after it closes", async () => {
    const db = env.services.db;
    const early = await createOrganisation(db, { name: "PTCE Pressé", userId: mallory.id });
    await expect(
      openOrCreateDossier(db, { call, organizationId: early, userId: mallory.id, now: new Date(call.opensAt.getTime() - 1000) }),
    ).rejects.toMatchObject({ messageKey: "dossier.notOpenYet" });
    await expect(
      openOrCreateDossier(db, { call, organizationId: early, userId: mallory.id, now: new Date(call.closesAt.getTime()) }),
    ).rejects.toMatchObject({ messageKey: "dossier.deadlinePassed" });
  });

  it("saves answers, keeps a version every few minutes, and never overwrites a colleague's newer text", async () => {
    const db = env.services.db;
    const id = await openOrCreateDossier(db, { call, organizationId: orgA, userId: alice.id });
    let d = await fresh(alice.id, id);
    // Alice's first draft was saved ten minutes ago: a later save of hers is a new revision.
    const first = await saveAnswers(db, {
      dossier: d,
      userId: alice.id,
      changes: [{ key: "q1_issues", value: "Premier jet — « chômage » élevé", baseVersion: 0 }],
      now: new Date(Date.now() - 10 * 60_000),
    });
    expect(first).toEqual([{ key: "q1_issues", status: "saved", version: 1 }]);
    // Alice continues from version 1.
    const second = await saveAnswers(db, {
      dossier: d,
      userId: alice.id,
      changes: [{ key: "q1_issues", value: "Deuxième version d’Alice", baseVersion: 1 }],
    });
    expect(second[0]).toMatchObject({ status: "saved", version: 2 });
    // Bob had loaded version 1 and saves later: conflict, his text comes back, Alice's stays.
    d = await fresh(bob.id, id);
    const bobs = await saveAnswers(db, {
      dossier: d,
      userId: bob.id,
      changes: [{ key: "q1_issues", value: "Texte de Bob", baseVersion: 1 }],
    });
    expect(bobs[0]).toMatchObject({
      status: "conflict",
      version: 2,
      theirs: "Deuxième version d’Alice",
      yours: "Texte de Bob",
      theirsBy: alice.id,
    });
    expect((await loadAnswers(db, id)).q1_issues.value).toBe("Deuxième version d’Alice");
    // Saving the same text again is not a new version.
    const same = await saveAnswers(db, {
      dossier: d,
      userId: bob.id,
      changes: [{ key: "q1_issues", value: "Deuxième version d’Alice", baseVersion: 1 }],
    });
    expect(same[0]).toMatchObject({ status: "unchanged", version: 2 });
    // Bob merges from version 2: saved.
    const merged = await saveAnswers(db, {
      dossier: d,
      userId: bob.id,
      changes: [{ key: "q1_issues", value: "Version fusionnée", baseVersion: 2 }],
    });
    expect(merged[0]).toMatchObject({ status: "saved", version: 3 });
    const history = await answerHistory(db, id, "q1_issues");
    expect(history.map((h) => h.value)).toEqual(["Version fusionnée", "Deuxième version d’Alice", "Premier jet — « chômage » élevé"]);
    expect(history[0].saved_by_name).toBe("Bob Lefèvre");
  });

  it("lets exactly one of many concurrent saves from the same version win", async () => {
    const db = env.services.db;
    const id = await openOrCreateDossier(db, { call, organizationId: orgA, userId: alice.id });
    const d = await fresh(alice.id, id);
    await saveAnswers(db, {
      dossier: d,
      userId: alice.id,
      changes: [{ key: "q2_objectives", value: "base", baseVersion: 0 }],
      now: new Date(Date.now() - 10 * 60_000),
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        saveAnswers(db, {
          dossier: d,
          userId: i % 2 ? alice.id : bob.id,
          changes: [{ key: "q2_objectives", value: `écriture ${i}`, baseVersion: 1 }],
        }),
      ),
    );
    const statuses = results.map((r) => r[0].status);
    expect(statuses.filter((s) => s === "saved")).toHaveLength(1);
    expect(statuses.filter((s) => s === "conflict")).toHaveLength(11);
    const history = await answerHistory(db, id, "q2_objectives");
    expect(history).toHaveLength(2);
  });

  it("refuses an incomplete dossier with every missing answer named", async () => {
    const db = env.services.db;
    const id = await openOrCreateDossier(db, { call, organizationId: orgA, userId: alice.id });
    const outcome = await submitDossier(db, { dossier: await fresh(alice.id, id), userId: alice.id, locale: "fr" });
    expect(outcome.status).toBe("incomplete");
    if (outcome.status !== "incomplete") return;
    const keys = outcome.issues.map((i) => i.fieldKey);
    expect(keys).toEqual(expect.arrayContaining(["ptce_name", "part1_mode", "charter_sign", "q3_experiences", "host_visit"]));
    expect(outcome.issues.find((i) => i.fieldKey === "ptce_name")?.message).toBe("Cette réponse est obligatoire.");
  });

  it("submits once under a double click, keeps each submitted version, and reopens until the deadline", async () => {
    const db = env.services.db;
    const id = await openOrCreateDossier(db, { call, organizationId: orgA, userId: alice.id });
    const current = await loadAnswers(db, id);
    const changes = asChanges(completeAnswers()).map((c) => ({ ...c, baseVersion: current[c.key]?.version ?? 0 }));
    const saved = await saveAnswers(db, { dossier: await fresh(alice.id, id), userId: alice.id, changes });
    expect(saved.filter((r) => r.status === "conflict")).toEqual([]);
    const d = await fresh(alice.id, id);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => submitDossier(db, { dossier: d, userId: alice.id, locale: "fr" })));
    expect(outcomes.filter((o) => o.status === "submitted")).toHaveLength(1);
    expect(outcomes.every((o) => o.status === "submitted" || o.status === "alreadySubmitted")).toBe(true);
    const subs = await db.selectFrom("submission").selectAll().where("dossier_id", "=", id).execute();
    expect(subs).toHaveLength(1);
    const transitions = await db.selectFrom("dossier_transition").selectAll().where("dossier_id", "=", id).execute();
    expect(transitions.map((t) => `${t.from_state}>${t.to_state}:${t.actor_id}`)).toEqual([`draft>submitted:${alice.id}`]);
    // Submitted: no more edits until reopened.
    await expect(
      saveAnswers(db, {
        dossier: await fresh(bob.id, id),
        userId: bob.id,
        changes: [{ key: "q5_expectations", value: "x", baseVersion: 1 }],
      }),
    ).rejects.toMatchObject({
      messageKey: "dossier.notEditable",
    });
    await reopenDossier(db, { dossier: await fresh(bob.id, id), userId: bob.id });
    const again = await saveAnswers(db, {
      dossier: await fresh(bob.id, id),
      userId: bob.id,
      changes: [{ key: "q5_expectations", value: "Attentes revues", baseVersion: 1 }],
    });
    expect(again[0].status).toBe("saved");
    const second = await submitDossier(db, { dossier: await fresh(bob.id, id), userId: bob.id, locale: "fr" });
    expect(second).toMatchObject({ status: "submitted", submissionNumber: 2 });
    const all = await db
      .selectFrom("submission")
      .select(["number", "answers_json"])
      .where("dossier_id", "=", id)
      .orderBy("number")
      .execute();
    expect(all.map((s) => s.number)).toEqual([1, 2]);
    expect(JSON.parse(all[0].answers_json).q5_expectations).not.toBe("Attentes revues");
    expect(JSON.parse(all[1].answers_json).q5_expectations).toBe("Attentes revues");
  });

  it("e-mails the receipt with the PDF to every member of the organisation", async () => {
    const db = env.services.db;
    await runDueJobs(db, env.services.jobHandlers);
    const mails = await db.selectFrom("email").selectAll().where("subject", "like", "Accusé de dépôt%").execute();
    const recipients = mails.map((m) => m.to_addr).sort();
    expect(recipients).toEqual([alice.email, alice.email, bob.email, bob.email].sort());
    const att = JSON.parse(mails[0].attachments_json) as { filename: string; storageKey: string }[];
    expect(att[0].filename).toMatch(/^depot-\d-ptce-a\.pdf$/);
    const pdf = await env.services.storage.get(att[0].storageKey);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(plain(mails[0].text_body)).toContain("« PTCE A »");
  });

  it("freezes drafts after the deadline (end of day in Paris) and lets an organiser extend one organisation", async () => {
    const db = env.services.db;
    const id = await openOrCreateDossier(db, { call, organizationId: orgB, userId: mallory.id });
    const after = new Date(call.closesAt.getTime() + 1000);
    const justBefore = new Date(call.closesAt.getTime() - 1000);
    const d = await fresh(mallory.id, id);
    const ok = await saveAnswers(db, {
      dossier: d,
      userId: mallory.id,
      changes: [{ key: "ptce_name", value: "PTCE B", baseVersion: 0 }],
      now: justBefore,
    });
    expect(ok[0].status).toBe("saved");
    await expect(
      saveAnswers(db, { dossier: d, userId: mallory.id, changes: [{ key: "ptce_name", value: "Trop tard", baseVersion: 1 }], now: after }),
    ).rejects.toMatchObject({
      messageKey: "dossier.deadlinePassed",
      status: 409,
    });
    await expect(submitDossier(db, { dossier: d, userId: mallory.id, locale: "fr", now: after })).rejects.toBeInstanceOf(DomainError);
    expect((await loadAnswers(db, id)).ptce_name.value).toBe("PTCE B"); // still readable, nothing lost
    const organiser = await db.selectFrom("user").select("id").where("role", "=", "organiser").executeTakeFirstOrThrow();
    const untilDate = new Date(call.closesAt.getTime() + 3 * 86400000).toISOString().slice(0, 10);
    await extendDeadline(db, {
      callId: call.id,
      organizationId: orgB,
      untilDate,
      grantedBy: organiser.id,
      reason: "Inondation des locaux",
    });
    const later = await saveAnswers(db, {
      dossier: d,
      userId: mallory.id,
      changes: [{ key: "ptce_name", value: "PTCE B (délai)", baseVersion: 1 }],
      now: after,
    });
    expect(later[0].status).toBe("saved");
    // Submission reads the extension with the dossier: past the call's date, only its own deadline counts.
    const submitted = await submitDossier(db, { dossier: d, userId: mallory.id, locale: "fr", now: after });
    expect(submitted.status).toBe("incomplete");
    const pastExtension = new Date(new Date(`${untilDate}T12:00:00Z`).getTime() + 2 * 86400000);
    await expect(submitDossier(db, { dossier: d, userId: mallory.id, locale: "fr", now: pastExtension })).rejects.toMatchObject({
      messageKey: "dossier.deadlinePassed",
    });
  });

  it("accepts files by their content only, within size limits", async () => {
    const db = env.services.db;
    const storage = env.services.storage;
    const id = await openOrCreateDossier(db, { call, organizationId: orgB, userId: mallory.id });
    const d = await fresh(mallory.id, id);
    const limits = { maxFileBytes: 1024, maxDossierBytes: 2048 };
    const base = { dossier: d, userId: mallory.id, fieldKey: "enriching_documents", truncated: false, limits };
    // A PDF named .exe is a PDF: accepted, renamed with the right extension.
    const pdf = await addAttachment(db, storage, { ...base, originalName: "../../rapport d’activité.exe", data: SAMPLE_PDF });
    expect(pdf.safeName).toBe("rapport d’activité.pdf");
    // An executable named .pdf is refused.
    await expect(addAttachment(db, storage, { ...base, originalName: "dossier.pdf", data: SAMPLE_EXE })).rejects.toMatchObject({
      messageKey: "upload.badType",
      status: 415,
    });
    // Too large for one file.
    await expect(
      addAttachment(db, storage, { ...base, originalName: "gros.pdf", data: Buffer.concat([SAMPLE_PDF, Buffer.alloc(2000)]) }),
    ).rejects.toMatchObject({ messageKey: "upload.tooLarge" });
    await expect(
      addAttachment(db, storage, { ...base, originalName: "coupé.pdf", data: SAMPLE_PDF, truncated: true }),
    ).rejects.toMatchObject({ messageKey: "upload.tooLarge" });
    // Total per dossier.
    await addAttachment(db, storage, { ...base, originalName: "logo.png", data: SAMPLE_PNG });
    const big = Buffer.concat([SAMPLE_PDF, Buffer.alloc(1000 - SAMPLE_PDF.length)]);
    await addAttachment(db, storage, { ...base, originalName: "a.pdf", data: big });
    await expect(addAttachment(db, storage, { ...base, originalName: "b.pdf", data: big })).rejects.toMatchObject({
      messageKey: "upload.dossierFull",
    });
    // Not a files question.
    await expect(
      addAttachment(db, storage, { ...base, fieldKey: "q1_issues", originalName: "x.pdf", data: SAMPLE_PDF }),
    ).rejects.toMatchObject({ messageKey: "dossier.unknownField" });
    const files = await listAttachments(db, id);
    expect(files.map((f) => f.mime).sort()).toEqual(["application/pdf", "application/pdf", "image/png"]);
    expect((await storage.get((await attachmentOfDossier(db, id, pdf.id)).storage_key)).equals(SAMPLE_PDF)).toBe(true);
  });

  it("never shows or changes another organisation's dossier or files", async () => {
    const db = env.services.db;
    const idA = await openOrCreateDossier(db, { call, organizationId: orgA, userId: alice.id });
    await expect(dossierForMember(db, mallory.id, idA)).rejects.toBeInstanceOf(NotFound);
    await expect(dossierForMember(db, mallory.id, "00000000-0000-0000-0000-000000000000")).rejects.toBeInstanceOf(NotFound);
    const idB = await openOrCreateDossier(db, { call, organizationId: orgB, userId: mallory.id });
    const [fileB] = await listAttachments(db, idB);
    // A's member asking for B's file through A's dossier id finds nothing.
    await expect(attachmentOfDossier(db, idA, fileB.id)).rejects.toBeInstanceOf(NotFound);
    await expect(dossierForMember(db, alice.id, idB)).rejects.toBeInstanceOf(NotFound);
  });
});
