// The lifecycle module (issue 10) on both databases: one applyTransition checks, writes, records and
// queues follow-up jobs in one transaction; replays are idempotent; stale pages are refused; the
// community is the accepted dossiers whose answer was sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { asChanges, completeAnswers } from "../support/fixtures";
import { acceptIntoCommunity, defaultCall, organiserId, submittedDossier } from "../support/dossiers";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import {
  openOrCreateDossier,
  saveAnswers,
  submitDossier,
  withdrawDossier,
  applyOrganiserTransition,
} from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { applyTransition, communityDossiers } from "../../app/domain/applications/lifecycle.server";
import { confirmSelection } from "../../app/domain/decisions/selection.server";
import { listedStateCounts } from "../../app/domain/applications/state-counts.server";

describe.each(DATABASES)("the dossier lifecycle on %s", (kind) => {
  let env: TestEnv;
  let organiser: string;
  beforeAll(async () => {
    env = await testEnv(kind);
    organiser = await organiserId(env.services);
  });
  afterAll(async () => env?.close());

  const stateOf = async (id: string) =>
    await env.services.db.selectFrom("dossier").select(["state", "lock_version"]).where("id", "=", id).executeTakeFirstOrThrow();
  const transitionsOf = async (id: string) =>
    env.services.db.selectFrom("dossier_transition").select(["event", "note"]).where("dossier_id", "=", id).orderBy("at").execute();

  it("writes nothing when a write of the same transition fails: state, history and jobs stay as they were", async () => {
    const d = await submittedDossier(env.services, { name: "Atomique" });
    const db = env.services.db;
    const before = await stateOf(d.id);
    const jobsBefore = await db.selectFrom("job").select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();
    await expect(
      applyTransition(db, {
        dossierId: d.id,
        event: "return_for_changes",
        actor: { id: organiser, as: "organiser" },
        note: "Précisez le budget de la deuxième année.",
        appUrl: "http://t",
        within: async () => {
          throw new Error("disk full");
        },
      }),
    ).rejects.toThrow("disk full");
    expect(await stateOf(d.id)).toEqual(before);
    expect((await transitionsOf(d.id)).map((t) => t.event)).toEqual(["submit"]);
    const jobsAfter = await db.selectFrom("job").select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();
    expect(Number(jobsAfter.n)).toBe(Number(jobsBefore.n));
  });

  it("queues the applicant's e-mail with the change itself, and refuses a change from a stale page", async () => {
    const d = await submittedDossier(env.services, { name: "Courriel" });
    const db = env.services.db;
    const { lock_version } = await stateOf(d.id);
    const out = await applyTransition(db, {
      dossierId: d.id,
      event: "start_review",
      actor: { id: organiser, as: "organiser" },
      appUrl: "http://t",
    });
    expect(out).toMatchObject({ applied: true, from: "submitted", to: "under_review" });
    const queued = await db
      .selectFrom("job")
      .select("payload_json")
      .where("type", "=", "send-mail")
      .where("payload_json", "like", `%${d.owner.email}%`)
      .execute();
    expect(queued.some((j) => j.payload_json.includes(`/dossiers/${d.id}`))).toBe(true);
    await expect(
      applyTransition(db, {
        dossierId: d.id,
        event: "return_for_changes",
        actor: { id: organiser, as: "organiser" },
        note: "Une page vieille de dix minutes.",
        expectedLockVersion: lock_version,
      }),
    ).rejects.toMatchObject({ messageKey: "dossier.changedMeanwhile", status: 409 });
    // The applicant's side cannot take the team's steps, and a reasoned step needs its reasons.
    await expect(
      applyTransition(db, {
        dossierId: d.id,
        event: "accept",
        actor: { id: d.owner.id, as: "applicant" },
        note: "Je me retiens moi-même.",
      }),
    ).rejects.toMatchObject({ messageKey: "dossier.transitionNotAllowed" });
    await expect(
      applyTransition(db, { dossierId: d.id, event: "accept", actor: { id: organiser, as: "organiser" }, note: "Oui" }),
    ).rejects.toMatchObject({ messageKey: "dossier.noteRequired" });
  });

  it("acts on the caller's reading of the dossier only while it is still true, and reads it again once stale", async () => {
    const d = await submittedDossier(env.services, { name: "Lecture" });
    const db = env.services.db;
    const seen = await db
      .selectFrom("dossier")
      .select(["id", "state", "lock_version", "submission_count", "organization_id", "call_id"])
      .where("id", "=", d.id)
      .executeTakeFirstOrThrow();
    // A colleague started the review after this reading was made.
    await applyTransition(db, { dossierId: d.id, event: "start_review", actor: { id: organiser, as: "organiser" } });
    const out = await applyTransition(db, {
      dossierId: d.id,
      event: "return_for_changes",
      actor: { id: organiser, as: "organiser" },
      note: "Précisez les partenaires financeurs.",
      known: seen,
    });
    expect(out).toMatchObject({ applied: true, from: "under_review", to: "returned_for_changes" });
    expect(await stateOf(d.id)).toEqual({ state: "returned_for_changes", lock_version: seen.lock_version + 2 });
    expect((await transitionsOf(d.id)).map((t) => t.event)).toEqual(["submit", "start_review", "return_for_changes"]);
    // Stale, and the dossier has since gone where the event is not allowed: refused, nothing written.
    await withdrawDossier(db, { dossier: await dossierForMember(db, d.owner.id, d.id), userId: d.owner.id });
    await expect(
      applyTransition(db, { dossierId: d.id, event: "start_review", actor: { id: organiser, as: "organiser" }, known: seen }),
    ).rejects.toMatchObject({ messageKey: "dossier.transitionNotAllowed" });
    expect((await stateOf(d.id)).state).toBe("withdrawn");
  });

  it("makes one submission of two at once, and one withdrawal of a double click", async () => {
    const db = env.services.db;
    const call = await defaultCall(env.services);
    const owner = await createVerifiedUser(env.services, "Double Clic");
    const org = await createOrganisation(db, { name: "PTCE Double Clic", userId: owner.id });
    const id = await openOrCreateDossier(db, { call, organizationId: org, userId: owner.id });
    await saveAnswers(db, { dossier: await dossierForMember(db, owner.id, id), userId: owner.id, changes: asChanges(completeAnswers()) });
    const dossier = await dossierForMember(db, owner.id, id);
    const [a, b] = await Promise.all([
      submitDossier(db, { dossier, userId: owner.id, locale: "fr" }),
      submitDossier(db, { dossier, userId: owner.id, locale: "fr" }),
    ]);
    expect([a.status, b.status].sort()).toEqual(["alreadySubmitted", "submitted"]);
    const subs = await db.selectFrom("submission").select("number").where("dossier_id", "=", id).execute();
    expect(subs).toEqual([{ number: 1 }]);
    expect(await transitionsOf(id)).toEqual([{ event: "submit", note: "#1" }]);
    const receipts = await db
      .selectFrom("job")
      .select("id")
      .where("type", "=", "send-receipt")
      .where(
        "payload_json",
        "like",
        "%" + (await db.selectFrom("submission").select("id").where("dossier_id", "=", id).executeTakeFirstOrThrow()).id + "%",
      )
      .execute();
    expect(receipts).toHaveLength(1);
    const fresh = await dossierForMember(db, owner.id, id);
    await Promise.all([
      withdrawDossier(db, { dossier: fresh, userId: owner.id, reason: "Projet reporté" }),
      withdrawDossier(db, { dossier: fresh, userId: owner.id }),
    ]);
    expect((await stateOf(id)).state).toBe("withdrawn");
    expect((await transitionsOf(id)).map((t) => t.event)).toEqual(["submit", "withdraw"]);
  });

  it("counts in the community only accepted dossiers whose answer was sent, and no longer once withdrawn", async () => {
    const db = env.services.db;
    const call = await defaultCall(env.services);
    const kept = await submittedDossier(env.services, { name: "Membre" });
    const members = async () => (await communityDossiers(db).execute()).map((r) => r.dossier_id);
    await confirmSelection(db, {
      callId: call.id,
      actorId: organiser,
      appUrl: "http://t",
      decisions: [{ dossierId: kept.id, decision: "accepted", reasons: "Un pôle déjà très actif sur son territoire." }],
    });
    expect(await members()).not.toContain(kept.id);
    await acceptIntoCommunity(db, { callId: call.id, actorId: organiser, appUrl: "http://t", decisions: [] });
    expect(await members()).toContain(kept.id);
    await withdrawDossier(db, { dossier: await dossierForMember(db, kept.owner.id, kept.id), userId: kept.owner.id });
    expect(await members()).not.toContain(kept.id);
    // And an organiser cannot decide a withdrawn dossier.
    await expect(
      applyOrganiserTransition(db, {
        dossierId: kept.id,
        event: "accept",
        actorId: organiser,
        note: "Revenons sur ce dossier.",
        appUrl: "http://t",
      }),
    ).rejects.toMatchObject({ status: 409 });
  });
});

