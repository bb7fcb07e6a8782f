// The organiser's instruction pages in chromium (issue 2, first part): list, filters, dossier view and a
// reasoned decision, by a signed-in organiser; axe on each page.
import { describe, expect, it } from "vitest";
import { appAndBrowser, expectAccessible } from "../support/browser";
import { LONG_TEXT } from "../support/fixtures";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });

describe("instruction in chromium", () => {
  it("an organiser finds a submitted dossier, reads it and decides with reasons", async () => {
    // An applicant submits through the API the pages use (the full applicant journey has its own test).
    const applicant = await ctx.browser().newContext({ locale: "fr-FR" });
    const page = await applicant.newPage();
    page.setDefaultTimeout(15_000);
    const email = `candidat.${Date.now()}@example.org`;
    await page.goto(`${ctx.app().url}/inscription`);
    await page.getByLabel("Prénom et nom").fill("Carla Candidate");
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByLabel("Mot de passe").fill("une-phrase-solide-2026");
    await page.getByRole("button", { name: "Créer mon compte" }).click();
    await page.waitForURL(/verification/);
    let link = "";
    for (let i = 0; i < 60 && !link; i++) {
      const row = ctx.app().db().prepare("select text_body from email where to_addr = ?").get(email) as { text_body: string } | undefined;
      link = row ? /(http\S+verify-email\S+)/.exec(row.text_body)![1] : "";
      if (!link) await new Promise((r) => setTimeout(r, 250));
    }
    await page.goto(link);
    await page.goto(`${ctx.app().url}/appels/ptce-emploi-2015/candidater`);
    await page.getByLabel("Nom de l’organisation").fill("PTCE Val d’Ariège");
    await page.getByRole("button", { name: /Créer l’organisation/ }).click();
    await page.waitForURL(/\/dossiers\/[0-9a-f-]+$/);
    const dossierId = page.url().split("/").pop()!;
    const answers: Record<string, string> = {
      ptce_name: "PTCE Val d’Ariège",
      legal_form: "association",
      commune: "Foix",
      stage: "project",
      sectors: "emploi",
      contact_name: "Carla",
      contact_email: email,
      contact_phone: "05 61 00 00 00",
      part1_mode: "describe",
      p1_stage: "En projet.",
      p1_objectives: LONG_TEXT,
      p1_stakeholders: LONG_TEXT,
      p1_activity: LONG_TEXT,
      p1_governance: LONG_TEXT,
      p1_results: LONG_TEXT,
      charter_sign: "no",
      q1_issues: LONG_TEXT,
      q2_objectives: LONG_TEXT,
      q3_experiences: "Une épicerie solidaire et un atelier vélo.",
      q4_projects: LONG_TEXT,
      q5_expectations: LONG_TEXT,
      q6_contributions: LONG_TEXT,
      host_visit: "no",
    };
    const body = new URLSearchParams({ _fields: Object.keys(answers).join(",") });
    for (const [k, v] of Object.entries(answers)) body.set(`f.${k}`, v);
    const saved = await page.evaluate(
      async ([id, b]) => (await fetch(`/api/dossiers/${id}/answers`, { method: "POST", body: new URLSearchParams(b) })).status,
      [dossierId, body.toString()] as const,
    );
    expect(saved).toBe(200);
    await page.goto(`${ctx.app().url}/dossiers/${dossierId}`);
    await page.getByLabel("Je confirme que les informations sont exactes").check();
    await page.getByRole("button", { name: "Déposer le dossier" }).click();
    await expect.poll(() => page.getByText(/Dossier déposé \(dépôt n° 1\)/).count()).toBe(1);
    await applicant.close();

    const team = await ctx.browser().newContext({ locale: "fr-FR" });
    const p = await team.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(`${ctx.app().url}/connexion`);
    await p.locator("#input-email").fill("equipe@trame.test");
    await p.locator("#input-password").fill("organisateur-secret-42");
    await p.getByRole("button", { name: "Se connecter", exact: true }).click();
    await p.waitForURL(/espace/);
    await p.getByRole("link", { name: "Administration" }).click();
    await p.getByRole("link", { name: /Dossiers de l’appel/ }).click();
    await p.waitForURL(/\/admin\/appels\/[0-9a-f-]+$/);
    await expectAccessible(p, "instruction list");
    await p.getByLabel("Rechercher dans les réponses").fill("épicerie");
    await p.getByLabel("Région").selectOption({ label: "Occitanie" });
    await p.getByRole("button", { name: "Appliquer" }).click();
    await p.waitForURL(/q=/);
    await expect.poll(() => p.getByText("1 dossier", { exact: true }).count()).toBe(1);
    await expectAccessible(p, "instruction list filtered");
    await p.getByRole("link", { name: "PTCE Val d’Ariège" }).click();
    await p.waitForURL(/\/instruction\/dossiers\//);
    await expectAccessible(p, "team dossier view");
    await expect.poll(() => p.getByText("Une épicerie solidaire et un atelier vélo.").count()).toBe(1);
    await p.getByLabel("Retenir (rejoindre la communauté)").check();
    await p.getByLabel("Motivation ou message au candidat").fill("Le projet répond aux deux conditions de l’appel.");
    await p.getByRole("button", { name: "Valider" }).click();
    await expect.poll(() => p.getByText("Le dossier est maintenant : Retenu.").count()).toBe(1);
    await expectAccessible(p, "team dossier after decision");
    await team.close();
  });
});
