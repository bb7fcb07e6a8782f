// The charter and the community in chromium (issue 3, first part): an accepted applicant signs the
// charter; the charter partner processes it; the organiser generates, adjusts and publishes the visit
// calendar; a member registers and receives the invitation with an .ics; the host writes the visit
// report. axe on every page.
import { describe, expect, it } from "vitest";
import { appAndBrowser, expectAccessible, signInPage, waitForEmail } from "../support/browser";
import { configFromEnv } from "../../app/config.server";
import { startServices } from "../../app/services.server";
import { createVerifiedUser } from "../support/services";
import { submittedDossier, acceptIntoCommunity } from "../support/dossiers";
import { SAMPLE_PNG } from "../support/fixtures";
import { addCommunityFile, setCharterPartner } from "../../app/domain/charter/charter.server";
import { saveProfile } from "../../app/domain/community/community.server";
import { DEFAULT_LIMITS } from "../../app/domain/applications/attachments.server";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });

describe("charter and community in chromium", () => {
  it("signature, partner steps, visit calendar, registration with .ics, report", async () => {
    const app = ctx.app();
    const services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    try {
      const db = services.db;
      const call = await db.selectFrom("call").select(["id", "timeline_json"]).executeTakeFirstOrThrow();
      const timeline = JSON.parse(call.timeline_json) as { communityStart: string; communityEnd: string };
      const month = timeline.communityStart.slice(0, 7);
      const organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
      const figeac = await submittedDossier(services, {
        name: "PTCE Figeac",
        answers: { charter_sign: "yes", host_visit: "yes", host_experiences: "La recyclerie", host_when: month },
      });
      const rennes = await submittedDossier(services, {
        name: "PTCE Rennes",
        commune: { query: "Rennes", code: "35238" },
        answers: { host_visit: "yes", host_experiences: "La cantine", host_when: month },
      });
      const lyon = await submittedDossier(services, {
        name: "PTCE Lyon",
        commune: { query: "Lyon", code: "69123" },
        answers: { host_visit: "yes", host_experiences: "Le garage solidaire", host_when: month },
      });
      await acceptIntoCommunity(db, {
        callId: call.id,
        actorId: organiser,
        appUrl: app.url,
        decisions: [figeac, rennes, lyon].map((d) => ({
          dossierId: d.id,
          decision: "accepted" as const,
          reasons: "Retenu pour la communauté.",
        })),
      });
      const partner = await createVerifiedUser(services, "Paula du Labo");
      await setCharterPartner(db, { email: partner.email, actorId: organiser, partner: true });
      await addCommunityFile(db, services.storage, {
        kind: "kit",
        name: "logo-ptce.png",
        data: SAMPLE_PNG,
        actorId: organiser,
        limits: DEFAULT_LIMITS,
      });

      // The accepted applicant signs the charter.
      const member = await signInPage(ctx.browser(), app.url, figeac.owner.email, figeac.owner.password);
      await member.getByRole("link", { name: "Signer la charte" }).click();
      await member.waitForURL(/\/charte$/);
      await expectAccessible(member, "charter");
      await member.getByLabel("Fonction dans l’organisation").fill("Coprésidente");
      await member.getByLabel("J’ai lu la charte et je la signe au nom de mon organisation.").check();
      await member.getByRole("button", { name: "Signer la charte" }).click();
      await expect.poll(() => member.getByText("Charte signée. Le Labo de l’ESS en est informé.").count()).toBe(1);
      await expect.poll(async () => (await member.locator("code.fingerprint").textContent()) ?? "").toMatch(/^[0-9a-f]{64}$/);
      await expectAccessible(member, "charter signed");

      // The charter partner records the three steps.
      const labo = await signInPage(ctx.browser(), app.url, partner.email, partner.password);
      await labo.getByRole("link", { name: "Signatures de la charte" }).click();
      await labo.waitForURL(/partenaire-charte/);
      await expectAccessible(labo, "partner queue");
      await labo.getByRole("button", { name: "Comité de pilotage informé" }).click();
      await expect.poll(() => labo.getByText(/Comité de pilotage informé le/).count()).toBe(1);
      await labo.getByRole("button", { name: "Trame et éléments graphiques envoyés" }).click();
      await expect.poll(() => labo.getByText(/éléments graphiques envoyés le/).count()).toBe(1);
      await labo.getByRole("button", { name: "Autoriser l’utilisation du logo" }).click();
      await expect.poll(() => labo.getByText(/Utilisation du logo PTCE autorisée le/).count()).toBe(1);
      const dossierPage = await labo.goto(`${app.url}/instruction/dossiers/${figeac.id}`);
      expect(dossierPage?.status()).toBe(404);
      await waitForEmail(app, figeac.owner.email, "Charte PTCE : utilisation du logo autorisée");
      await member.reload();
      expect(await member.getByRole("link", { name: /logo-ptce\.png/ }).count()).toBe(1);
      await member.getByLabel(/Faire figurer notre PTCE/).check();
      await member.getByLabel(/Courte description/).fill("Recyclerie et chantier d’insertion.");
      await member.getByRole("button", { name: "Enregistrer" }).click();
      await expect.poll(() => member.getByText("Choix enregistré.").count()).toBe(1);
      await member.goto(`${app.url}/ptce-signataires`);
      expect(await member.getByText("Recyclerie et chantier d’insertion.").count()).toBe(1);
      await expectAccessible(member, "public directory");

      // Members widen their hosting windows (the dossier gave an approximate month): one through the page.
      for (const d of [figeac, lyon]) {
        await saveProfile(db, {
          callId: call.id,
          organizationId: d.org,
          userId: d.owner.id,
          description: "",
          hosts: true,
          hostExperiences: "Nos ateliers",
          hostFrom: month,
          hostTo: timeline.communityEnd.slice(0, 7),
        });
      }
      const rennesPage = await signInPage(ctx.browser(), app.url, rennes.owner.email, rennes.owner.password);
      await rennesPage.getByRole("link", { name: /Communauté apprenante « PTCE Emploi/ }).click();
      await rennesPage.waitForURL(/\/communaute\//);
      await expectAccessible(rennesPage, "community (member)");
      await rennesPage.getByText("Modifier notre fiche et notre offre d’accueil").click();
      await rennesPage.getByLabel("Jusqu’à (mois)").fill(timeline.communityEnd.slice(0, 7));
      await rennesPage.getByLabel("À partir de (mois)").fill(month);
      await rennesPage.getByRole("button", { name: "Enregistrer" }).click();
      await expect.poll(() => rennesPage.getByText("Fiche enregistrée.").count()).toBe(1);

      // The organiser generates, adjusts and publishes the visit calendar.
      const org = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42");
      await org.goto(`${app.url}/communaute/${call.id}`);
      await expectAccessible(org, "community (organiser)");
      await org.getByRole("link", { name: "Planifier les visites apprenantes" }).click();
      await org.waitForURL(/visites\/planifier/);
      await expectAccessible(org, "visit planner");
      await expect.poll(() => org.getByText(/visites chez 3 hôtes différents, dans 3 régions/).count()).toBe(1);
      const first = org.getByRole("group").first();
      await first.getByLabel("Places").fill("2");
      await org.getByRole("button", { name: "Publier ce calendrier" }).click();
      await org.waitForURL(/\/communaute\/[^/]+\?planifie=/);
      await expect.poll(() => org.getByText(/visites? publiées?\s; les membres sont prévenus/).count()).toBe(1);
      await waitForEmail(app, rennes.owner.email, "Calendrier des visites apprenantes");

      // A member registers and gets the invitation with the .ics.
      await rennesPage.goto(`${app.url}/communaute/${call.id}`);
      await rennesPage.getByRole("heading", { level: 3 }).getByRole("link").first().click();
      await rennesPage.waitForURL(/evenements\//);
      await rennesPage.getByRole("button", { name: "M’inscrire" }).click();
      await expect.poll(() => rennesPage.getByText(/Inscription enregistrée\s:\sinscrit\(e\)/).count()).toBe(1);
      await expectAccessible(rennesPage, "event (registered)");
      const invitation = await waitForEmail(app, rennes.owner.email, "Inscription confirmée");
      expect(JSON.parse(invitation.attachments_json)[0]).toMatchObject({ filename: "invitation.ics" });
      const ics = await rennesPage.request.get(
        `${app.url}${await rennesPage.getByRole("link", { name: /Ajouter à mon agenda/ }).getAttribute("href")}`,
      );
      expect(await ics.text()).toContain("BEGIN:VEVENT");

      // The organiser writes the report.
      await org.goto(rennesPage.url());
      await org
        .getByLabel("Compte rendu", { exact: true })
        .fill("Une matinée à la recyclerie, puis un atelier sur les parcours d’insertion.");
      await org.getByRole("button", { name: "Enregistrer le compte rendu" }).click();
      await expect.poll(() => org.getByText("Compte rendu enregistré.").count()).toBe(1);
      await expectAccessible(org, "event with report");
      // A member writes an experience sheet; the organiser reviews and publishes it; it is found by search.
      await rennesPage.goto(`${app.url}/communaute/${call.id}/capitalisation`);
      await expectAccessible(rennesPage, "capitalisation library");
      await rennesPage.getByRole("link", { name: "Rédiger une fiche d’expérience" }).click();
      await rennesPage.waitForURL(/capitalisation\/nouvelle/);
      await rennesPage.getByLabel("Titre").fill("Une cantine en circuits courts");
      await rennesPage.getByLabel("Contexte").fill("Quartier prioritaire, producteurs locaux.");
      await rennesPage.getByLabel("Effets sur l’emploi et les parcours").fill("Huit postes en insertion, trois embauches durables.");
      await rennesPage.getByLabel("Emplois créés").fill("8");
      await rennesPage.getByLabel("Alimentation et circuits courts").check();
      await rennesPage.getByRole("button", { name: "Créer la fiche" }).click();
      await rennesPage.waitForURL(/capitalisation\/[0-9a-f-]{36}$/);
      await expectAccessible(rennesPage, "experience sheet (draft)");
      const sheetUrl = rennesPage.url();
      await org.goto(sheetUrl);
      await org.getByRole("button", { name: "Marquer comme relue" }).click();
      await expect.poll(() => org.getByText("La fiche est maintenant : Relue.").count()).toBe(1);
      await org.getByRole("button", { name: "Publier dans la communauté" }).click();
      await expect.poll(() => org.getByText("La fiche est maintenant : Publiée (communauté).").count()).toBe(1);
      const lyonPage = await signInPage(ctx.browser(), app.url, lyon.owner.email, lyon.owner.password);
      await lyonPage.goto(`${app.url}/communaute/${call.id}/capitalisation`);
      await lyonPage.getByLabel("Rechercher dans les fiches").fill("cantine insertion");
      await lyonPage.getByRole("button", { name: "Appliquer" }).click();
      await expect.poll(() => lyonPage.getByRole("link", { name: "Une cantine en circuits courts" }).count()).toBe(1);
      // The capitalisation report.
      await org.goto(`${app.url}/communaute/${call.id}/capitalisation`);
      const reportHref = `${app.url}/communaute/${call.id}/capitalisation/rapport.pdf?du=2000-01-01&au=2099-12-31`;
      const report = await org.request.get(reportHref);
      expect(report.headers()["content-type"]).toBe("application/pdf");
      expect((await report.body()).subarray(0, 5).toString()).toBe("%PDF-");
      // Exchanges, indicators and participation pages, scanned.
      await lyonPage.goto(`${app.url}/communaute/${call.id}/echanges`);
      await lyonPage.getByLabel("Sujet").fill("Mutualiser un véhicule");
      await lyonPage.getByLabel("Message", { exact: true }).fill("Qui partage un utilitaire ? @Porteur PTCE Rennes, une idée ?");
      await lyonPage.getByRole("button", { name: "Publier la discussion" }).click();
      await lyonPage.waitForURL(/echanges\/[0-9a-f-]{36}$/);
      await expectAccessible(lyonPage, "discussion thread");
      await waitForEmail(app, rennes.owner.email, "Porteur PTCE Lyon vous mentionne");
      await lyonPage.goto(`${app.url}/communaute/${call.id}/indicateurs`);
      await lyonPage.getByLabel("Emplois créés").fill("3");
      await lyonPage.getByLabel("Emplois consolidés").fill("7");
      await lyonPage.getByLabel("Personnes accompagnées").fill("25");
      await lyonPage.getByLabel("Formations").fill("2");
      await lyonPage.getByRole("button", { name: "Déclarer" }).click();
      await expect.poll(() => lyonPage.getByText("Indicateurs enregistrés.").count()).toBe(1);
      await expectAccessible(lyonPage, "indicators");
      await lyonPage.goto(`${app.url}/communaute/${call.id}`);
      await lyonPage.getByRole("link", { name: "PTCE Lyon", exact: true }).click();
      await lyonPage.waitForURL(/membres\//);
      await expect.poll(() => lyonPage.getByRole("img", { name: /Emplois créés et consolidés par année — PTCE Lyon/ }).count()).toBe(1);
      await expectAccessible(lyonPage, "member page");
      await org.goto(`${app.url}/communaute/${call.id}/participation`);
      await expectAccessible(org, "participation");
      // Someone outside the community sees nothing of it.
      const outsider = await createVerifiedUser(services, "Oscar");
      const out = await signInPage(ctx.browser(), app.url, outsider.email, outsider.password);
      expect((await out.goto(`${app.url}/communaute/${call.id}`))?.status()).toBe(404);
    } finally {
      await services.stop();
    }
  }, 240_000);
});
