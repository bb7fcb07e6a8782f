// Trust pages in chromium, each scanned by axe (issue 8): « Mon compte » (sessions, turning two-factor
// authentication on), signing in with a code (JavaScript off), the call's « Données et sécurité » page,
// an organisation's access log, withdrawing an application, the privacy page.
import { describe, expect, it } from "vitest";
import { appAndBrowser, expectAccessible, signInPage } from "../support/browser";
import { totp } from "../support/totp";
import { configFromEnv } from "../../app/config.server";
import { startServices } from "../../app/services.server";
import { submittedDossier } from "../support/dossiers";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });

describe("account, two-factor and data pages in chromium", () => {
  it("turns on two-factor, signs in with a code without JavaScript, reads the access log, withdraws", async () => {
    const app = ctx.app();
    const services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    try {
      const db = services.db;
      const callId = (await db.selectFrom("call").select("id").executeTakeFirstOrThrow()).id;
      const applicant = await submittedDossier(services, { name: "PTCE Confiance" });

      // The organiser turns on two-factor authentication from « Mon compte ».
      const org = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42");
      await org.getByRole("link", { name: "Mon compte" }).click();
      await org.waitForURL(/\/compte/);
      await expectAccessible(org, "my account");
      await org.locator("#enable-password").fill("organisateur-secret-42");
      await org.getByRole("button", { name: "Activer la double authentification" }).click();
      await expect.poll(() => org.getByText("Vos codes de secours").count()).toBe(1);
      await expectAccessible(org, "two-factor set-up");
      const secret = (await org.locator("section[aria-labelledby='double-authentification'] p code").innerText()).trim();
      await org.getByLabel("Code à six chiffres").fill(totp(secret));
      await org.getByRole("button", { name: "Confirmer et activer" }).click();
      await expect.poll(() => org.getByText("Double authentification activée.").count()).toBe(1);

      // The call's data and security page; the team opens the applicant's dossier (logged).
      await org.goto(`${app.url}/admin/appels/${callId}/donnees`);
      await expectAccessible(org, "data and security");
      await org.getByLabel("Dossiers retirés (après le retrait)").fill("3");
      await org.getByRole("button", { name: "Enregistrer les durées" }).click();
      await expect.poll(() => org.getByText("Durées de conservation enregistrées.").count()).toBe(1);
      await org.goto(`${app.url}/instruction/dossiers/${applicant.id}`);
      await org.goto(`${app.url}/admin/journal`);
      await expect.poll(() => org.getByText("a ouvert le dossier").count()).toBeGreaterThan(0);
      await expectAccessible(org, "access log");

      // Signing in again, without JavaScript, asks for the code.
      const context = await ctx.browser().newContext({ locale: "fr-FR", javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${app.url}/connexion`);
      await page.locator("#input-email").fill("equipe@trame.test");
      await page.locator("#input-password").fill("organisateur-secret-42");
      await page.getByRole("button", { name: "Se connecter", exact: true }).click();
      await page.waitForURL(/\/connexion\/code/);
      await expectAccessible(page, "sign-in code", { jsDisabled: true });
      await page.getByLabel("Code à six chiffres").fill("123456");
      await page.getByRole("button", { name: "Vérifier" }).first().click();
      await expect.poll(() => page.getByText("Ce code ne convient pas").count()).toBeGreaterThan(0);
      await expectAccessible(page, "sign-in code with an error", { jsDisabled: true });
      await page.getByLabel("Code à six chiffres").fill(totp(secret));
      await page.getByRole("button", { name: "Vérifier" }).first().click();
      await page.waitForURL((u) => !u.pathname.startsWith("/connexion"));
      await page.goto(`${app.url}/compte`);
      await expect.poll(() => page.getByText("La double authentification est activée").count()).toBe(1);
      await context.close();

      // The applicant sees who looked at the dossier, and withdraws the application.
      const ap = await signInPage(ctx.browser(), app.url, applicant.owner.email, applicant.owner.password);
      await ap.goto(`${app.url}/compte`);
      await ap.getByRole("link", { name: /qui a consulté les dossiers de Association PTCE Confiance/ }).click();
      await ap.waitForURL(/\/journal$/);
      await expect.poll(() => ap.getByText("a ouvert le dossier").count()).toBeGreaterThan(0);
      await expectAccessible(ap, "organisation access log");
      await ap.goto(`${app.url}/dossiers/${applicant.id}`);
      await expect.poll(() => ap.getByText("conservée 3 mois après son retrait").count()).toBe(1);
      await ap.getByLabel("Je confirme retirer la candidature de notre organisation").check();
      await ap.getByRole("button", { name: "Retirer la candidature" }).click();
      await expect.poll(() => ap.getByText("Votre candidature est retirée.").count()).toBe(1);
      await expectAccessible(ap, "withdrawn dossier");
      await ap.goto(`${app.url}/confidentialite`);
      await expect.poll(() => ap.getByText(/un dossier retiré 3 mois après son retrait/).count()).toBe(1);
      await expectAccessible(ap, "privacy page");
    } finally {
      await services.stop();
    }
  });
});
