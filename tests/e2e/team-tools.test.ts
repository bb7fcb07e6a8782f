// The team's everyday tools in chromium (issue 2): messages with an attachment both ways (the
// applicant's answer sent without JavaScript), private notes and labels, a saved view, the differences
// between two submitted versions with a PDF preview, and an XLSX export followed to its download. axe on every page.
import { describe, expect, it } from "vitest";
import { appAndBrowser, expectAccessible, signInPage, waitForEmail } from "../support/browser";
import { configFromEnv } from "../../app/config.server";
import { startServices } from "../../app/services.server";
import { submittedDossier } from "../support/dossiers";
import { SAMPLE_PDF } from "../support/fixtures";
import { applyOrganiserTransition, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });

describe("team tools in chromium", () => {
  it("messages, notes, labels, saved views, versions and an export", async () => {
    const app = ctx.app();
    const services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    try {
      const d = await submittedDossier(services, {
        name: "PTCE Figeac",
        files: [{ fieldKey: "enriching_documents", name: "rapport annuel.pdf", data: SAMPLE_PDF }],
      });
      await submittedDossier(services, { name: "PTCE Rennes", commune: { query: "Rennes", code: "35238" } });
      const db = services.db;
      const organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
      // A second version, after changes were asked for.
      await applyOrganiserTransition(db, {
        dossierId: d.id,
        event: "return_for_changes",
        actorId: organiser,
        note: "Précisez vos résultats en emplois.",
        appUrl: app.url,
      });
      const q = await db
        .selectFrom("answer")
        .select("version")
        .where("dossier_id", "=", d.id)
        .where("field_key", "=", "q3_experiences")
        .executeTakeFirstOrThrow();
      await saveAnswers(db, {
        dossier: await dossierForMember(db, d.owner.id, d.id),
        userId: d.owner.id,
        changes: [{ key: "q3_experiences", value: "Quarante emplois créés en insertion depuis 2011.", baseVersion: q.version }],
      });
      await submitDossier(db, { dossier: await dossierForMember(db, d.owner.id, d.id), userId: d.owner.id, locale: "fr" });

      const org = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42");
      await org.goto(`${app.url}/instruction/dossiers/${d.id}`);
      await org.getByRole("link", { name: "Comparer les 2 versions déposées" }).click();
      await org.waitForURL(/\/versions$/);
      await expect.poll(() => org.locator("ins", { hasText: "Quarante" }).count()).toBe(1);
      await expectAccessible(org, "versions");
      await org.goBack();
      await org.getByText("Aperçu de rapport annuel.pdf").click();
      const frame = org.locator("details.preview iframe");
      expect(await frame.getAttribute("src")).toContain("apercu=1");
      const preview = await org.request.get(`${app.url}${await frame.getAttribute("src")}`);
      expect(preview.headers()["content-disposition"]).toMatch(/^inline;/);
      await org.getByLabel("Nouvelle note").fill("Appeler la coordinatrice avant le comité.");
      await org.getByRole("button", { name: "Ajouter la note" }).click();
      await expect.poll(() => org.getByText("Note ajoutée.").count()).toBe(1);
      await org.getByLabel("Ajouter une étiquette").fill("à rappeler");
      await org.getByRole("button", { name: "Ajouter", exact: true }).click();
      await expect.poll(() => org.getByText("Étiquette ajoutée.").count()).toBe(1);
      await expectAccessible(org, "team dossier view with notes");

      // The organiser writes to the applicant with an attachment.
      await org.getByRole("link", { name: "Messages avec le candidat" }).click();
      await org.waitForURL(/\/messages$/);
      await expectAccessible(org, "team messages");
      await org.getByLabel("Message", { exact: true }).fill("Pouvez-vous nous envoyer vos statuts ?");
      await org.getByLabel(/Pièces jointes/).setInputFiles({ name: "modèle.pdf", mimeType: "application/pdf", buffer: SAMPLE_PDF });
      await org.getByRole("button", { name: "Envoyer le message" }).click();
      await expect.poll(() => org.getByText("Message envoyé.").count()).toBe(1);
      const note = await waitForEmail(app, d.owner.email, "Nouveau message");
      expect(note.text_body).toContain("Pouvez-vous nous envoyer vos statuts ?");

      // The applicant answers without JavaScript, with a file.
      const applicant = await signInPage(ctx.browser(), app.url, d.owner.email, d.owner.password, { javaScriptEnabled: false });
      await applicant.goto(`${app.url}/dossiers/${d.id}`);
      await applicant.getByRole("link", { name: "1 message non lu" }).click();
      await applicant.waitForURL(/\/messages$/);
      await expectAccessible(applicant, "applicant messages", { jsDisabled: true });
      await expect.poll(() => applicant.getByRole("link", { name: /modèle\.pdf/ }).count()).toBe(1);
      await applicant.getByLabel("Message", { exact: true }).fill("Voici nos statuts.");
      await applicant.getByLabel(/Pièces jointes/).setInputFiles({ name: "statuts.pdf", mimeType: "application/pdf", buffer: SAMPLE_PDF });
      await applicant.getByRole("button", { name: "Envoyer le message" }).click();
      await expect.poll(() => applicant.getByText("Message envoyé.").count()).toBe(1);
      await expect.poll(() => applicant.getByRole("link", { name: /statuts\.pdf/ }).count()).toBe(1);

      // The list shows the unread message and the label; a saved view keeps the filters.
      await org.goto(`${app.url}/admin`);
      await org.getByRole("link", { name: /Dossiers de l’appel/ }).click();
      await expect.poll(() => org.getByRole("link", { name: "1 non lu" }).count()).toBe(1);
      await org.getByLabel("Étiquette", { exact: true }).selectOption({ label: "à rappeler (1)" });
      await org.getByRole("button", { name: "Appliquer" }).click();
      await org.waitForURL(/etiquette=/);
      await expect.poll(() => org.getByText("1 dossier", { exact: true }).count()).toBe(1);
      await org.getByLabel("Enregistrer ces filtres sous le nom").fill("À rappeler");
      await org.getByRole("button", { name: "Enregistrer la vue" }).click();
      await expect.poll(() => org.getByText("Vue enregistrée.").count()).toBe(1);
      await org.goto(`${app.url}/admin`);
      await org.getByRole("link", { name: /Dossiers de l’appel/ }).click();
      await org.getByRole("link", { name: "À rappeler" }).click();
      await expect.poll(() => org.getByText("1 dossier", { exact: true }).count()).toBe(1);
      // Opened from its link (a client-side navigation), the view's filter shows in its menu, and refining
      // the view keeps it (issue 9: the menu said « Tous » and « Appliquer » dropped the saved filter).
      await expect.poll(() => org.getByLabel("Étiquette", { exact: true }).inputValue()).toBe("à rappeler");
      await org.getByLabel("Trier par").selectOption({ index: 1 });
      await org.getByRole("button", { name: "Appliquer" }).click();
      await org.waitForURL(/etiquette=/);
      await expect.poll(() => org.getByText("1 dossier", { exact: true }).count()).toBe(1);
      await expectAccessible(org, "list with saved view");

      // An XLSX export, followed to its download (progress updates by itself with JavaScript).
      await org.getByRole("link", { name: "Exports" }).click();
      await org.getByRole("button", { name: /Exporter en XLSX/ }).click();
      await org.waitForURL(/\/exports\?lance=/);
      await expectAccessible(org, "exports");
      const download = org.getByRole("link", { name: /Télécharger/ });
      await expect.poll(() => download.count(), { timeout: 20_000 }).toBe(1);
      const file = await org.request.get(`${app.url}${await download.getAttribute("href")}`);
      expect(file.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      expect((await file.body()).subarray(0, 2).toString()).toBe("PK");
    } finally {
      await services.stop();
    }
  }, 180_000);
});
