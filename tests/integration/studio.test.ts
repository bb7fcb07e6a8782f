// The call studio's domain on both databases (issue 10): a call made blank, edited, checked and published;
// two organisers at once; a call duplicated from the default call; a call file's round trip.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { defaultCall, organiserId } from "../support/dossiers";
import {
  callProblems,
  createCall,
  exportCall,
  importCall,
  publishCall,
  saveStudio,
  studioCall,
  organisedCalls,
} from "../../app/domain/calls/studio.server";
import { addQuestion } from "../../app/domain/calls/form-editing";
import { findCallById } from "../../app/domain/calls/calls.server";
import { readCallFile } from "../../app/domain/calls/call-file";
import { ptceEmploi2015 } from "../../content/calls/ptce-emploi-2015/call";

describe.each(DATABASES)("the call studio on %s", (kind) => {
  let env: TestEnv;
  let organiser: string;
  beforeAll(async () => {
    env = await testEnv(kind);
    organiser = await organiserId(env.services);
  });
  afterAll(async () => env?.close());

  it("makes a blank draft, names what is missing, and publishes it once everything is there", async () => {
    const db = env.services.db;
    const id = await createCall(db, { actorId: organiser, title: "Fonds d’initiatives locales 2027" });
    let call = await studioCall(db, id, organiser);
    expect(call.status).toBe("draft");
    expect(call.content.features).toEqual({ charter: false, community: false });
    const keys = (await callProblems(db, call)).map((p) => p.key);
    expect(keys).toEqual(expect.arrayContaining(["studio.check.noPresentation", "studio.check.noCriteria", "studio.check.noOrganiser"]));
    await expect(publishCall(db, { callId: id, actorId: organiser, revision: call.revision })).rejects.toMatchObject({
      messageKey: "studio.publishBlocked",
    });
    const rev = await saveStudio(db, {
      callId: id,
      actorId: organiser,
      revision: call.revision,
      change: (e) => ({
        ...e,
        content: {
          ...e.content,
          presentation: { fr: "Un fonds pour les initiatives locales d’emploi." },
          organiser: "Réseau des territoires",
          criteria: [{ key: "pertinence", label: { fr: "Pertinence" }, description: { fr: "" }, scale: { min: 0, max: 5 }, weight: 2 }],
        },
        form: addQuestion(e.form, "projet", "money", "Montant demandé").form,
      }),
    });
    call = await studioCall(db, id, organiser);
    expect(call.revision).toBe(rev);
    expect(await callProblems(db, call)).toEqual([]);
    await publishCall(db, { callId: id, actorId: organiser, revision: rev });
    const published = (await findCallById(db, id))!;
    expect(published.status).toBe("published");
    expect(published.formVersionId).not.toBe("");
    // Published calls are listed beside the default one.
    const listed = await organisedCalls(db, organiser);
    expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining([id, (await defaultCall(env.services)).id]));
  });

  it("tells the second of two organisers who changed the call meanwhile, and writes nothing of theirs", async () => {
    const db = env.services.db;
    const colleague = await createVerifiedUser(env.services, "Colette Collègue");
    await db.updateTable("user").set({ role: "organiser" }).where("id", "=", colleague.id).execute();
    const id = await createCall(db, { actorId: organiser, title: "Appel à deux mains" });
    const seen = (await studioCall(db, id, organiser)).revision;
    await saveStudio(db, {
      callId: id,
      actorId: colleague.id,
      revision: seen,
      change: (e) => ({ ...e, content: { ...e.content, subtitle: { fr: "Version de Colette" } } }),
    });
    await expect(
      saveStudio(db, {
        callId: id,
        actorId: organiser,
        revision: seen,
        change: (e) => ({ ...e, content: { ...e.content, subtitle: { fr: "Version de l’organisateur" } } }),
      }),
    ).rejects.toMatchObject({ messageKey: "studio.conflict", status: 409, vars: { name: "Colette Collègue" } });
    expect((await studioCall(db, id, organiser)).content.subtitle.fr).toBe("Version de Colette");
  });

  it("lets only the call's organisers open its studio", async () => {
    const db = env.services.db;
    const stranger = await createVerifiedUser(env.services, "Sam Stranger");
    const id = await createCall(db, { actorId: organiser, title: "Appel fermé aux curieux" });
    await expect(studioCall(db, id, stranger.id)).rejects.toMatchObject({ status: 404 });
    await expect(createCall(db, { actorId: stranger.id, title: "Le mien" })).rejects.toMatchObject({ status: 404 });
    expect(await organisedCalls(db, stranger.id)).toEqual([]);
  });

  it("duplicates the default call as next year's draft, with its form, grid and letters", async () => {
    const db = env.services.db;
    const ptce = await defaultCall(env.services);
    await db
      .insertInto("letter_template")
      .values({
        call_id: ptce.id,
        decision: "accepted",
        subject: "Bienvenue {initiative}",
        body: "Motivation : {motivation}",
        updated_by: organiser,
        updated_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.columns(["call_id", "decision"]).doNothing())
      .execute();
    const id = await createCall(db, { actorId: organiser, title: "PTCE Emploi 2027", fromCallId: ptce.id });
    const copy = await studioCall(db, id, organiser);
    expect(copy.slug).toBe("ptce-emploi-2027");
    expect(copy.form.sections.map((s) => s.key)).toEqual(ptceEmploi2015.form.sections.map((s) => s.key));
    expect(copy.content.criteria).toHaveLength(4);
    expect(copy.timeline.opens >= new Date().toISOString().slice(0, 10) || copy.timeline.opens === ptce.timeline.opens).toBe(true);
    const letters = await db.selectFrom("letter_template").select(["decision", "subject"]).where("call_id", "=", id).execute();
    expect(letters.find((l) => l.decision === "accepted")?.subject).toBe("Bienvenue {initiative}");
    expect(await callProblems(db, copy)).toEqual([]);
  });

  it("exports a call to a versioned file and imports it as an identical draft; a damaged file is refused with its reason", async () => {
    const db = env.services.db;
    const ptce = await defaultCall(env.services);
    const file = await exportCall(db, ptce.id, organiser);
    expect(file).toMatchObject({ format: "trame-call", formatVersion: 1, slug: "ptce-emploi-2015" });
    const raw = JSON.stringify(file);
    expect(readCallFile(raw).ok).toBe(true);
    const id = await importCall(db, { actorId: organiser, raw });
    const imported = await studioCall(db, id, organiser);
    expect(imported.status).toBe("draft");
    expect(imported.form).toEqual(file.form);
    expect(imported.content).toEqual(file.content);
    expect(JSON.stringify(await exportCall(db, id, organiser)).length).toBeGreaterThan(1000);
    await expect(importCall(db, { actorId: organiser, raw: "{pas du json" })).rejects.toMatchObject({ messageKey: "studio.import.bad" });
    await expect(importCall(db, { actorId: organiser, raw: JSON.stringify({ ...file, formatVersion: 9 }) })).rejects.toMatchObject({
      vars: { reason: expect.stringContaining("version de format 9") },
    });
    const broken = JSON.parse(raw);
    broken.form.sections[0].items[0].type = "hologram";
    const refused = readCallFile(JSON.stringify(broken));
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : refused.reason).toContain("form.sections.0.items.0");
  });
});
