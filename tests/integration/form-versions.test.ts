// A published call's form changed after opening (issue 10), on both databases: a new version; drafts move
// to it without losing a word; organisations whose draft now lacks a required answer are told; submitted
// dossiers keep their version for display and export; changes that would misread answers are refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { organiserId } from "../support/dossiers";
import { createCall, publishCall, saveStudio, studioCall } from "../../app/domain/calls/studio.server";
import { addQuestion, removeItem, replaceItem } from "../../app/domain/calls/form-editing";
import { publishFormVersion, pendingVersion, formChangeNotice } from "../../app/domain/calls/form-versions.server";
import { findCallById } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { loadAnswers, openOrCreateDossier, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { findField, type Field } from "../../app/forms/definition";
import { addDays, parisToday } from "../../app/lib/paris-time";
import { startExport } from "../../app/domain/exports/exports.server";
import { runDueJobs } from "../../app/jobs/queue.server";
import type { DomainError } from "../../app/lib/errors";
import { plain } from "../support/text";

describe.each(DATABASES)("form versions after opening on %s", (kind) => {
  let env: TestEnv;
  let organiser: string;
  beforeAll(async () => {
    env = await testEnv(kind);
    organiser = await organiserId(env.services);
  });
  afterAll(async () => env?.close());

  /** A small open call: a name, an amount, a kind of structure; published. */
  async function openCall(title: string) {
    const db = env.services.db;
    const id = await createCall(db, { actorId: organiser, title });
    const call = await studioCall(db, id, organiser);
    const today = parisToday();
    const rev = await saveStudio(db, {
      callId: id,
      actorId: organiser,
      revision: call.revision,
      change: (e) => {
        let form = addQuestion(e.form, "projet", "money", "Montant demandé").form;
        form = addQuestion(form, "projet", "choice", "Forme juridique").form;
        form = addQuestion(form, "projet", "longtext", "Historique du projet").form;
        return {
          content: {
            ...e.content,
            organiser: "Fondation",
            presentation: { fr: "Un appel." },
            criteria: [{ key: "c", label: { fr: "Critère" }, description: { fr: "" }, scale: { min: 0, max: 4 } }],
          },
          timeline: { ...e.timeline, opens: addDays(today, -2), deadline: addDays(today, 20), answers: addDays(today, 40) },
          form,
        };
      },
    });
    await publishCall(db, { callId: id, actorId: organiser, revision: rev });
    return id;
  }

  async function applicant(callId: string, name: string, answers: Record<string, unknown>) {
    const db = env.services.db;
    const user = await createVerifiedUser(env.services, name);
    const org = await createOrganisation(db, { name: `Asso ${name}`, userId: user.id });
    const call = (await findCallById(db, callId))!;
    const id = await openOrCreateDossier(db, { call, organizationId: org, userId: user.id });
    await saveAnswers(db, {
      dossier: await dossierForMember(db, user.id, id),
      userId: user.id,
      changes: Object.entries(answers).map(([key, value]) => ({ key, value, baseVersion: 0 })),
    });
    return { user, id };
  }

  it("moves drafts to the new version with every answer, tells those who now lack a required answer, and keeps submitted versions", async () => {
    const db = env.services.db;
    const callId = await openCall("Fonds d’amorçage");
    const v1 = (await findCallById(db, callId))!.formVersionId;
    const draft = await applicant(callId, "Brouillon", {
      nom_du_projet: "Jardin partagé",
      montant_demande: "12 000 €",
      historique_du_projet: "Né en 2019 d’un collectif d’habitants.",
    });
    const done = await applicant(callId, "Déposé", { nom_du_projet: "Recyclerie", montant_demande: "8000", forme_juridique: "option_1" });
    expect(
      (await submitDossier(db, { dossier: await dossierForMember(db, done.user.id, done.id), userId: done.user.id, locale: "fr" })).status,
    ).toBe("submitted");

    // The organiser adds a required question and removes the history question.
    const before = await studioCall(db, callId, organiser);
    const rev = await saveStudio(db, {
      callId,
      actorId: organiser,
      revision: before.revision,
      change: (e) => {
        const { form, key } = addQuestion(removeItem(e.form, "historique_du_projet"), "projet", "text", "Commune d’implantation");
        return { ...e, form: replaceItem(form, key, { ...(findField(form, key) as Field), required: true }) };
      },
    });
    const pending = await pendingVersion(db, await studioCall(db, callId, organiser));
    expect(pending.added.map((f) => f.key)).toEqual(["commune_d_implantation"]);
    expect(pending.removed.map((f) => f.key)).toEqual(["historique_du_projet"]);
    expect(pending.drafts).toBe(1);
    const outcome = await publishFormVersion(db, { callId, actorId: organiser, revision: rev, appUrl: "http://t" });
    expect(outcome).toEqual({ version: 2, migrated: 1, told: 1 });

    // The draft is on version 2 and has lost nothing; it is told what is now asked, on its page and by e-mail.
    const moved = await db.selectFrom("dossier").select(["form_version_id", "state"]).where("id", "=", draft.id).executeTakeFirstOrThrow();
    const v2 = (await findCallById(db, callId))!.formVersionId;
    expect(moved.form_version_id).toBe(v2);
    const kept = await loadAnswers(db, draft.id);
    expect(kept.historique_du_projet?.value).toBe("Né en 2019 d’un collectif d’habitants.");
    expect(kept.montant_demande?.value).toBe("12 000 €");
    expect(await formChangeNotice(db, { id: draft.id, form_version_id: v2, state: "draft" })).toEqual([
      { key: "commune_d_implantation", label: "Commune d’implantation" },
    ]);
    await runDueJobs(db, env.services.jobHandlers);
    const mail = await db
      .selectFrom("email")
      .select(["subject", "text_body"])
      .where("to_addr", "=", draft.user.email)
      .where("subject", "like", "Le formulaire de l’appel%")
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain("• Commune d’implantation");
    // The draft cannot be submitted without the new answer, then can.
    expect(
      (await submitDossier(db, { dossier: await dossierForMember(db, draft.user.id, draft.id), userId: draft.user.id, locale: "fr" }))
        .status,
    ).toBe("incomplete");
    await saveAnswers(db, {
      dossier: await dossierForMember(db, draft.user.id, draft.id),
      userId: draft.user.id,
      changes: [{ key: "commune_d_implantation", value: "Figeac", baseVersion: 0 }],
    });
    expect(
      (await submitDossier(db, { dossier: await dossierForMember(db, draft.user.id, draft.id), userId: draft.user.id, locale: "fr" }))
        .status,
    ).toBe("submitted");

    // The submitted dossier keeps version 1.
    const sub = await db.selectFrom("submission").select("form_version_id").where("dossier_id", "=", done.id).executeTakeFirstOrThrow();
    expect(sub.form_version_id).toBe(v1);

    // The export has one column per question of every version: the removed question's answer is still there.
    const exportId = await startExport(db, env.services.storage, { callId, userId: organiser, format: "csv", locale: "fr" });
    await runDueJobs(db, env.services.jobHandlers, { limit: 20 });
    const job = await db.selectFrom("export_job").select(["status", "storage_key"]).where("id", "=", exportId).executeTakeFirstOrThrow();
    expect(job.status).toBe("done");
    const csv = (await env.services.storage.get(job.storage_key!)).toString("utf8");
    expect(csv).toContain("Questions retirées du formulaire — Historique du projet");
    expect(csv).toContain("Né en 2019 d’un collectif d’habitants.");
    expect(csv).toContain("Commune d’implantation");
  });

  it("refuses a version that would misread answers already given, saying why", async () => {
    const db = env.services.db;
    const callId = await openCall("Fonds prudent");
    await applicant(callId, "Choix", { nom_du_projet: "Atelier", forme_juridique: "option_2" });
    let rev = (await studioCall(db, callId, organiser)).revision;
    // The option a draft chose disappears.
    rev = await saveStudio(db, {
      callId,
      actorId: organiser,
      revision: rev,
      change: (e) => {
        const f = findField(e.form, "forme_juridique") as Extract<Field, { type: "choice" }>;
        return {
          ...e,
          form: replaceItem(e.form, f.key, { ...f, options: [f.options[0], { value: "option_3", label: { fr: "Option 3" } }] }),
        };
      },
    });
    const refused = await publishFormVersion(db, { callId, actorId: organiser, revision: rev, appUrl: "http://t" }).catch(
      (e: DomainError) => e,
    );
    expect(refused).toMatchObject({ messageKey: "studio.version.unsafe" });
    expect(plain(String((refused as DomainError).vars?.reason))).toContain(
      "l’option « Option 2 » de « Forme juridique » est retirée alors que 1 brouillon la choisit",
    );
    // A question changes type.
    rev = await saveStudio(db, {
      callId,
      actorId: organiser,
      revision: rev,
      change: (e) => {
        const f = findField(e.form, "montant_demande")!;
        return { ...e, form: replaceItem(e.form, f.key, { key: f.key, label: f.label, type: "text" }) };
      },
    });
    const pending = await pendingVersion(db, await studioCall(db, callId, organiser));
    expect(pending.unsafe.map((u) => u.key)).toContain("studio.version.typeChanged");
    // Nothing moved.
    expect((await findCallById(db, callId))!.formVersionId).toBe(
      (await db.selectFrom("form_version").select("id").where("call_id", "=", callId).where("version", "=", 1).executeTakeFirstOrThrow())
        .id,
    );
  });
});
