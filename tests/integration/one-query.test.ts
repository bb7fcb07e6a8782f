// One query for everything (issue 12), on both databases: the list's filters, read once, drive the list,
// the bulk actions (label, assign, decide, message the applicants) and the exports — the same dossiers
// each time, every page included, and each action through the rules one dossier at a time would follow.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { asChanges, completeAnswers } from "../support/fixtures";
import { findCallBySlug, formDefinition, type Call } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { openOrCreateDossier, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { addCallMember } from "../../app/domain/review/reviews.server";
import { instructionList } from "../../app/domain/calls/instruction.server";
import { parseDossierQuery } from "../../app/domain/calls/dossier-query";
import { applyBulk, dossiersForQuery } from "../../app/domain/calls/bulk.server";
import { startExport } from "../../app/domain/exports/exports.server";
import { runDueJobs } from "../../app/jobs/queue.server";
import { NotFound } from "../../app/lib/errors";
import { endsBeforeNextTurn } from "../support/event-loop";

describe.each(DATABASES)("one query on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser: string;
  let reviewer: { id: string; email: string };
  const d: { id: string; org: string; name: string; region: string }[] = [];
  const services = () => ({ storage: env.services.storage, limits: env.services.config.uploadLimits });

  beforeAll(async () => {
    env = await testEnv(kind);
    const db = env.services.db;
    call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    organiser = (await db.selectFrom("user").select("id").where("role", "=", "organiser").executeTakeFirstOrThrow()).id;
    const places = [
      { query: "Figeac", code: "46102", region: "76" },
      { query: "Toulouse", code: "31555", region: "76" },
      { query: "Rennes", code: "35238", region: "53" },
      { query: "Lyon", code: "69123", region: "84" },
    ];
    for (const [i, p] of places.entries()) {
      const owner = await createVerifiedUser(env.services, `Porteuse ${i}`);
      const org = await createOrganisation(db, { name: `PTCE requête ${i}`, userId: owner.id });
      const id = await openOrCreateDossier(db, { call, organizationId: org, userId: owner.id });
      const name = `Pôle requête ${p.query}`;
      await saveAnswers(db, {
        dossier: await dossierForMember(db, owner.id, id),
        userId: owner.id,
        changes: asChanges({ ...completeAnswers(), ptce_name: name, commune: { query: p.query, code: p.code } }),
      });
      await submitDossier(db, { dossier: await dossierForMember(db, owner.id, id), userId: owner.id, locale: "fr" });
      d.push({ id, org, name, region: p.region });
    }
    // The reviewer belongs to the Toulouse organisation: never to be assigned its dossier, even in bulk.
    reviewer = await createVerifiedUser(env.services, "Relecteur Toulousain");
    await db
      .insertInto("membership")
      .values({ organization_id: d[1].org, user_id: reviewer.id, role: "member", created_at: new Date().toISOString() })
      .execute();
    await addCallMember(db, { callId: call.id, userId: reviewer.id, role: "reviewer", actorId: organiser });
  });
  afterAll(async () => env?.close());

  const occitanie = "region=76";

  it("keeps the same dossiers in the list and in the bulk actions' selection", async () => {
    const db = env.services.db;
    const def = await formDefinition(db, call.formVersionId);
    const list = await instructionList(db, call.id, parseDossierQuery(new URLSearchParams(occitanie), def));
    const ids = await dossiersForQuery(db, { callId: call.id, actorId: organiser, query: occitanie });
    expect(new Set(list.rows.map((r) => r.id))).toEqual(new Set(ids));
    expect(new Set(ids)).toEqual(new Set([d[0].id, d[1].id]));
    await expect(dossiersForQuery(db, { callId: call.id, actorId: reviewer.id, query: occitanie })).rejects.toBeInstanceOf(NotFound);
  });

  it("labels and assigns every matching dossier, skipping with why what the rules refuse", async () => {
    const db = env.services.db;
    const label = await applyBulk(db, services(), {
      callId: call.id,
      actorId: organiser,
      query: occitanie,
      action: { kind: "label", label: "Occitanie" },
      appUrl: "http://t",
    });
    expect(label).toMatchObject({ matched: 2, applied: 2, skipped: [] });
    const assign = await applyBulk(db, services(), {
      callId: call.id,
      actorId: organiser,
      query: "etiquette=Occitanie",
      action: { kind: "assign", reviewerId: reviewer.id },
      appUrl: "http://t",
    });
    expect(assign).toMatchObject({ matched: 2, applied: 1, skipped: [{ dossierId: d[1].id, why: "team.ownOrganisation" }] });
    const rows = await db.selectFrom("review_assignment").select("dossier_id").where("reviewer_id", "=", reviewer.id).execute();
    expect(rows.map((r) => r.dossier_id)).toEqual([d[0].id]);
  });

  it("decides for every matching dossier with one reason, then writes to the selected applicants only", async () => {
    const db = env.services.db;
    await expect(
      applyBulk(db, services(), {
        callId: call.id,
        actorId: organiser,
        query: "etiquette=Occitanie",
        action: { kind: "decide", decision: "accepted", reasons: "court" },
        appUrl: "http://t",
      }),
    ).rejects.toMatchObject({ messageKey: "selection.reasonsMissing" });
    const decided = await applyBulk(db, services(), {
      callId: call.id,
      actorId: organiser,
      query: "etiquette=Occitanie",
      action: { kind: "decide", decision: "accepted", reasons: "Deux pôles occitans complémentaires." },
      appUrl: "http://t",
    });
    expect(decided).toMatchObject({ matched: 2, applied: 2 });
    const sent = await applyBulk(db, services(), {
      callId: call.id,
      actorId: organiser,
      query: "etat=accepted",
      action: { kind: "message", body: "Bienvenue : la première visite aura lieu en mars." },
      appUrl: "http://t",
    });
    expect(sent).toMatchObject({ matched: 2, applied: 2 });
    const messages = await db.selectFrom("message").select("dossier_id").where("side", "=", "team").execute();
    expect(new Set(messages.map((m) => m.dossier_id))).toEqual(new Set([d[0].id, d[1].id]));
  });

  it("exports exactly the dossiers the list's query keeps", async () => {
    const db = env.services.db;
    const id = await startExport(db, env.services.storage, {
      callId: call.id,
      userId: organiser,
      format: "csv",
      locale: "fr",
      query: "etat=accepted",
    });
    await runDueJobs(db, env.services.jobHandlers, { limit: 50 });
    const e = await db.selectFrom("export_job").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(e).toMatchObject({ status: "done", total: 2, query: "etat=accepted" });
    const csv = (await env.services.storage.get(e.storage_key!)).toString("utf8");
    expect(csv).toContain(d[0].name);
    expect(csv).toContain(d[1].name);
    expect(csv).not.toContain(d[2].name);
    expect(csv).not.toContain(d[3].name);
    await expect(
      startExport(db, env.services.storage, { callId: call.id, userId: organiser, format: "csv", locale: "fr", query: "etat=declined" }),
    ).rejects.toMatchObject({ messageKey: "exports.nothingMatches" });
  });

  it("lets the process's other requests in between the dossiers of a bulk action (SQLite held them until the end)", async () => {
    const db = env.services.db;
    const bulk = applyBulk(db, services(), {
      callId: call.id,
      actorId: organiser,
      query: occitanie,
      action: { kind: "label", label: "Entre-deux" },
      appUrl: "http://t",
    });
    const { ended, value } = await endsBeforeNextTurn(bulk);
    expect(ended).toBe(false);
    expect(value).toMatchObject({ matched: 2, applied: 2 });
  });
});
