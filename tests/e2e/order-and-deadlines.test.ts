// Issue 9 in chromium, with axe: the organisers' list in French order (« Écopôle… » and « initiativesETcité »
// among their letters, not after « TETRIS »), and a deadline extended for one organisation, seen from
// that organisation's « Mon espace » with the same date as on its dossier.
import { describe, expect, it } from "vitest";
import { appAndBrowser, expectAccessible, signInPage } from "../support/browser";
import { configFromEnv } from "../../app/config.server";
import { startServices } from "../../app/services.server";
import { submittedDossier } from "../support/dossiers";
import { addDays, formatParisDateTime, parisToday, deadlineInstant } from "../../app/lib/paris-time";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });

describe("French order and deadlines in chromium", () => {
  it("lists dossiers in French order, and an extension shows on the organisation's « Mon espace »", async () => {
    const app = ctx.app();
    const services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    try {
      const tetris = await submittedDossier(services, { name: "TETRIS" });
      await submittedDossier(services, { name: "Écopôle du Pays de Figeac" });
      await submittedDossier(services, { name: "initiativesETcité" });
      const callId = (await services.db.selectFrom("call").select("id").executeTakeFirstOrThrow()).id;

      const org = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42");
      await org.goto(`${app.url}/admin/appels/${callId}`);
      const names = await org.locator("table tbody tr td a").allTextContents();
      const order = ["Écopôle du Pays de Figeac", "initiativesETcité", "TETRIS"].map((n) => names.indexOf(n));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      await expectAccessible(org, "list in French order");

      // The organiser extends TETRIS's deadline by ten days after the call's.
      const call = await services.db.selectFrom("call").select(["timeline_json"]).executeTakeFirstOrThrow();
      const deadline = (JSON.parse(call.timeline_json) as { deadline: string }).deadline;
      const until = addDays(deadline > parisToday() ? deadline : parisToday(), 10);
      await org.goto(`${app.url}/admin/appels/${callId}/delais`);
      const card = org.locator("li.card", { hasText: "Association TETRIS" });
      await card.getByLabel("Nouvelle date limite (fin de journée, heure de Paris)").fill(until);
      await card.getByLabel("Motif").fill("Inondation des locaux");
      await card.getByRole("button", { name: "Prolonger la date limite" }).click();
      await expect.poll(() => org.getByText(/Date limite prolongée pour/).count()).toBeGreaterThan(0);
      await expectAccessible(org, "deadlines after an extension");

      const shown = formatParisDateTime(new Date(deadlineInstant(until).getTime() - 60_000), "fr");
      const applicant = await signInPage(ctx.browser(), app.url, tetris.owner.email, tetris.owner.password);
      await applicant.goto(`${app.url}/espace`);
      await expect.poll(() => applicant.getByText(shown, { exact: false }).count()).toBeGreaterThan(0);
      await expectAccessible(applicant, "my space with an extended deadline");
    } finally {
      await services.stop();
    }
  });
});
