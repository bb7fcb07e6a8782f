// Issue 10, end to end in chromium: an organiser builds a *different* call entirely through the studio — a
// call for projects with grants: a budget table that must balance, an amount requested, a deadline at 23:59,
// three eligibility conditions, a weighted three-criterion grid, no charter and no community — and publishes
// it; an applicant applies and submits; the organiser filters the list by that call's own fields, a reviewer
// scores, the organiser decides and sends letters that use the call's placeholders, and exports CSV and XLSX
// with its own columns. Then a required question is added to the open call and a draft moves to it. axe on
// every studio page; one part is done with the keyboard alone.
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import ExcelJS from "exceljs";
import { appAndBrowser, expectAccessible, signInPage, waitForEmail } from "../support/browser";
import { configFromEnv } from "../../app/config.server";
import { startServices, type Services } from "../../app/services.server";
import { createVerifiedUser } from "../support/services";
import { addCallMember } from "../../app/domain/review/reviews.server";
import { assignManually } from "../../app/domain/review/team.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { openOrCreateDossier, saveAnswers } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { findCallBySlug } from "../../app/domain/calls/calls.server";
import { addDays, parisToday } from "../../app/lib/paris-time";
import { plain } from "../support/text";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });

/** Presses Tab until `target` has the focus: the keyboard alone reaches it (fails after 300 presses). */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 300; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("not reachable by keyboard");
}

async function saved(page: Page) {
  await expect.poll(() => page.getByText("Enregistré.").count()).toBeGreaterThan(0);
}

