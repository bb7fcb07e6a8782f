// Limits that protect the disk (issue 8) on both databases: answers and dossiers capped by the form
// definition and refused with the field's name, autosave revisions coalesced per person and per few
// minutes while the last text and every submitted version are kept whole.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser } from "../support/services";
import { sessionCookie, startBuiltServer, type RunningServer } from "../support/server";
import { findCallBySlug, type Call } from "../../app/domain/calls/calls.server";
import { createOrganisation, inviteMember, acceptInvitation } from "../../app/domain/organisations/organisations.server";
import { answerHistory, loadAnswers, openOrCreateDossier, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { asChanges, completeAnswers, SAMPLE_PDF } from "../support/fixtures";
import { newId } from "../../app/lib/ids";
import { plain } from "../support/text";

describe.each(DATABASES)("limits on %s", (kind) => {
  let srv: RunningServer;
  let call: Call;
  const db = () => srv.services.db;
  const post = (path: string, body: Record<string, string>, cookie: string) =>
    fetch(`${srv.url}${path}`, {
      method: "POST",
      body: new URLSearchParams(body),
      headers: { origin: srv.url, cookie },
      redirect: "manual",
    });

  async function newDossier(name: string) {
    const owner = await createVerifiedUser(srv.services, `Porteur ${name}`);
    const org = await createOrganisation(db(), { name, userId: owner.id });
    const id = await openOrCreateDossier(db(), { call, organizationId: org, userId: owner.id });
    return { id, org, owner, dossier: () => dossierForMember(db(), owner.id, id) };
  }

  beforeAll(async () => {
    srv = await startBuiltServer(kind);
    call = (await findCallBySlug(db(), "ptce-emploi-2015"))!;
  });
  afterAll(async () => srv?.close());

  it("refuses a 1.9 MB answer by autosave with the field's name, and keeps what was saved", async () => {
    const d = await newDossier("PTCE Bavard");
    const cookie = await sessionCookie(srv.services, d.owner.email, d.owner.password);
    const ok = await fetch(`${srv.url}/api/dossiers/${d.id}/answers`, {
      method: "POST",
      body: new URLSearchParams({ _fields: "q1_issues", "f.q1_issues": "Un texte raisonnable.", "v.q1_issues": "0" }),
      headers: { origin: srv.url, cookie },
    });
    expect(ok.status).toBe(200);
    const huge = "Beaucoup trop long. ".repeat(95_000);
    const res = await fetch(`${srv.url}/api/dossiers/${d.id}/answers`, {
      method: "POST",
      body: new URLSearchParams({ _fields: "q1_issues", "f.q1_issues": huge, "v.q1_issues": "1" }),
      headers: { origin: srv.url, cookie },
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: string };
    expect(plain(body.error)).toContain("« 1. Quelles sont les problématiques");
    expect(body.error).toContain("20000 au plus");
    expect((await loadAnswers(db(), d.id)).q1_issues.value).toBe("Un texte raisonnable.");
  });

  it("refuses an over-long answer posted without JavaScript, names the field and gives the text back", async () => {
    const d = await newDossier("PTCE Sans JS");
    const cookie = await sessionCookie(srv.services, d.owner.email, d.owner.password);
    const name = "N".repeat(201);
    const res = await post(
      `/dossiers/${d.id}/parties/identite`,
      { _fields: "ptce_name", "f.ptce_name": name, "v.ptce_name": "0", intent: "save" },
      cookie,
    );
    expect(res.status).toBe(200);
    const html = plain(await res.text());
    expect(html).toContain("« Nom du PTCE ou de l’initiative » : 201 caractères, pour 200 au plus");
    expect(html).toContain(`value="${name}"`);
    expect((await loadAnswers(db(), d.id)).ptce_name).toBeUndefined();
    // The limit is shown next to the field.
    const page = await (await fetch(`${srv.url}/dossiers/${d.id}/parties/identite`, { headers: { cookie } })).text();
    expect(page).toContain("200 caractères au plus");
  });

  it("takes the chosen file with an ordinary save, and says plainly when a refused save did not", async () => {
    const d = await newDossier("PTCE Fichier Choisi");
    const cookie = await sessionCookie(srv.services, d.owner.email, d.owner.password);
    const form = (name: string) => {
      const f = new FormData();
      f.set("_fields", "ptce_name");
      f.set("f.ptce_name", name);
      f.set("v.ptce_name", "0");
      f.set("intent", "save");
      f.set("file.enriching_documents", new Blob([new Uint8Array(SAMPLE_PDF)], { type: "application/pdf" }), "budget prévisionnel.pdf");
      return f;
    };
    const post = (body: FormData) =>
      fetch(`${srv.url}/dossiers/${d.id}/parties/documents`, {
        method: "POST",
        body,
        headers: { origin: srv.url, cookie },
        redirect: "manual",
      });
    // A refused save (an answer too long) attaches nothing, and says so for the file.
    const refused = await (await post(form("N".repeat(201)))).text();
    expect(refused).toContain("« budget prévisionnel.pdf » — non joint, car l’enregistrement a été refusé");
    expect(await db().selectFrom("attachment").select("id").where("dossier_id", "=", d.id).execute()).toHaveLength(0);
    // « Enregistrer le brouillon » with a chosen file: the answer and the file are both kept.
    const saved = await post(form("PTCE Fichier Choisi"));
    expect(saved.status).toBe(200);
    expect(plain(await saved.text())).toContain("Fichier « budget prévisionnel.pdf » joint.");
    const files = await db().selectFrom("attachment").select(["safe_name", "field_key"]).where("dossier_id", "=", d.id).execute();
    expect(files).toEqual([{ safe_name: "budget prévisionnel.pdf", field_key: "enriching_documents" }]);
    expect((await loadAnswers(db(), d.id)).ptce_name.value).toBe("PTCE Fichier Choisi");
  });

  it("refuses rows beyond a group's maximum and a dossier beyond its total, from the form definition", async () => {
    const d = await newDossier("PTCE Limité");
    const version = await db()
      .selectFrom("form_version")
      .select(["definition_json", "call_id", "version"])
      .where("id", "=", (await d.dossier()).form_version_id)
      .executeTakeFirstOrThrow();
    const def = { ...JSON.parse(version.definition_json), maxDossierCharacters: 2000 };
    const small = newId();
    await db()
      .insertInto("form_version")
      .values({
        id: small,
        call_id: version.call_id,
        version: version.version + 100,
        definition_json: JSON.stringify(def),
        created_at: new Date().toISOString(),
      })
      .execute();
    await db().updateTable("dossier").set({ form_version_id: small }).where("id", "=", d.id).execute();
    await saveAnswers(db(), {
      dossier: await d.dossier(),
      userId: d.owner.id,
      changes: [{ key: "q1_issues", value: "x".repeat(1500), baseVersion: 0 }],
    });
    await expect(
      saveAnswers(db(), {
        dossier: await d.dossier(),
        userId: d.owner.id,
        changes: [{ key: "q2_objectives", value: "y".repeat(600), baseVersion: 0 }],
      }),
    ).rejects.toMatchObject({
      messageKey: "answer.dossierFull",
      status: 413,
    });
    // Replacing the same answer by a text of the same size is fine: the total counts each answer once.
    const same = await saveAnswers(db(), {
      dossier: await d.dossier(),
      userId: d.owner.id,
      changes: [{ key: "q1_issues", value: "z".repeat(1500), baseVersion: 1 }],
    });
    expect(same[0].status).toBe("saved");
    const rows = Array.from({ length: 51 }, (_, i) => ({ name: `Partenaire ${i}` }));
    // The call allows 50 funders.
    await expect(
      saveAnswers(db(), { dossier: await d.dossier(), userId: d.owner.id, changes: [{ key: "funders", value: rows, baseVersion: 0 }] }),
    ).rejects.toMatchObject({
      messageKey: "answer.tooManyRows",
      vars: { max: 50, count: 51 },
    });
  });

  it("keeps one revision per person per answer every few minutes, the last text always, and submitted versions whole", async () => {
    const d = await newDossier("PTCE Révisions");
    const colleague = await createVerifiedUser(srv.services, "Colette Collègue");
    const { token } = await inviteMember(db(), { organizationId: d.org, email: colleague.email, invitedBy: d.owner.id });
    await acceptInvitation(db(), { token, userId: colleague.id });
    const t0 = Date.now() - 30 * 60_000;
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    let version = 0;
    const save = async (userId: string, value: string, minutes: number) => {
      const r = await saveAnswers(db(), {
        dossier: await d.dossier(),
        userId,
        changes: [{ key: "q4_projects", value, baseVersion: version }],
        now: at(minutes),
      });
      expect(r[0].status).toBe("saved");
      version = r[0].version;
    };
    // Forty autosaves in four minutes by the owner: one revision, holding the last text.
    for (let i = 0; i < 40; i++) await save(d.owner.id, `Brouillon ${i}`, i * 0.1);
    expect((await answerHistory(db(), d.id, "q4_projects")).map((h) => h.value)).toEqual(["Brouillon 39"]);
    // A colleague's save is a revision of its own; then the owner again, later: another.
    await save(colleague.id, "Texte de Colette", 5);
    await save(d.owner.id, "Reprise 1", 6);
    await save(d.owner.id, "Reprise 2", 7);
    await save(d.owner.id, "Reprise 3", 13);
    const history = await answerHistory(db(), d.id, "q4_projects");
    expect(history.map((h) => h.value)).toEqual(["Reprise 3", "Reprise 2", "Texte de Colette", "Brouillon 39"]);
    expect(history.map((h) => h.saved_by_name)).toEqual([
      "Porteur PTCE Révisions",
      "Porteur PTCE Révisions",
      "Colette Collègue",
      "Porteur PTCE Révisions",
    ]);
    expect((await loadAnswers(db(), d.id)).q4_projects.value).toBe("Reprise 3");
    // The submitted version keeps every answer whole, whatever autosave coalesced.
    const answers = { ...completeAnswers(), q4_projects: "Reprise 3" };
    delete (answers as Record<string, unknown>).q4_projects;
    await saveAnswers(db(), { dossier: await d.dossier(), userId: d.owner.id, changes: asChanges(answers) });
    const submitted = await submitDossier(db(), { dossier: await d.dossier(), userId: d.owner.id, locale: "fr" });
    expect(submitted.status).toBe("submitted");
    const sub = await db().selectFrom("submission").select("answers_json").where("dossier_id", "=", d.id).executeTakeFirstOrThrow();
    expect(JSON.parse(sub.answers_json).q4_projects).toBe("Reprise 3");
  });
});
