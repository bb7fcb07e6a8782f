// The whole instruction in chromium (issue 2): the organiser invites two reviewers by e-mail; they join
// through the link, score their dossiers on the grid, one declares a conflict of interest; the organiser
// assigns, runs the selection assistant, confirms reasoned decisions and sends the answers; the applicant
// sees the reasoned decision and receives the e-mail with the letter PDF. axe on every page.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { appAndBrowser, expectAccessible, signInPage, waitForEmail } from "../support/browser";
import { configFromEnv } from "../../app/config.server";
import { startServices, type Services } from "../../app/services.server";
import { createVerifiedUser } from "../support/services";
import { submittedDossier, type SubmittedDossier } from "../support/dossiers";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });

describe("selection journey in chromium", () => {
  it("from invitations to reasoned answers", async () => {
    const app = ctx.app();
    // Five submitted dossiers, written through the domain into the app's database (the applicant journey has its own test).
    const services: Services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    const dossiers: SubmittedDossier[] = [];
    try {
      for (const [name, query, code] of [
        ["PTCE Figeac", "Figeac", "46102"],
        ["PTCE Toulouse", "Toulouse", "31555"],
        ["PTCE Rennes", "Rennes", "35238"],
        ["PTCE Lyon", "Lyon", "69123"],
        ["PTCE Albi", "Albi", "81004"],
      ] as const) {
        dossiers.push(await submittedDossier(services, { name, commune: { query, code } }));
      }
      const reviewers = [await createVerifiedUser(services, "Rita Relectrice"), await createVerifiedUser(services, "Rémi Relecteur")];

      // The organiser invites both reviewers.
      const org = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42");
      await org.goto(`${app.url}/admin`);
      await org.getByRole("link", { name: /Dossiers de l’appel/ }).click();
      await org.getByRole("link", { name: "Équipe et attributions" }).click();
      await org.waitForURL(/\/equipe$/);
      await expectAccessible(org, "team page");
      for (const r of reviewers) {
        await org.getByLabel("Adresse électronique").fill(r.email);
        await org.getByRole("button", { name: "Envoyer l’invitation" }).click();
        await expect.poll(() => org.getByText(`Invitation envoyée à ${r.email}.`).count()).toBe(1);
      }

      // Each reviewer follows the e-mailed link, signs in and joins.
      const pages: Page[] = [];
      for (const r of reviewers) {
        const mail = await waitForEmail(app, r.email, "Invitation à évaluer");
        const link = /(http\S+\/equipe\/invitations\/\S+)/.exec(mail.text_body)![1];
        const context = await ctx.browser().newContext({ locale: "fr-FR" });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        await page.goto(link);
        await expectAccessible(page, "team invitation (signed out)");
        await page.getByRole("link", { name: "Se connecter" }).last().click();
        await page.locator("#input-email").fill(r.email);
        await page.locator("#input-password").fill(r.password);
        await page.getByRole("button", { name: "Se connecter", exact: true }).click();
        await page.waitForURL(/\/equipe\/invitations\//);
        await expectAccessible(page, "team invitation (signed in)");
        await page.getByRole("button", { name: "Rejoindre l’équipe" }).click();
        await page.waitForURL(/\/instruction$/);
        pages.push(page);
      }

      // The organiser assigns two reviewers per dossier.
      await org.reload();
      await org.getByLabel("Évaluateurs par dossier").fill("2");
      await org.getByRole("button", { name: "Attribuer automatiquement" }).click();
      await expect.poll(() => org.getByText("10 attributions ajoutées.").count()).toBe(1);
      await expectAccessible(org, "team page with assignments");

      // Reviewers score; the second declares a conflict on Albi.
      // Means: Figeac 4, Toulouse 3.5, Albi 3 (Rémi's conflict leaves Rita's score alone), Rennes 2.5, Lyon 2.
      const scores: Record<string, number[]> = {
        "PTCE Figeac": [4, 4],
        "PTCE Toulouse": [4, 3],
        "PTCE Rennes": [3, 2],
        "PTCE Lyon": [2, 2],
        "PTCE Albi": [3, 0],
      };
      for (const [i, page] of pages.entries()) {
        await page.goto(`${app.url}/instruction`);
        await expectAccessible(page, "my reviews");
        for (const d of dossiers) {
          await page.goto(`${app.url}/instruction`);
          await page.getByRole("link", { name: d.name }).click();
          await page.waitForURL(/\/instruction\/dossiers\//);
          if (i === 1 && d.name === "PTCE Albi") {
            await page.getByLabel("Conflit d’intérêts : raison").fill("Je siège au conseil d’administration.");
            await page.getByRole("button", { name: "Déclarer un conflit d’intérêts" }).click();
            await page.waitForURL(/\/instruction\?conflit=1/);
            await expect.poll(() => page.getByText(/Conflit d’intérêts déclaré/).count()).toBe(1);
            expect(await page.getByRole("link", { name: "PTCE Albi" }).count()).toBe(0);
            continue;
          }
          for (const label of [/^Se reconnaît/, /^Volontaire/, /^Qualité des expériences/, /^Offre d’accueil/]) {
            await page.getByLabel(label).selectOption(String(scores[d.name][i]));
          }
          await page.getByLabel("Commentaire").fill(`Avis de ${i === 0 ? "Rita" : "Rémi"} sur ${d.name}.`);
          await page.getByRole("button", { name: "Enregistrer l’évaluation" }).click();
          await expect.poll(() => page.getByText("Évaluation enregistrée.").count()).toBe(1);
          if (d.name === "PTCE Figeac") await expectAccessible(page, "review form");
        }
      }
      // The conflicted reviewer cannot open Albi by its address.
      const hidden = await pages[1].goto(`${app.url}/instruction/dossiers/${dossiers[4].id}`);
      expect(hidden?.status()).toBe(404);

      // Ranking, then the selection assistant: three dossiers, at most two per région.
      await org.getByRole("link", { name: "Classement" }).click();
      await org.waitForURL(/\/classement$/);
      await expectAccessible(org, "ranking");
      await org.getByRole("link", { name: "Assistant de sélection" }).click();
      await org.waitForURL(/\/selection/);
      await org.getByLabel("Nombre de dossiers à retenir").fill("3");
      await org.getByLabel("Au plus, par région").fill("2");
      await org.getByLabel("Dossiers proposés en liste d’attente").fill("1");
      await org.getByRole("button", { name: "Calculer la proposition" }).click();
      await org.waitForURL(/taille=3/);
      await expect.poll(() => org.getByRole("heading", { name: "Proposition : 3 dossiers" }).count()).toBe(1);
      // Occitanie holds the three best scores; the cap keeps two of them (Figeac, Toulouse) and takes Rennes instead of Albi.
      const proposal = org.getByRole("table").first();
      for (const name of ["PTCE Figeac", "PTCE Toulouse", "PTCE Rennes"])
        expect(await proposal.getByRole("link", { name }).count()).toBe(1);
      expect(await org.getByText(/la limite de 2 dossiers en Occitanie est atteinte/).count()).toBeGreaterThan(0);
      expect(await org.locator("figure.france-map svg path").count()).toBe(96);
      await expectAccessible(org, "selection assistant");
      const reasons = org.getByRole("group", { name: "PTCE Rennes" }).getByLabel("Motivation");
      await reasons.fill(`${await reasons.inputValue()} Une cantine en circuits courts exemplaire.`);
      await org.getByRole("button", { name: "Confirmer ces décisions" }).click();
      await org.waitForURL(/\/reponses\?confirme=5/);
      await expectAccessible(org, "answers page");
      await expect.poll(() => org.locator("details.letter-preview").count()).toBe(5);
      // The call is still open (its dates are shifted to today): sending answers now must be confirmed.
      await org.getByRole("button", { name: /Envoyer maintenant 5 réponses/ }).click();
      await expect.poll(() => org.getByText(/n’est pas passée\s:\scochez/).count()).toBe(1);
      await org.getByLabel("Envoyer quand même les réponses avant la date limite").check();
      await org.getByRole("button", { name: /Envoyer maintenant 5 réponses/ }).click();
      await expect.poll(() => org.getByText("5 réponses envoyées ; 0 déjà envoyée, non renvoyée.").count()).toBe(1);
      // A second click sends nothing more.
      await expect.poll(() => org.getByRole("button", { name: /Envoyer maintenant/ }).count()).toBe(0);

      // The applicant sees the reasoned decision and gets the letter by e-mail.
      const rennes = dossiers[2];
      const mail = await waitForEmail(app, rennes.owner.email, "Votre candidature à l’appel", 20_000);
      expect(mail.subject).toContain("est retenue");
      expect(mail.text_body).toContain("Une cantine en circuits courts exemplaire.");
      const files = JSON.parse(mail.attachments_json) as { filename: string; contentType: string }[];
      expect(files).toEqual([
        expect.objectContaining({ filename: "decision-association-ptce-rennes.pdf", contentType: "application/pdf" }),
      ]);
      const applicant = await signInPage(ctx.browser(), app.url, rennes.owner.email, rennes.owner.password);
      await applicant.goto(`${app.url}/dossiers/${rennes.id}`);
      await expect.poll(() => applicant.getByRole("heading", { name: "Votre candidature est retenue" }).count()).toBe(1);
      expect(await applicant.getByText(/Une cantine en circuits courts exemplaire\./).count()).toBeGreaterThan(0);
      await expectAccessible(applicant, "applicant's decision");
      const pdf = await applicant.request.get(
        `${app.url}${await applicant.getByRole("link", { name: /lettre de décision/ }).getAttribute("href")}`,
      );
      expect(pdf.headers()["content-type"]).toBe("application/pdf");
      const lyon = dossiers[3];
      const declined = await waitForEmail(app, lyon.owner.email, "Votre candidature à l’appel", 20_000);
      expect(declined.subject).not.toContain("retenue");
    } finally {
      await services.stop();
    }
  }, 240_000);
});