describe("a call for projects built in the studio", () => {
  it("from a blank call to letters, exports and a new form version", async () => {
    const app = ctx.app();
    const services: Services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    try {
      const org = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42");
      await org.goto(`${app.url}/admin`);
      await org.getByRole("link", { name: "Mes appels" }).click();
      await org.waitForURL(/\/admin\/appels$/);
      await expectAccessible(org, "my calls");
      await org.getByLabel("Titre du nouvel appel").fill("Fonds pour l’emploi local 2027");
      await org.getByRole("button", { name: "Créer un appel" }).click();
      await org.waitForURL(/\/studio\?notice=created/);
      const studio = org.url().replace(/\?.*$/, "");
      await expectAccessible(org, "studio overview (new call)");
      expect(await org.getByText(/La présentation de l’appel est vide/).count()).toBe(1);

      // Texts, with three eligibility conditions and a preview before saving.
      await org.getByRole("link", { name: "Textes" }).click();
      await org.waitForURL(/\/textes$/);
      await expectAccessible(org, "studio texts");
      await org.locator("#text-subtitle-fr").fill("Soutenir les projets qui créent des emplois durables sur le territoire");
      await org
        .locator("#text-presentation-fr")
        .fill(
          "Le fonds soutient des projets d’emploi local portés par des structures de l’économie sociale et solidaire, jusqu’au {deadline}.",
        );
      await org
        .locator("#text-conditions-fr")
        .fill("Être une structure de l’ESS.\n\nAvoir son siège dans la région.\n\nPrésenter un budget équilibré.");
      await org.locator("#text-title-en").fill("Local employment fund 2027");
      await org.getByRole("button", { name: "Aperçu sans enregistrer" }).click();
      await expect.poll(() => org.getByRole("heading", { name: "Aperçu de la page publique" }).count()).toBe(1);
      expect(await org.getByRole("heading", { name: "Les conditions" }).count()).toBe(1);
      expect(await org.locator(".preview-frame li").filter({ hasText: "Présenter un budget équilibré." }).count()).toBe(1);
      await expectAccessible(org, "studio texts with preview");
      expect(await org.locator("#text-conditions-fr").inputValue()).toContain("Présenter un budget équilibré.");
      await org.getByRole("button", { name: "Enregistrer", exact: true }).click();
      await saved(org);

      // Timeline: open today, deadline in three weeks at 23:59.
      await org.getByRole("link", { name: "Calendrier" }).click();
      await org.waitForURL(/\/calendrier$/);
      await expectAccessible(org, "studio timeline");
      const today = parisToday();
      await org.getByLabel("Ouverture des dépôts").fill(today);
      await org.getByLabel("Date limite de dépôt").fill(addDays(today, 21));
      await org.getByLabel("Date des réponses").fill(addDays(today, 45));
      expect(await org.getByLabel("Fin de journée (23 h 59)").isChecked()).toBe(true);
      await org.getByRole("button", { name: "Enregistrer", exact: true }).click();
      await saved(org);
      expect(plain(await org.locator("body").innerText())).toMatch(/acceptés jusqu’au .* à 23 h 59 inclus/);

      // Settings: who runs it; no charter, no community.
      await org.getByRole("link", { name: "Paramètres" }).click();
      await org.waitForURL(/\/parametres$/);
      await expectAccessible(org, "studio settings");
      await org.getByLabel("Organisme qui porte l’appel").fill("Fondation Territoires Solidaires");
      expect(await org.getByLabel(/Les retenus signent une charte/).isChecked()).toBe(false);
      expect(await org.getByLabel(/Les retenus forment une communauté apprenante/).isChecked()).toBe(false);
      await org.getByLabel("Nombre de dossiers à retenir").fill("5");
      await org.getByRole("button", { name: "Enregistrer", exact: true }).click();
      await saved(org);

      // The form: an amount requested, a kind of structure and a budget table that must balance.
      await org.getByRole("link", { name: "Formulaire" }).click();
      await org.waitForURL(/\/formulaire$/);
      await expectAccessible(org, "studio form");
      const addQuestion = async (label: string, type: string) => {
        await org.getByLabel("Intitulé de la question").fill(label);
        await org.getByLabel("Type de réponse").selectOption({ label: type });
        await org.getByRole("button", { name: "Ajouter", exact: true }).click();
        await expect.poll(() => org.locator("li[data-question] strong").filter({ hasText: label }).count()).toBe(1);
      };
      await addQuestion("Montant demandé", "Montant en euros");
      await addQuestion("Type de structure", "Choix unique dans une liste");
      await addQuestion("Budget prévisionnel", "Tableau avec totaux (budget…)");

      await org.getByRole("link", { name: "Modifier « Montant demandé »" }).click();
      await org.waitForURL(/\/formulaire\/montant_demande$/);
      await expectAccessible(org, "studio question (money)");
      await org.getByLabel("Réponse obligatoire").check();
      await org.getByLabel("Filtre dans la liste des dossiers").check();
      await org.getByLabel("Ce que la réponse signifie pour la plateforme").selectOption("amountRequested");
      await org.getByLabel("Maximum").fill("50 000");
      await org.getByRole("button", { name: "Enregistrer et revenir au formulaire" }).click();
      await org.waitForURL(/\/formulaire$/);

      await org.getByRole("link", { name: "Modifier « Type de structure »" }).click();
      await org.getByLabel("Options (une par ligne)").fill("Association\nCoopérative\nCollectivité");
      await org.getByLabel("Réponse obligatoire").check();
      await org.getByLabel("Filtre dans la liste des dossiers").check();
      await org.getByRole("button", { name: "Enregistrer", exact: true }).click();
      await expect.poll(() => org.getByText("Question enregistrée.").count()).toBe(1);
      await expectAccessible(org, "studio question (choice)");
      await org.getByRole("link", { name: "← Retour au formulaire" }).click();

      await org.getByRole("link", { name: "Modifier « Budget prévisionnel »" }).click();
      await org.getByLabel(/^Colonnes/).fill("Poste ; texte ; obligatoire\nDépenses ; montant ; total\nRessources ; montant ; total");
      await org.getByLabel("Réponse obligatoire").check();
      await org.getByRole("button", { name: "Enregistrer", exact: true }).click();
      await expect.poll(() => org.getByText("Question enregistrée.").count()).toBe(1);
      await org.getByLabel("Total de la colonne", { exact: true }).selectOption({ label: "Ressources" });
      await org.getByLabel("doit être", { exact: true }).selectOption({ label: "égal à" });
      await org.getByLabel("au total de la colonne", { exact: true }).selectOption({ label: "Dépenses" });
      await org.getByRole("button", { name: "Enregistrer et revenir au formulaire" }).click();
      await org.waitForURL(/\/formulaire$/);

      // By keyboard alone: a question added, then moved up above the budget.
      await tabTo(org, org.getByLabel("Intitulé de la question"));
      await org.keyboard.type("Nombre d’emplois créés");
      await org.keyboard.press("Tab");
      await org.keyboard.type("Nombre");
      await tabTo(org, org.getByRole("button", { name: "Ajouter", exact: true }));
      await org.keyboard.press("Enter");
      await expect.poll(() => org.locator("li[data-question] strong").filter({ hasText: "Nombre d’emplois créés" }).count()).toBe(1);
      await tabTo(org, org.getByRole("button", { name: "Monter « Nombre d’emplois créés »" }));
      await org.keyboard.press("Enter");
      await expect
        .poll(async () => (await org.locator("li[data-question] strong").allInnerTexts()).join(" | "))
        .toBe("Nom du projet | Montant demandé | Type de structure | Nombre d’emplois créés | Budget prévisionnel");
      // And by dragging: the type of structure goes first.
      await org.locator("li[data-question='type_de_structure']").dragTo(org.locator("li[data-question='nom_du_projet']"));
      await expect
        .poll(async () => (await org.locator("li[data-question] strong").allInnerTexts()).join(" | "))
        .toBe("Type de structure | Nom du projet | Montant demandé | Nombre d’emplois créés | Budget prévisionnel");
      await expectAccessible(org, "studio form with questions");
      // A block of explanation between questions, with its own text.
      await addQuestion("Avant le budget", "Texte d’explication (sans réponse)");
      await org.getByRole("link", { name: "Modifier « Avant le budget »" }).click();
      await org.getByLabel("Texte (français)").fill("Les montants s’entendent toutes taxes comprises.");
      await expectAccessible(org, "studio explanation editor");
      await org.getByRole("button", { name: "Enregistrer et revenir au formulaire" }).click();
      await org.waitForURL(/\/formulaire$/);

      // A weighted three-criterion grid.
      await org.getByRole("link", { name: "Grille d’évaluation" }).click();
      await org.waitForURL(/\/grille$/);
      const criteria = [
        ["Impact sur l’emploi", "2"],
        ["Solidité du budget", "1"],
        ["Ancrage territorial", "1"],
      ];
      for (const [i, [label, weight]] of criteria.entries()) {
        await org.locator(`#c-${i}-label\\.fr`).fill(label);
        await org.locator(`#c-${i}-weight`).fill(weight);
        if (i < 2) {
          await org.getByRole("button", { name: "Ajouter un critère" }).click();
          await expect.poll(() => org.locator(`#c-${i + 1}-label\\.fr`).count()).toBe(1);
        }
      }
      await org.getByRole("button", { name: "Enregistrer", exact: true }).click();
      await saved(org);
      await expectAccessible(org, "studio grid");
      expect(await org.getByText("Poids total : 4.").count()).toBe(1);

      // A letter that uses the call's placeholders.
      await org.getByRole("link", { name: "Lettres de réponse" }).click();
      await org.waitForURL(/\/lettres$/);
      await expectAccessible(org, "studio letters");
      const accepted = org.locator("section").filter({ has: org.getByRole("heading", { name: "Votre candidature est retenue" }) });
      await accepted
        .getByLabel("Texte")
        .fill(
          "Bonjour {contact},\n\nLe projet « {initiative} » reçoit {montant} du fonds « {appel} ».\n\nMotivation : {motivation}\n\n{signataire}",
        );
      await accepted.getByRole("button", { name: "Enregistrer", exact: true }).click();
      await saved(org);

      // The applicant's preview: the real form, checked, nothing stored.
      await org.getByRole("link", { name: "Aperçu candidat" }).click();
      await org.waitForURL(/\/apercu$/);
      await expectAccessible(org, "studio applicant preview");
      await org.getByLabel("Nom du projet").fill("Essai");
      await org.getByLabel("Montant demandé").fill("10 000 €");
      await org.getByLabel("Ligne 1 — Poste").fill("Salaires");
      await org.getByLabel("Ligne 1 — Dépenses").fill("10 000");
      await org.getByRole("button", { name: /Vérifier mes réponses/ }).click();
      await expect.poll(() => org.getByText(/doit être égal au total/).count()).toBeGreaterThan(0);
      expect(plain(await org.locator(".error-summary").innerText())).toContain(
        "Le total « Ressources » (0 €) doit être égal au total « Dépenses » (10 000 €)",
      );
      await expectAccessible(org, "studio applicant preview with problems");

      // Everything checked: publish.
      await org.getByRole("link", { name: "Vue d’ensemble" }).click();
      await expect.poll(() => org.getByText("Tout est prêt : l’appel peut être publié.").count()).toBe(1);
      await org.getByRole("button", { name: "Publier l’appel" }).click();
      await expect.poll(() => org.getByText("L’appel est publié.").count()).toBe(1);
      await expectAccessible(org, "studio overview (published)");
      const call = (await findCallBySlug(services.db, "fonds-pour-l-emploi-local-2027"))!;
      expect(call.status).toBe("published");
      expect(call.content.features).toEqual({ charter: false, community: false });

      // An applicant finds it beside the default call, applies and submits.
      const person = await createVerifiedUser(services, "Inès Initiative");
      const applicant = await signInPage(ctx.browser(), app.url, person.email, person.password);
      await applicant.goto(app.url);
      await applicant
        .getByRole("link", { name: /Fonds pour l’emploi local 2027/ })
        .first()
        .click();
      await applicant.waitForURL(/\/appels\/fonds-pour-l-emploi-local-2027$/);
      await expectAccessible(applicant, "the new call's page");
      expect(plain(await applicant.locator("body").innerText())).toContain("à 23 h 59");
      expect(await applicant.getByText(/Communauté apprenante/).count()).toBe(0);
      await applicant.getByRole("link", { name: "Candidater" }).click();
      await applicant.getByLabel(/Nom de l’organisation/).fill("Atelier Vélo Solidaire");
      await applicant.getByRole("button", { name: /Créer l’organisation/ }).click();
      await applicant.waitForURL(/\/dossiers\/[0-9a-f-]+$/);
      const dossierUrl = applicant.url();
      await applicant.getByRole("link", { name: "Le projet" }).click();
      await applicant.waitForURL(/\/parties\/projet$/);
      await expect.poll(() => applicant.getByText("Les montants s’entendent toutes taxes comprises.").count()).toBe(1);
      await applicant.getByLabel("Association").check();
      await applicant.getByLabel("Nom du projet").fill("Atelier vélo d’insertion");
      await applicant.getByLabel("Montant demandé").fill("15 000 €");
      await applicant.getByLabel("Nombre d’emplois créés").fill("3");
      await applicant.getByLabel("Ligne 1 — Poste").fill("Salaires");
      await applicant.getByLabel("Ligne 1 — Dépenses").fill("15 000");
      await applicant.getByRole("button", { name: "Ajouter une ligne" }).click();
      await expect.poll(() => applicant.getByLabel("Ligne 2 — Poste").count()).toBe(1);
      await applicant.getByLabel("Ligne 2 — Poste").fill("Subvention demandée");
      await applicant.getByLabel("Ligne 2 — Ressources").fill("12 000");
      // Totals follow typing; the unbalanced budget is named on saving and nothing typed is lost.
      await expect.poll(async () => plain(await applicant.locator("[data-total-for='ressources']").innerText())).toBe("12 000 €");
      await applicant.getByRole("button", { name: "Enregistrer le brouillon" }).click();
      await expect.poll(() => applicant.getByText(/doit être égal au total/).count()).toBeGreaterThan(0);
      await expectAccessible(applicant, "applicant part with an unbalanced budget");
      expect(await applicant.getByLabel("Ligne 2 — Ressources").inputValue()).toBe("12 000");
      await applicant.getByLabel("Ligne 2 — Ressources").fill("15 000");
      await applicant.getByRole("button", { name: "Enregistrer le brouillon" }).click();
      await expect.poll(() => applicant.getByText(/Brouillon enregistré à/).count()).toBeGreaterThan(0);
      await applicant.goto(dossierUrl);
      await applicant.getByLabel("Je confirme que les informations sont exactes").check();
      await applicant.getByRole("button", { name: "Déposer le dossier" }).click();
      await expect.poll(() => applicant.getByText(/Dossier déposé \(dépôt n° 1\)/).count()).toBe(1);
      await expectAccessible(applicant, "submitted dossier of the new call");
      const dossierId = /\/dossiers\/([0-9a-f-]+)/.exec(dossierUrl)![1];

      // The organiser filters the list by the call's own fields.
      await org.goto(`${app.url}/admin/appels/${call.id}`);
      await expectAccessible(org, "the new call's list");
      expect(await org.getByLabel("Région").count()).toBe(0);
      await org.getByLabel("Type de structure").selectOption({ label: "Coopérative" });
      await org.getByRole("button", { name: "Appliquer" }).click();
      await expect
        .poll(() =>
          org
            .getByText("Aucun dossier")
            .or(org.getByText(/^0 dossier/))
            .count(),
        )
        .toBeGreaterThan(0);
      await org.getByLabel("Type de structure").selectOption({ label: "Association" });
      await org.getByRole("group", { name: "Montant demandé" }).getByLabel("Au moins").fill("10 000");
      await org.getByRole("button", { name: "Appliquer" }).click();
      await expect.poll(() => org.getByRole("link", { name: "Atelier vélo d’insertion" }).count()).toBe(1);
      expect(plain(await org.locator("table.data-table").innerText())).toContain("15 000 €");

      // A reviewer scores on the weighted grid.
      const reviewer = await createVerifiedUser(services, "Romain Relecteur");
      const organiserId = (
        await services.db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()
      ).id;
      await addCallMember(services.db, { callId: call.id, userId: reviewer.id, role: "reviewer", actorId: organiserId });
      await assignManually(services.db, { dossierId, reviewerId: reviewer.id, actorId: organiserId });
      const rev = await signInPage(ctx.browser(), app.url, reviewer.email, reviewer.password);
      await rev.goto(`${app.url}/instruction/dossiers/${dossierId}`);
      await rev.getByLabel("Impact sur l’emploi (0–4)").selectOption("4");
      await rev.getByLabel("Solidité du budget (0–4)").selectOption("1");
      await rev.getByLabel("Ancrage territorial (0–4)").selectOption("1");
      await rev.getByLabel("Commentaire").fill("Un projet solide sur l’emploi, un budget à consolider.");
      await rev.getByRole("button", { name: "Enregistrer l’évaluation" }).click();
      // Wait for the saved page: the organiser reads the score next, and a scan mid-navigation proves nothing.
      await expect.poll(() => rev.getByText("Évaluation enregistrée.").count()).toBe(1);
      await expectAccessible(rev, "review on the new call's grid");

      // The organiser decides, then sends the letter with the call's placeholders.
      await org.goto(`${app.url}/instruction/dossiers/${dossierId}`);
      expect(plain(await org.locator("body").innerText())).toContain("2,50");
      await org.getByLabel("Retenir", { exact: true }).check();
      await org.getByLabel("Motivation ou message au candidat").fill("Un projet qui crée trois emplois durables.");
      await org.getByRole("button", { name: "Valider" }).click();
      // A click starts the decision's POST without waiting for it; leaving at once could abort it.
      await expect.poll(() => org.getByText("Le dossier est maintenant : Retenu.").count()).toBe(1);
      await org.goto(`${app.url}/admin/appels/${call.id}/reponses`);
      await org.getByRole("button", { name: /Envoyer maintenant 1 réponse/ }).click();
      await org.getByLabel("Envoyer quand même les réponses avant la date limite").check();
      await org.getByRole("button", { name: /Envoyer maintenant 1 réponse/ }).click();
      await expect.poll(() => org.getByText(/1 réponse envoyée/).count()).toBe(1);
      const letter = await waitForEmail(app, person.email, "Votre candidature à l’appel", 20_000);
      expect(plain(letter.text_body)).toContain(
        "Le projet « Atelier vélo d’insertion » reçoit 15 000 € du fonds « Fonds pour l’emploi local 2027 ».",
      );
      await applicant.goto(dossierUrl);
      await expect.poll(() => applicant.getByText(/Votre projet est retenu/).count()).toBe(1);
      expect(await applicant.getByRole("link", { name: /communauté/i }).count()).toBe(0);

      // Exports with the call's own columns.
      for (const format of ["CSV", "XLSX"] as const) {
        await org.goto(`${app.url}/admin/appels/${call.id}/exports`);
        await org.getByRole("button", { name: new RegExp(`Exporter en ${format}`) }).click();
        await org.waitForURL(/\/exports\?lance=/);
        const started = new URL(org.url()).searchParams.get("lance");
        const download = org.locator(`a[href="/admin/exports/${started}"]`);
        await expect.poll(() => download.count(), { timeout: 20_000 }).toBe(1);
        const file = await org.request.get(`${app.url}${await download.getAttribute("href")}`);
        let headers: string[];
        let row: string[];
        if (format === "CSV") {
          const lines = (await file.text()).replace(/^\uFEFF/, "").split("\r\n");
          headers = lines[0].split(";").map((h) => h.replace(/^"|"$/g, ""));
          row = lines[1].split(";").map((h) => h.replace(/^"|"$/g, ""));
        } else {
          const workbook = new ExcelJS.Workbook();
          await workbook.xlsx.load(Buffer.from(await file.body()) as unknown as ArrayBuffer);
          const sheet = workbook.worksheets[0];
          headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
          row = (sheet.getRow(2).values as unknown[]).slice(1).map((v) => String(v ?? ""));
        }
        const col = (name: string) => row[headers.indexOf(name)];
        expect(headers).toContain("Le projet — Budget prévisionnel — Total — Dépenses");
        expect(plain(col("Le projet — Montant demandé"))).toBe("15 000 €");
        expect(col("Le projet — Budget prévisionnel — Total — Ressources")).toBe("15000");
        expect(col("Le projet — Type de structure")).toBe("Association");
        expect(headers.some((h) => /PTCE|Région/.test(h))).toBe(false);
      }

      // A question is added to the open call; a draft moves to the new version and is told.
      const late = await createVerifiedUser(services, "Luc Lent");
      const lateOrg = await createOrganisation(services.db, { name: "Ressourcerie du Causse", userId: late.id });
      const lateId = await openOrCreateDossier(services.db, { call, organizationId: lateOrg, userId: late.id });
      await saveAnswers(services.db, {
        dossier: await dossierForMember(services.db, late.id, lateId),
        userId: late.id,
        changes: [{ key: "nom_du_projet", value: "Ressourcerie", baseVersion: 0 }],
      });
      await org.goto(`${studio}/formulaire`);
      await org.getByLabel("Intitulé de la question").fill("Partenaires associés");
      await org.getByLabel("Type de réponse").selectOption({ label: "Texte long" });
      await org.getByRole("button", { name: "Ajouter", exact: true }).click();
      await org.getByRole("link", { name: "Modifier « Partenaires associés »" }).click();
      await org.getByLabel("Réponse obligatoire").check();
      await org.getByRole("button", { name: "Enregistrer et revenir au formulaire" }).click();
      await org.waitForURL(/\/formulaire$/);
      await expect.poll(() => org.getByText(/1 question ajoutée/).count()).toBe(1);
      await expectAccessible(org, "studio form with a pending version");
      await org.getByRole("button", { name: "Publier ces changements (nouvelle version du formulaire)" }).click();
      await expect
        .poll(() => org.getByText(/Version 2 du formulaire publiée\s:\s1 brouillon déplacé, 1 organisation prévenue/).count())
        .toBe(1);
      const told = await waitForEmail(app, late.email, "Le formulaire de l’appel");
      expect(told.text_body).toContain("• Partenaires associés");
      const latePage = await signInPage(ctx.browser(), app.url, late.email, late.password);
      await latePage.goto(`${app.url}/dossiers/${lateId}`);
      await expect.poll(() => latePage.getByText(/Le formulaire de l’appel a changé depuis que vous avez commencé/).count()).toBe(1);
      await latePage.getByRole("link", { name: "Le projet" }).click();
      expect(await latePage.getByLabel("Nom du projet").inputValue()).toBe("Ressourcerie");
      expect(await latePage.getByLabel(/Partenaires associés/).count()).toBe(1);
      await expectAccessible(latePage, "draft on the new version");
    } finally {
      await services.stop();
    }
  }, 240_000);
});