// PostgreSQL keeps a row locked until the commit; on SQLite one writer at a time writes, whatever the order.
describe("the dossier lifecycle beside other transactions on postgres", () => {
  let pg: TestEnv;
  let organiser: string;
  beforeAll(async () => {
    pg = await testEnv("postgres");
    organiser = await organiserId(pg.services);
  });
  afterAll(async () => pg?.close());

  it("lets the call's other transitions through while one is still doing its own work (the shared counts are written last)", async () => {
    const db = pg.services.db;
    const dossiers = [];
    for (let i = 0; i < 13; i++) dossiers.push(await submittedDossier(pg.services, { name: `Parallèle ${i}` }));
    const [held, ...others] = dossiers;
    const callId = (await defaultCall(pg.services)).id;
    const before = await listedStateCounts(db, callId);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const slow = applyTransition(db, {
      dossierId: held.id,
      event: "start_review",
      actor: { id: organiser, as: "organiser" },
      within: async () => {
        entered();
        await gate;
      },
    });
    await inside;
    // Twelve reviews start meanwhile. The call's counts are spread over 8 shards per state: written when
    // the transition began, nearly every time one of these twelve waited on the held transaction's rows.
    const rest = Promise.all(
      others.map((d) => applyTransition(db, { dossierId: d.id, event: "start_review", actor: { id: organiser, as: "organiser" } })),
    );
    const done = await Promise.race([rest.then(() => "all done"), new Promise((r) => setTimeout(() => r("still waiting"), 10_000))]);
    release();
    await slow;
    await rest;
    expect(done).toBe("all done");
    const after = await listedStateCounts(db, callId);
    expect(after.submitted ?? 0).toBe((before.submitted ?? 0) - 13);
    expect(after.under_review ?? 0).toBe((before.under_review ?? 0) + 13);
  }, 60_000);
});
