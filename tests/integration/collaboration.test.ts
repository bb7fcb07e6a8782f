// The team's work on a dossier, on both databases (issue 2): invitations of reviewers and experts, manual
// assignment rules, private notes, labels and the reviewers' discussion, saved views, messages with
// attachments and unread counts, differences between submitted versions, and the list's new filters.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { defaultCall, organiserId, submittedDossier, type SubmittedDossier } from "../support/dossiers";
import { SAMPLE_EXE, SAMPLE_PDF } from "../support/fixtures";
import type { Call } from "../../app/domain/calls/calls.server";
import { acceptCallInvitation, assignManually, assignmentsOf, inviteToCall } from "../../app/domain/review/team.server";
import { addCallMember, declareConflict, saveReview } from "../../app/domain/review/reviews.server";
import { assertCanSeeDossier, roleInCall } from "../../app/domain/access/policy.server";
import {
  addComment,
  addLabel,
  addNote,
  commentsOf,
  deleteView,
  labelsOfCall,
  notesOf,
  saveView,
  viewsOf,
} from "../../app/domain/review/collaboration.server";
import { messagesOf, postMessage, unreadCounts, markRead } from "../../app/domain/applications/messages.server";
import { applyOrganiserTransition, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { submissionDiff } from "../../app/domain/applications/versions.server";
import { instructionList } from "../../app/domain/calls/instruction.server";
import { DEFAULT_LIMITS } from "../../app/domain/applications/attachments.server";
import { NotFound } from "../../app/lib/errors";
import { asChanges } from "../support/fixtures";

describe.each(DATABASES)("the team's work on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser = "";
  let reviewer = { id: "", email: "", password: "" };
  let expert = { id: "", email: "", password: "" };
  const d: SubmittedDossier[] = [];
  const appUrl = "https://trame.test";

  beforeAll(async () => {
    env = await testEnv(kind);
    call = await defaultCall(env.services);
    organiser = await organiserId(env.services);
    d.push(await submittedDossier(env.services, { name: "PTCE Figeac", answers: { operational_since: "2005" } }));
    d.push(
      await submittedDossier(env.services, {
        name: "PTCE Rennes",
        commune: { query: "Rennes", code: "35238" },
        answers: { operational_since: "2013" },
      }),
    );
    reviewer = await createVerifiedUser(env.services, "Rita Relectrice");
    expert = await createVerifiedUser(env.services, "Eva Experte");
  });
  afterAll(async () => env?.close());

  it("invites a reviewer by e-mail: the link is for that address only, and works once", async () => {
    const db = env.services.db;
    const { token } = await inviteToCall(db, {
      callId: call.id,
      email: reviewer.email.toUpperCase(),
      role: "reviewer",
      actorId: organiser,
      appUrl,
      locale: "fr",
    });
    const mail = await db
      .selectFrom("job")
      .select("payload_json")
      .where("type", "=", "send-mail")
      .where("payload_json", "like", `%${reviewer.email}%`)
      .where("payload_json", "like", "%equipe/invitations%")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(mail.payload_json).text).toContain(`${appUrl}/equipe/invitations/${token}`);
    await expect(acceptCallInvitation(db, { token, userId: expert.id })).rejects.toMatchObject({ messageKey: "team.otherAccount" });
    expect(await acceptCallInvitation(db, { token, userId: reviewer.id })).toMatchObject({ callId: call.id, role: "reviewer" });
    await expect(acceptCallInvitation(db, { token, userId: reviewer.id })).rejects.toMatchObject({ messageKey: "invitation.used" });
    // Reviewers cannot invite.
    await expect(
      inviteToCall(db, { callId: call.id, email: "x@example.org", role: "reviewer", actorId: reviewer.id, appUrl, locale: "fr" }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("a co-organiser invited on the call organises it, and only it; an invitation never lowers a role", async () => {
    const db = env.services.db;
    const co = await createVerifiedUser(env.services, "Colette Co-organisatrice");
    const { token } = await inviteToCall(db, {
      callId: call.id,
      email: co.email,
      role: "organiser",
      actorId: organiser,
      appUrl,
      locale: "fr",
    });
    expect(await acceptCallInvitation(db, { token, userId: co.id })).toMatchObject({ role: "organiser" });
    expect(await roleInCall(db, co.id, call.id)).toBe("organiser");
    expect((await assertCanSeeDossier(db, co.id, d[0].id)).role).toBe("organiser");
    const again = await inviteToCall(db, {
      callId: call.id,
      email: co.email,
      role: "expert",
      dossierId: d[0].id,
      actorId: co.id,
      appUrl,
      locale: "fr",
    });
    await acceptCallInvitation(db, { token: again.token, userId: co.id });
    expect(await roleInCall(db, co.id, call.id)).toBe("organiser");
    // Starting the review tells the applicants.
    await applyOrganiserTransition(db, { dossierId: d[0].id, event: "start_review", actorId: co.id, appUrl });
    const told = await db
      .selectFrom("job")
      .select("payload_json")
      .where("payload_json", "like", `%${d[0].owner.email}%`)
      .where("payload_json", "like", "%cours d’instruction%")
      .execute();
    expect(told).toHaveLength(1);
  });

  it("assigns by hand, never to a member of the applicant organisation nor after a declared conflict", async () => {
    const db = env.services.db;
    await expect(assertCanSeeDossier(db, reviewer.id, d[0].id)).rejects.toBeInstanceOf(NotFound);
    await assignManually(db, { dossierId: d[0].id, reviewerId: reviewer.id, actorId: organiser });
    expect((await assertCanSeeDossier(db, reviewer.id, d[0].id)).role).toBe("reviewer");
    expect((await assignmentsOf(db, reviewer.id)).map((a) => a.id)).toEqual([d[0].id]);
    // The applicant's own member made reviewer cannot be given their own dossier.
    await addCallMember(db, { callId: call.id, userId: d[1].owner.id, role: "reviewer", actorId: organiser });
    await expect(assignManually(db, { dossierId: d[1].id, reviewerId: d[1].owner.id, actorId: organiser })).rejects.toMatchObject({
      messageKey: "team.ownOrganisation",
    });
    await assignManually(db, { dossierId: d[1].id, reviewerId: reviewer.id, actorId: organiser });
    await declareConflict(db, { dossierId: d[1].id, reviewerId: reviewer.id, reason: "Ancienne salariée" });
    await expect(assertCanSeeDossier(db, reviewer.id, d[1].id)).rejects.toBeInstanceOf(NotFound);
    expect((await assignmentsOf(db, reviewer.id)).map((a) => a.id)).toEqual([d[0].id]);
    await expect(assignManually(db, { dossierId: d[1].id, reviewerId: reviewer.id, actorId: organiser })).rejects.toMatchObject({
      messageKey: "team.conflictDeclared",
    });
  });

  it("an expert is invited on one dossier, sees only it, and must write an opinion", async () => {
    const db = env.services.db;
    const { token } = await inviteToCall(db, {
      callId: call.id,
      email: expert.email,
      role: "expert",
      dossierId: d[0].id,
      actorId: organiser,
      appUrl,
      locale: "fr",
    });
    expect(await acceptCallInvitation(db, { token, userId: expert.id })).toMatchObject({ dossierId: d[0].id, role: "expert" });
    expect((await assertCanSeeDossier(db, expert.id, d[0].id)).role).toBe("expert");
    await expect(assertCanSeeDossier(db, expert.id, d[1].id)).rejects.toBeInstanceOf(NotFound);
    await expect(saveReview(db, { dossierId: d[0].id, reviewerId: expert.id, scores: {}, comment: "" })).rejects.toMatchObject({
      messageKey: "review.opinionRequired",
    });
    await saveReview(db, {
      dossierId: d[0].id,
      reviewerId: expert.id,
      scores: { experiences: 4 },
      comment: "",
      opinion: "Un PTCE exemplaire sur l’insertion.",
    });
    // Experts take no part in notes and discussion.
    await expect(addNote(db, { dossierId: d[0].id, authorId: expert.id, body: "Note" })).rejects.toBeInstanceOf(NotFound);
    await expect(
      inviteToCall(db, {
        callId: call.id,
        email: d[0].owner.email,
        role: "expert",
        dossierId: d[0].id,
        actorId: organiser,
        appUrl,
        locale: "fr",
      }),
    ).rejects.toMatchObject({ messageKey: "team.ownOrganisation" });
  });

  it("keeps notes, labels and discussion to the team, hidden by a declared conflict", async () => {
    const db = env.services.db;
    await addNote(db, { dossierId: d[0].id, authorId: organiser, body: "Appeler la coordinatrice avant le comité." });
    await addComment(db, { dossierId: d[0].id, authorId: reviewer.id, body: "Je mets 3 sur la visite : calendrier flou." });
    await addLabel(db, { dossierId: d[0].id, label: "  à  rappeler ", actorId: reviewer.id });
    await addLabel(db, { dossierId: d[0].id, label: "à rappeler", actorId: organiser });
    expect(await labelsOfCall(db, call.id)).toEqual([{ label: "à rappeler", n: 1 }]);
    expect((await notesOf(db, d[0].id)).map((n) => n.body)).toEqual(["Appeler la coordinatrice avant le comité."]);
    expect((await commentsOf(db, d[0].id)).map((n) => n.name)).toEqual(["Rita Relectrice"]);
    await expect(addComment(db, { dossierId: d[1].id, authorId: reviewer.id, body: "Hors de mon périmètre" })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(addNote(db, { dossierId: d[0].id, authorId: d[0].owner.id, body: "Je suis le candidat" })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(addNote(db, { dossierId: d[0].id, authorId: organiser, body: "   " })).rejects.toMatchObject({
      messageKey: "team.emptyText",
    });
  });

  it("filters the list by département, years operating, reviewer, score range and label, with counts per state", async () => {
    const db = env.services.db;
    await saveReview(db, {
      dossierId: d[0].id,
      reviewerId: reviewer.id,
      scores: { condition_ptce: 4, condition_volunteer: 3, experiences: 3, visit_offer: 2 },
      comment: "",
    });
    const now = new Date("2015-03-10T12:00:00Z");
    const ids = async (f: Parameters<typeof instructionList>[2]) =>
      (await instructionList(db, call.id, f, now)).rows.map((r) => r.name).sort();
    expect(await ids({ departement: "35" })).toEqual(["PTCE Rennes"]);
    expect(await ids({ minYears: 5 })).toEqual(["PTCE Figeac"]);
    expect(await ids({ reviewer: reviewer.id })).toEqual(["PTCE Figeac", "PTCE Rennes"]);
    expect(await ids({ scoreMin: 3 })).toEqual(["PTCE Figeac"]);
    expect(await ids({ scoreMax: 2.5 })).toEqual([]);
    // The score filters read the facts' copy of the overall score (-1 without one): a dossier nobody has
    // scored matches no bound, whichever way, and the bounds are inclusive.
    expect(await ids({ scoreMin: 0 })).toEqual(["PTCE Figeac"]);
    expect(await ids({ scoreMax: 4 })).toEqual(["PTCE Figeac"]);
    const overall = Number((await instructionList(db, call.id, { scoreMin: 0 }, now)).rows[0].overall);
    expect(overall).toBeGreaterThan(0);
    expect(await ids({ scoreMin: overall, scoreMax: overall })).toEqual(["PTCE Figeac"]);
    expect(await ids({ scoreMin: overall + 0.01 })).toEqual([]);
    expect(await ids({ label: "à rappeler" })).toEqual(["PTCE Figeac"]);
    const list = await instructionList(db, call.id, { sort: "score" }, now);
    expect(list.rows[0].name).toBe("PTCE Figeac");
    expect(list.counts).toEqual({ under_review: 1, submitted: 1 });
    expect(list.rows[0].labels).toEqual(["à rappeler"]);
  });

  it("saves views per person", async () => {
    const db = env.services.db;
    const id = await saveView(db, { userId: organiser, callId: call.id, name: "Bretagne", query: "region=53&page=3" });
    expect(await viewsOf(db, organiser, call.id)).toEqual([{ id, name: "Bretagne", query: "region=53" }]);
    expect(await viewsOf(db, reviewer.id, call.id)).toEqual([]);
    await expect(deleteView(db, { userId: reviewer.id, viewId: id })).rejects.toBeInstanceOf(NotFound);
    await deleteView(db, { userId: organiser, viewId: id });
    expect(await viewsOf(db, organiser, call.id)).toEqual([]);
  });

  it("exchanges messages with attachments; the other side is e-mailed and sees them as unread", async () => {
    const db = env.services.db;
    const storage = env.services.storage;
    await expect(
      postMessage(db, storage, {
        dossierId: d[0].id,
        authorId: organiser,
        side: "team",
        body: "Pièce ?",
        files: [{ name: "virus.pdf", data: SAMPLE_EXE }],
        limits: DEFAULT_LIMITS,
        appUrl,
      }),
    ).rejects.toMatchObject({ messageKey: "upload.badType" });
    expect(await messagesOf(db, d[0].id)).toHaveLength(0);
    // Sent twice at once (a double click): kept once.
    const sent = await Promise.all(
      [1, 2].map(() =>
        postMessage(db, storage, {
          dossierId: d[0].id,
          authorId: organiser,
          side: "team",
          body: "Pouvez-vous joindre vos statuts ?",
          files: [],
          limits: DEFAULT_LIMITS,
          appUrl,
        }),
      ),
    );
    expect(sent[0]).toBe(sent[1]);
    const mail = await db
      .selectFrom("job")
      .select("payload_json")
      .where("type", "=", "send-mail")
      .where("payload_json", "like", `%${d[0].owner.email}%`)
      .where("payload_json", "like", "%statuts%")
      .executeTakeFirst();
    expect(JSON.parse(mail!.payload_json).text).toContain(`${appUrl}/dossiers/${d[0].id}/messages`);
    expect((await unreadCounts(db, { userId: d[0].owner.id, dossierIds: [d[0].id], otherSide: "team" })).get(d[0].id)).toBe(1);
    await markRead(db, d[0].id, d[0].owner.id);
    expect((await unreadCounts(db, { userId: d[0].owner.id, dossierIds: [d[0].id], otherSide: "team" })).get(d[0].id)).toBeUndefined();
    await postMessage(db, storage, {
      dossierId: d[0].id,
      authorId: d[0].owner.id,
      side: "applicant",
      body: "Voici nos statuts.",
      files: [{ name: "statuts.exe.pdf", data: SAMPLE_PDF }],
      limits: DEFAULT_LIMITS,
      appUrl,
    });
    const messages = await messagesOf(db, d[0].id);
    expect(messages.map((m) => m.side)).toEqual(["team", "applicant"]);
    expect(messages[1].files).toEqual([{ id: "0", name: "statuts.exe.pdf", size: SAMPLE_PDF.length, mime: "application/pdf" }]);
    expect((await unreadCounts(db, { userId: organiser, dossierIds: [d[0].id], otherSide: "applicant" })).get(d[0].id)).toBe(1);
  });

  it("shows what changed between two submitted versions", async () => {
    const db = env.services.db;
    await applyOrganiserTransition(db, {
      dossierId: d[1].id,
      event: "return_for_changes",
      actorId: organiser,
      note: "Précisez vos résultats chiffrés.",
      appUrl,
    });
    const owner = d[1].owner;
    const dossier = await dossierForMember(db, owner.id, d[1].id);
    const q3 = (
      await db
        .selectFrom("answer")
        .select("version")
        .where("dossier_id", "=", d[1].id)
        .where("field_key", "=", "q3_experiences")
        .executeTakeFirstOrThrow()
    ).version;
    await saveAnswers(db, {
      dossier,
      userId: owner.id,
      changes: [{ ...asChanges({ q3_experiences: "Nous avons créé 40 emplois en insertion." })[0], baseVersion: q3 }],
    });
    expect(
      (await submitDossier(db, { dossier: await dossierForMember(db, owner.id, d[1].id), userId: owner.id, locale: "fr" })).status,
    ).toBe("submitted");
    const diff = await submissionDiff(db, { dossierId: d[1].id, from: 1, to: 2, locale: "fr" });
    expect(diff.map((f) => f.key)).toEqual(["q3_experiences"]);
    expect(diff[0].parts.some((p) => p.kind === "added" && p.text.includes("40"))).toBe(true);
    expect(diff[0].parts.some((p) => p.kind === "removed")).toBe(true);
  });
});
