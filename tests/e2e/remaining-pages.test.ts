// The pages no other journey reaches, each scanned by axe: administration of the charter (text, files,
// partner), creating a national meeting, the exchanges list, public experience sheets, deadlines, the
// administration home — with a national meeting created through its form.
import { describe, expect, it } from "vitest";
import { appAndBrowser, expectAccessible, signInPage } from "../support/browser";
import { configFromEnv } from "../../app/config.server";
import { startServices } from "../../app/services.server";
import { submittedDossier, acceptIntoCommunity } from "../support/dossiers";
import { SAMPLE_PNG } from "../support/fixtures";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });

describe("remaining pages in chromium", () => {
  it("administration of the charter, a national meeting, exchanges, public sheets", async () => {
    const app = ctx.app();
    const services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    try {
      const db = services.db;
      const callId = (await db.selectFrom("call").select("id").executeTakeFirstOrThrow()).id;
      const organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
      const member = await submittedDossier(services, { name: "PTCE Figeac" });
      await acceptIntoCommunity(db, {
        callId,
        actorId: organiser,
        appUrl: app.url,
        decisions: [{ dossierId: member.id, decision: "accepted", reasons: "Retenu pour la communauté." }],
      });

      const org = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42");
      await org.goto(`${app.url}/admin`);
      await expectAccessible(org, "administration");
      await org.getByRole("link", { name: "Charte PTCE et documents" }).click();
      await org.waitForURL(/admin\/charte/);
      await expectAccessible(org, "charter administration");
      await org.getByLabel("Fichier").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: SAMPLE_PNG });
      await org.getByRole("button", { name: "Déposer" }).click();
      await expect.poll(() => org.getByText("Document déposé.").count()).toBe(1);
      await org.getByLabel("Adresse du compte").fill("personne@example.org");
      await org.getByRole("button", { name: "Donner le rôle de partenaire" }).click();
      await expect.poll(() => org.getByText(/Aucun compte n’utilise cette adresse/).count()).toBe(1);
      await expectAccessible(org, "charter administration with an error");

      await org.goto(`${app.url}/admin/appels/${callId}/delais`);
      await expectAccessible(org, "deadlines");

      await org.goto(`${app.url}/communaute/${callId}/evenements/nouveau`);
      await expectAccessible(org, "new event");
      await org.getByLabel("Nature").selectOption("meeting");
      await org.getByLabel("Titre").fill("Rencontre nationale de capitalisation");
      await org.getByLabel("Date").fill(new Date(Date.now() + 40 * 86400000).toISOString().slice(0, 10));
      await org.getByLabel("Adresse").fill("Paris, Maison de l’ESS");
      await org.getByLabel("Programme").fill("Matin : ateliers ; après-midi : restitution.");
      await org.getByRole("button", { name: "Créer l’événement" }).click();
      await org.waitForURL(/evenements\/[0-9a-f-]{36}$/);
      await expect.poll(() => org.getByRole("heading", { name: "Rencontre nationale de capitalisation" }).count()).toBe(1);
      await expectAccessible(org, "meeting (organiser)");

      await org.goto(`${app.url}/communaute/${callId}/echanges`);
      await expectAccessible(org, "exchanges list");

      const visitor = await ctx.browser().newContext({ locale: "fr-FR" });
      const page = await visitor.newPage();
      await page.goto(`${app.url}/capitalisation/${callId}`);
      await expectAccessible(page, "public sheets");
      await page.goto(`${app.url}/ptce-signataires`);
      await expectAccessible(page, "public directory (empty)");
    } finally {
      await services.stop();
    }
  }, 180_000);
});
