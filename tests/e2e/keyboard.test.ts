// Keyboard only: the skip link, signing up, starting a dossier, answering and saving without a mouse.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { appAndBrowser, expectAccessible, waitForEmail } from "../support/browser";

const ctx = appAndBrowser();

/** Presses Tab until the focused element matches, failing after `max` presses. */
async function tabTo(page: Page, matches: (el: { tag: string; name: string; text: string; type: string }) => boolean, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      return {
        tag: a?.tagName ?? "",
        name: a?.getAttribute("name") ?? "",
        text: (a?.textContent ?? "").replace(/[\u00a0\u202f]/g, " ").trim(),
        type: a?.getAttribute("type") ?? "",
      };
    });
    if (matches(el)) return;
  }
  throw new Error("element not reached by keyboard");
}

describe("keyboard only", () => {
  it("signs up, starts a dossier, answers and saves without a mouse", async () => {
    const context = await ctx.browser().newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${ctx.app().url}/inscription`);
    // The first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Aller au contenu");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    const email = `clavier.${Date.now()}@example.org`;
    await tabTo(page, (e) => e.name === "name");
    await page.keyboard.type("Claire Clavier");
    await page.keyboard.press("Tab");
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    await page.keyboard.type("une-phrase-au-clavier");
    await page.keyboard.press("Enter");
    await page.waitForURL(/verification/);
    const mail = await waitForEmail(ctx.app(), email, "Confirmez votre adresse");
    await page.goto(/(http\S+verify-email\S+)/.exec(mail.text_body)![1]);
    await page.waitForURL(/espace/);
    await page.goto(`${ctx.app().url}/appels/ptce-emploi-2015/candidater`);
    await tabTo(page, (e) => e.name === "name");
    await page.keyboard.type("PTCE au clavier");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/dossiers\/[0-9a-f-]+$/);
    await tabTo(
      page,
      (e) =>
        e.tag === "A" &&
        e.text === "II. Votre motivation pour rejoindre la communauté apprenante « PTCE, emploi et sécurisation des parcours »",
    );
    await page.keyboard.press("Enter");
    await page.waitForURL(/partie2/);
    await tabTo(page, (e) => e.name === "f.q1_issues");
    await page.keyboard.type("Réponse tapée au clavier.");
    // Radio buttons: Tab into the group, Space to choose.
    await tabTo(page, (e) => e.name === "f.host_visit");
    await page.keyboard.press("Space");
    expect(await page.locator('input[name="f.host_visit"][value="yes"]').isChecked()).toBe(true);
    await tabTo(page, (e) => e.tag === "BUTTON" && e.text === "Enregistrer le brouillon");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByText(/Brouillon enregistré à/).count()).toBe(1);
    await page.reload();
    expect(await page.locator('textarea[name="f.q1_issues"]').inputValue()).toBe("Réponse tapée au clavier.");
    await expectAccessible(page, "section after keyboard save");
    await context.close();
  });
});
