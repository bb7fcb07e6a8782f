// A newcomer's whole journey in Debian's chromium, with and without JavaScript: sign up, verify the
// e-mail, create the organisation, fill the whole default form (each Part I alternative once), reload
// mid-way and find everything, attach a file, submit, receive the receipt. axe on every page visited.
import { describe, expect, it } from "vitest";
import { writeFileSync, mkdtempSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { appAndBrowser, expectAccessible, waitForEmail } from "../support/browser";
import { LONG_TEXT, SAMPLE_PDF } from "../support/fixtures";
import { plain } from "../support/text";

const files = mkdtempSync(join(tmpdir(), "trame-e2e-files-"));
const plaquette = join(files, "plaquette-présentation.pdf");
writeFileSync(plaquette, SAMPLE_PDF);

const ctx = appAndBrowser();

const jsOff = new WeakSet<Page>();
/** Waits until the page at `path` is shown (client-side navigations included), then scans it. */
async function visit(page: Page, where: string, path: RegExp) {
  await page.waitForURL((url) => path.test(url.pathname + url.search));
  await page.waitForLoadState("networkidle");
  if (process.env.E2E_TRACE) console.log(`[e2e] ${where}: ${page.url()}`);
  await expectAccessible(page, where, { jsDisabled: jsOff.has(page) });
}

async function saveSection(page: Page, js: boolean) {
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect.poll(() => page.getByText(/Brouillon enregistré à \d+\s+h\s+\d\d/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
  void js;
}

async function journey(js: boolean, mode: "describe" | "attach") {
  const context = await ctx.browser().newContext({ javaScriptEnabled: js, locale: "fr-FR", acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  if (!js) jsOff.add(page);
  const email = `nouvelle.${js ? "js" : "nojs"}.${Date.now()}@example.org`;
  const orgName = js ? "Pôle Coop’Emploi du Grand-Figeac" : "PTCE « Terres de Liens » d’Ariège";

  await page.goto(ctx.app().url);
  await visit(page, "home", /^\/$/);
  await page.getByRole("link", { name: /PTCE Emploi et sécurisation des parcours/ }).click();
  await visit(page, "call page", /^\/appels\/ptce-emploi-2015$/);
  await expect.poll(() => page.getByText(/Il reste \d+ j \d+ h/).count()).toBe(1);
  await page.getByRole("link", { name: "Candidater" }).click();
  await visit(page, "sign-in (redirected)", /^\/connexion\?redirectTo=/);
  await expect.poll(() => page.getByText("Connectez-vous pour continuer.").count()).toBe(1);

  // Sign up, then confirm the address from the captured e-mail.
  await page.getByRole("main").getByRole("link", { name: "Créer un compte" }).click();
  await visit(page, "sign-up", /^\/inscription/);
  await page.getByLabel("Prénom et nom").fill("Camille Martin");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Mot de passe").fill("une-phrase-de-passe-solide");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await visit(page, "check e-mail", /^\/verification/);
  expect(await page.getByText(email).count()).toBe(1);
  const verification = await waitForEmail(ctx.app(), email, "Confirmez votre adresse");
  const link = /(http\S+verify-email\S+)/.exec(verification.text_body)![1];
  await page.goto(link);
  await page.waitForURL(/\/espace/);
  await visit(page, "dashboard", /^\/espace/);

  // Create the organisation and start the dossier.
  await page.goto(`${ctx.app().url}/appels/ptce-emploi-2015/candidater`);
  await visit(page, "apply", /\/candidater$/);
  await page.getByLabel("Nom de l’organisation").fill(orgName);
  await page.getByRole("button", { name: "Créer l’organisation et commencer le dossier" }).click();
  await page.waitForURL(/\/dossiers\/[0-9a-f-]+$/);
  const dossierUrl = page.url();
  await visit(page, "dossier", /^\/dossiers\/[0-9a-f-]+$/);
  expect(await page.getByText("Brouillon — pas encore déposé").count()).toBeGreaterThan(0);

  // Part « Votre initiative en bref ».
  await page.getByRole("link", { name: "Votre initiative en bref" }).click();
  await visit(page, "section identité", /\/parties\/identite/);
  await page.getByLabel("Nom du PTCE ou de l’initiative").fill(orgName);
  await page.getByLabel("Structure porteuse", { exact: true }).fill("Association Coop’Emploi");
  await page.getByLabel("Statut de la structure porteuse").selectOption("association");
  await page.getByLabel("SIRET de la structure porteuse").fill("732 829 320 00074");
  await page.getByLabel("Commune du siège").fill(js ? "Figeac" : "Saint-Paul");
  await page.getByLabel("Opérationnel", { exact: true }).check();
  await page.getByLabel("Emploi, insertion et sécurisation des parcours").check();
  await page.getByLabel("Nombre de salariés").fill("48");
  await page.locator("#field-contact_name").fill("Camille Martin");
  await page.getByLabel("Courriel").fill("camille.martin@example.org");
  await page.getByLabel("Téléphone").fill("0262 12 34 56");
  if (js) {
    // The year question appears as soon as « Opérationnel » is chosen; autosave needs no click.
    await page.getByLabel("Opérationnel depuis l’année").fill("2011");
    await expect
      .poll(() => page.locator("[data-autosave-status]").textContent(), { timeout: 15_000 })
      .toMatch(/Enregistré à \d+\s+h\s+\d\d/);
    await page.reload();
  } else {
    await saveSection(page, js);
    // Without JavaScript the dependent question shows after saving; a homonym asks which Saint-Paul.
    await page.getByLabel("Opérationnel depuis l’année").fill("2011");
    await page.getByLabel("Précisez votre commune").selectOption({ label: "Saint-Paul (974)" });
    await saveSection(page, js);
    await page.reload();
  }
  // Mid-way reload: everything is there.
  await visit(page, "section identité after reload", /\/parties\/identite/);
  expect(await page.getByLabel("Nom du PTCE ou de l’initiative").inputValue()).toBe(orgName);
  expect(await page.getByLabel("Opérationnel depuis l’année").inputValue()).toBe("2011");
  expect(await page.getByLabel("Téléphone").inputValue()).toBe("0262 12 34 56");
  expect(
    await page.getByText(js ? /Commune reconnue\s:\sFigeac — Lot \(46\)/ : /Commune reconnue\s:\sSaint-Paul — La Réunion \(974\)/).count(),
  ).toBe(1);

  // Part I.
  await page
    .getByRole("link", { name: /I\. Votre initiative de pôle territorial/ })
    .first()
    .click();
  await visit(page, "section partie I", /\/parties\/partie1/);
  if (mode === "describe") {
    await page.getByLabel("Je décris mon initiative ici, en six points").check();
    if (!js) await saveSection(page, js);
    await page.getByLabel("1) S’agit-il d’un PTCE opérationnel").fill("Opérationnel depuis 2011, soit quatre ans.");
    await page.getByLabel("2) Les objectifs et la nature").fill(LONG_TEXT);
    await page.getByLabel("3) Le nombre et l’identité des parties prenantes").fill(LONG_TEXT);
    await page.getByRole("group", { name: "Partie prenante 1" }).getByLabel("Nom").fill("Régie de territoire");
    await page.getByRole("group", { name: "Partie prenante 1" }).getByLabel("Type").selectOption("siae");
    await page.getByLabel("4) Le(s) secteur(s) d’activités").fill(LONG_TEXT);
    await page.getByLabel("5) La gouvernance").fill(LONG_TEXT);
    await page.getByRole("group", { name: "Financeur 1" }).getByLabel("Nom").fill("Région Occitanie");
    await page.getByLabel("6) Les résultats et impacts").fill(LONG_TEXT);
  } else {
    await page.getByLabel("Je joins un dossier ou une note explicative déjà rédigé").check();
    if (!js) await saveSection(page, js);
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel("Date de rédaction de ce dossier").fill(today);
  }
  await page
    .getByRole("group", { name: /Souhaitez-vous signer la charte/ })
    .getByLabel("Oui")
    .check();
  await saveSection(page, js);
  if (mode === "attach") {
    // The chosen file goes with the ordinary save: there is no separate button to forget (issue 9).
    await page.locator("#field-existing_dossier-file").setInputFiles(plaquette);
    if (js) await expect.poll(() => page.locator("[data-upload-status]").textContent(), { timeout: 15_000 }).toContain("joint");
    else await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
    await expect.poll(() => page.getByRole("link", { name: "plaquette-présentation.pdf" }).count(), { timeout: 15_000 }).toBe(1);
  }
  await visit(page, "section partie I saved", /\/parties\/partie1/);

  // Part II.
  await page
    .getByRole("link", { name: /II\. Votre motivation/ })
    .first()
    .click();
  await visit(page, "section partie II", /\/parties\/partie2/);
  for (const label of [
    "1. Quelles sont les problématiques",
    "2. Quels sont les objectifs",
    "3. Pouvez-vous décrire",
    "4. Avez-vous des projets",
    "5. Quelles sont vos attentes",
    "6. Quels peuvent être vos apports",
  ]) {
    await page.getByLabel(label).fill(`${label} — ${LONG_TEXT}`);
  }
  await page
    .getByRole("group", { name: /accueillir une visite/ })
    .getByLabel("Oui")
    .check();
  if (!js) await saveSection(page, js);
  await page.getByLabel("Autour de quelles expériences concrètes").fill("La recyclerie solidaire et le groupement d’employeurs.");
  // The month and the year are one group named by the question (what a screen reader announces, issue 9).
  const when = page.getByRole("group", { name: /À quelle échéance approximative/ });
  expect(await when.getByText(/par exemple «\s[a-zéû]+\s\d{4}\s»/).count()).toBe(1);
  await when.getByLabel("Mois").selectOption({ label: "juin" });
  const years = await when.getByLabel("Année").locator("option").allTextContents();
  await when.getByLabel("Année").selectOption(years[2]);
  await saveSection(page, js);

  // Documents.
  await page
    .getByRole("link", { name: /Documents complémentaires/ })
    .first()
    .click();
  await visit(page, "section documents", /\/parties\/documents/);
  // A file chosen, then « Enregistrer le brouillon » (without JavaScript) or nothing more (with it): attached.
  await page.locator("#field-enriching_documents-file").setInputFiles(plaquette);
  if (js)
    await expect
      .poll(async () => plain(await page.locator("[data-upload-status]").textContent()), { timeout: 15_000 })
      .toContain("Fichier « plaquette-présentation.pdf » joint.");
  else {
    await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
    await expect.poll(() => page.getByText("Fichier « plaquette-présentation.pdf » joint.").count(), { timeout: 15_000 }).toBe(1);
  }
  await expect.poll(() => page.getByRole("link", { name: "plaquette-présentation.pdf" }).count(), { timeout: 15_000 }).toBe(1);
  await visit(page, "section documents after upload", /\/parties\/documents/);

  // Submit.
  await page.goto(dossierUrl);
  await visit(page, "dossier ready", /^\/dossiers\/[0-9a-f-]+$/);
  await expect.poll(() => page.getByText("Toutes les réponses obligatoires sont données").count()).toBe(1);
  await page.getByLabel("Je confirme que les informations sont exactes").check();
  await page.getByRole("button", { name: "Déposer le dossier" }).click();
  await expect.poll(() => page.getByText(/Dossier déposé \(dépôt n° 1\)/).count(), { timeout: 15_000 }).toBe(1);
  await visit(page, "dossier submitted", /^\/dossiers\/[0-9a-f-]+\?notice=submitted&n=1$/);
  expect(await page.getByText("Déposé", { exact: true }).count()).toBeGreaterThan(0);

  // The receipt: e-mail with the PDF, and the same PDF from the dossier page.
  const receipt = await waitForEmail(ctx.app(), email, "Accusé de dépôt");
  const attachments = JSON.parse(receipt.attachments_json) as { filename: string; contentType: string }[];
  expect(attachments).toHaveLength(1);
  expect(attachments[0].contentType).toBe("application/pdf");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Copie PDF" }).click()]);
  const pdfPath = join(files, `receipt-${js}.pdf`);
  await download.saveAs(pdfPath);
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdfPath, "-"]).toString("utf8");
  expect(text).toContain(orgName);
  expect(text).toContain("Dossier déposé — dépôt n° 1");
  expect(text).toContain("plaquette-présentation.pdf");
  expect(text.replace(/\s+/g, " ")).toContain("La recyclerie solidaire et le groupement d’employeurs.");
  expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe("%PDF-");
  await context.close();
}

describe("applicant journey in chromium", () => {
  it("works with JavaScript (Part I described in six points)", async () => {
    await journey(true, "describe");
  });
  it("works without JavaScript (Part I as an attached dossier)", async () => {
    await journey(false, "attach");
  });
});
