// The selection meeting (issue 12), on both databases: the chair opens it with the dossiers to discuss
// first, every member follows the dossier under discussion (a conflicted member sees neither its reviews
// nor its score), decisions are recorded with reasons and the constraints checked at each one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { asChanges, completeAnswers } from "../support/fixtures";
import { findCallBySlug, type Call } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { openOrCreateDossier, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { addCallMember, declareConflict, saveReview } from "../../app/domain/review/reviews.server";
import { assignManually } from "../../app/domain/review/team.server";
import {
  decideInMeeting,
  endMeeting,
  meetingRevision,
  meetingView,
  moveMeeting,
  startMeeting,
} from "../../app/domain/decisions/meeting.server";
import { changeCallContent } from "../support/dossiers";
import { NotFound } from "../../app/lib/errors";

describe.each(DATABASES)("selection meeting on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser: string;
  let r1: string;
  let r2: string;
  const d: Record<"figeac" | "toulouse" | "rennes", string> = {} as never;

  beforeAll(async () => {
    env = await testEnv(kind);
    const db = env.services.db;
    call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    organiser = (await db.selectFrom("user").select("id").where("role", "=", "organiser").executeTakeFirstOrThrow()).id;
    await changeCallContent(db, {
      callId: call.id,
      actorId: organiser,
      change: (c) => ({ ...c, targetSelection: 2, selection: { maxPerRegion: 1 } }),
    });
    r1 = (await createVerifiedUser(env.services, "Juré Un")).id;
    r2 = (await createVerifiedUser(env.services, "Jurée Deux")).id;
    for (const r of [r1, r2]) await addCallMember(db, { callId: call.id, userId: r, role: "reviewer", actorId: organiser });
    const places = { figeac: ["Figeac", "46102"], toulouse: ["Toulouse", "31555"], rennes: ["Rennes", "35238"] } as const;
    for (const [k, [query, code]] of Object.entries(places) as [keyof typeof places, readonly [string, string]][]) {
      const owner = await createVerifiedUser(env.services, `Porteur ${k}`);
      const org = await createOrganisation(db, { name: `PTCE ${k}`, userId: owner.id });
      const id = await openOrCreateDossier(db, { call, organizationId: org, userId: owner.id });
      await saveAnswers(db, {
        dossier: await dossierForMember(db, owner.id, id),
        userId: owner.id,
        changes: asChanges({ ...completeAnswers(), ptce_name: `Pôle ${query}`, commune: { query, code } }),
      });
      await submitDossier(db, { dossier: await dossierForMember(db, owner.id, id), userId: owner.id, locale: "fr" });
      d[k] = id;
      for (const r of [r1, r2]) await assignManually(db, { dossierId: id, reviewerId: r, actorId: organiser });
    }
    const all = (v: number) => Object.fromEntries(call.content.criteria.map((c) => [c.key, Math.min(c.scale.max, v)]));
    // Figeac splits the panel (4 and 0): to discuss. Toulouse scores 3, Rennes 2.
    await saveReview(db, { dossierId: d.figeac, reviewerId: r1, scores: all(4), comment: "Remarquable." });
    await saveReview(db, { dossierId: d.figeac, reviewerId: r2, scores: all(0), comment: "Fragile." });
    await saveReview(db, { dossierId: d.toulouse, reviewerId: r1, scores: all(3), comment: "Solide." });
    await saveReview(db, { dossierId: d.rennes, reviewerId: r1, scores: all(2), comment: "Correct." });
    await declareConflict(db, { dossierId: d.toulouse, reviewerId: r2, reason: "J’y ai travaillé." });
  });
  afterAll(async () => env?.close());

  it("is opened by the call's organisers only, dossiers to discuss first, then by score", async () => {
    const db = env.services.db;
    await expect(startMeeting(db, { callId: call.id, actorId: r1 })).rejects.toBeInstanceOf(NotFound);
    const id = await startMeeting(db, { callId: call.id, actorId: organiser });
    expect(await startMeeting(db, { callId: call.id, actorId: organiser })).toBe(id);
    const v = await meetingView(db, { callId: call.id, userId: r1 });
    expect(v.open && v.agenda.map((a) => a.id)).toEqual([d.figeac, d.toulouse, d.rennes]);
    expect(v.open && v.current.id).toBe(d.figeac);
    expect(v.open && v.current.reviews.map((r) => r.comment).sort()).toEqual(["Fragile.", "Remarquable."]);
    const outsider = await createVerifiedUser(env.services, "Curieux");
    await expect(meetingView(db, { callId: call.id, userId: outsider.id })).rejects.toBeInstanceOf(NotFound);
  });

  it("moves every member's screen with the chair; a conflicted member sees neither reviews nor score", async () => {
    const db = env.services.db;
    const before = await meetingRevision(db, { callId: call.id, userId: r2 });
    await moveMeeting(db, { callId: call.id, actorId: organiser, position: 1 });
    expect(await meetingRevision(db, { callId: call.id, userId: r2 })).toBe(before + 1);
    const conflicted = await meetingView(db, { callId: call.id, userId: r2 });
    expect(conflicted.open && conflicted.current).toMatchObject({ id: d.toulouse, conflicted: true, reviews: [], overall: null });
    const other = await meetingView(db, { callId: call.id, userId: r1 });
    expect(other.open && other.current).toMatchObject({ id: d.toulouse, conflicted: false });
    expect(other.open && other.current.reviews).toHaveLength(1);
    await expect(moveMeeting(db, { callId: call.id, actorId: r1, position: 0 })).rejects.toBeInstanceOf(NotFound);
    await expect(moveMeeting(db, { callId: call.id, actorId: organiser, position: 9 })).rejects.toMatchObject({
      messageKey: "error.badRequest",
    });
  });

  it("records decisions with reasons, checks the constraints at each, and moves on to the next undecided", async () => {
    const db = env.services.db;
    const base = { callId: call.id, actorId: organiser, appUrl: "http://t" };
    await expect(decideInMeeting(db, { ...base, dossierId: d.toulouse, decision: "accepted", reasons: "court" })).rejects.toMatchObject({
      messageKey: "selection.reasonsMissing",
    });
    const first = await decideInMeeting(db, {
      ...base,
      dossierId: d.toulouse,
      decision: "accepted",
      reasons: "Un pôle solide, bien ancré.",
    });
    expect(first).toMatchObject({ target: 2, accepted: 1, regionsOver: [] });
    const v = await meetingView(db, { callId: call.id, userId: r1 });
    expect(v.open && v.current.id).toBe(d.rennes);
    // A second Occitan dossier breaks the call's one-per-région cap: the check says so at once.
    const second = await decideInMeeting(db, {
      ...base,
      dossierId: d.figeac,
      decision: "accepted",
      reasons: "Le jury passe outre le plafond régional.",
    });
    expect(second.accepted).toBe(2);
    expect(second.regionsOver).toEqual([{ region: "76", count: 2, max: 1 }]);
    await expect(
      decideInMeeting(db, { ...base, dossierId: d.figeac, decision: "declined", reasons: "Deuxième avis du jury." }),
    ).rejects.toMatchObject({
      messageKey: "meeting.alreadyDecided",
    });
    await endMeeting(db, { callId: call.id, actorId: organiser });
    expect((await meetingView(db, { callId: call.id, userId: r1 })).open).toBe(false);
  });
});
