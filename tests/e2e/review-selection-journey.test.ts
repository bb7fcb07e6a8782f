// Review and selection in chromium (issue 12): the organiser sets a blind phase and the assignment's
// limits in the studio; a reviewer gives preferences (one conflict), is assigned and e-mailed, reviews a
// dossier shown without its name; the ranking shows calibration; the committee meets — the member's
// screen follows the chair — and decides; the reserve fills a free place; a bulk action labels the
// dossiers a filter keeps. axe on every page.
import { describe, expect, it } from "vitest";
import { appAndBrowser, expectAccessible, signInPage, waitForEmail } from "../support/browser";
import { configFromEnv } from "../../app/config.server";
import { startServices } from "../../app/services.server";
import { defaultCall, submittedDossier } from "../support/dossiers";
import { createVerifiedUser } from "../support/services";
import { addCallMember } from "../../app/domain/review/reviews.server";
import { parisSortableDateTime } from "../../app/lib/paris-time";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");

describe("review and selection in chromium", () => {
  it("phases, preferences, assignment, blind review, calibration, the meeting, the reserve and a bulk action", async () => {
    const app = ctx.app();
    const services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    let reviewerEmail = "";
    let reviewerPassword = "";
    let callId = "";
    try {
      await submittedDossier(services, { name: "PTCE Figeac" });
      await submittedDossier(services, { name: "PTCE Rennes", commune: { query: "Rennes", code: "35238" } });
      await submittedDossier(services, { name: "PTCE Lyon", commune: { query: "Lyon", code: "69123" } });
      const db = services.db;
      const call = await defaultCall(services);
      callId = call.id;
      const organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
      const reviewer = await createVerifiedUser(services, "Rose Évaluatrice");
      reviewerEmail = reviewer.email;
      reviewerPassword = reviewer.password;
      await addCallMember(db, { callId, userId: reviewer.id, role: "reviewer", actorId: organiser });
      const colleague = await createVerifiedUser(services, "Paul Évaluateur");
      await addCallMember(db, { callId, userId: colleague.id, role: "reviewer", actorId: organiser });
    } finally {
      await services.stop();
    }

    // The studio: a blind evaluation phase, started an hour ago, and the assignment's limits.
    const org = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42");
    await org.goto(`${app.url}/admin/appels/${callId}/studio/phases`);
    await org.getByLabel("Nom de la phase (Français)").fill("Évaluation à l’aveugle");
    await org.getByLabel("Début de la phase").fill(parisSortableDateTime(new Date(Date.now() - 3_600_000)).replace(" ", "T"));
    await org.getByLabel("Les évaluateurs voient le nom des candidats").uncheck();
    await org.getByLabel("Un évaluateur voit les évaluations des autres, une fois la sienne écrite").uncheck();
    await org.getByLabel("Évaluations par dossier (au moins)").fill("2");
    await org.getByLabel("Dossiers par évaluateur (au plus)").fill("3");
    await org.getByRole("button", { name: "Enregistrer" }).click();
    await expect.poll(async () => plain(await org.locator("main").innerText())).toContain("Phase en cours : « Évaluation à l’aveugle »");
    await expectAccessible(org, "studio phases");

    // The reviewer: the phase on their page, preferences before the assignment.
    const rev = await signInPage(ctx.browser(), app.url, reviewerEmail, reviewerPassword);
    await rev.goto(`${app.url}/instruction`);
    expect(plain(await rev.locator("main").innerText())).toContain("Phase en cours : Évaluation à l’aveugle.");
    await expectAccessible(rev, "my reviews with a phase");
    await rev.getByRole("link", { name: "Indiquer mes préférences sur les dossiers" }).click();
    const rows = rev.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(3);
    // Names are hidden in this phase: the rows read « D-… ».
    expect(await rows.first().locator("th").innerText()).toMatch(/^D-/);
    await rows.nth(0).getByLabel("Intéressé·e", { exact: true }).check();
    await rows.nth(1).getByLabel("Conflit d’intérêts").check();
    await expectAccessible(rev, "reviewer preferences");
    await rev.getByRole("button", { name: "Enregistrer mes préférences" }).click();
    await expect.poll(async () => plain(await rev.locator("main").innerText())).toContain("Vos préférences sont enregistrées.");
    // The notice is the action's answer, shown as soon as it comes; the table follows when the page's data
    // is read again (React Router's order), later on a slow machine: wait for it rather than read it now.
    await expect.poll(() => rev.getByText("Conflit d’intérêts déclaré", { exact: true }).count()).toBe(1);

    // The organiser assigns within the limits; the explanation shows; the reviewer is e-mailed.
    await org.goto(`${app.url}/admin/appels/${callId}/equipe`);
    await org.getByRole("button", { name: "Attribuer automatiquement" }).click();
    await expect.poll(async () => plain(await org.locator("main").innerText())).toContain("Dernière attribution automatique");
    const explained = plain(await org.locator("#last-run-title").locator("..").innerText());
    expect(explained).toContain("Charge et préférences, par évaluateur");
    expect(explained).toContain("Rose Évaluatrice");
    await expectAccessible(org, "team page with the assignment explained");
    const mail = await waitForEmail(app, reviewerEmail, "2 dossiers à évaluer");
    expect(mail.text_body).not.toContain("PTCE Figeac");

    // Blind review: the dossier under its number, no identity answers, scores saved.
    await rev.goto(`${app.url}/instruction`);
    const first = rev.locator("tbody tr th a").first();
    const label = await first.innerText();
    expect(label).toMatch(/^D-/);
    await first.click();
    await rev.waitForURL(/\/instruction\/dossiers\//);
    await expect.poll(() => rev.locator("h1").innerText()).toBe(label);
    expect(await rev.locator("main").innerText()).not.toContain("camille.martin@example.org");
    for (const select of await rev.locator("select[id^=score-]").all()) await select.selectOption("3");
    await rev.getByLabel("Commentaire").fill("Un ancrage territorial solide.");
    await rev.getByRole("button", { name: "Enregistrer l’évaluation" }).click();
    await expect.poll(async () => plain(await rev.locator("main").innerText())).toContain("Évaluation enregistrée.");
    await expectAccessible(rev, "blind review");
    const reviewed = rev.url();

    // The organiser chooses to quote this review in the decision letter (without the reviewer's name).
    await org.goto(reviewed);
    await org.getByRole("button", { name: "Citer le commentaire de Rose Évaluatrice dans la lettre de décision (sans son nom)" }).click();
    await expect.poll(async () => plain(await org.locator("main").innerText())).toContain("Ce commentaire sera cité dans la lettre");
    await expect
      .poll(async () => plain(await org.locator("main").innerText()))
      .toContain("Cité dans la lettre (sans le nom de l’évaluateur).");
    await expectAccessible(org, "dossier with a review quoted in the letter");

    // The ranking: raw and calibrated scores, the method, the reviewers' tendency.
    await org.goto(`${app.url}/admin/appels/${callId}/classement`);
    expect(await org.getByRole("heading", { name: "Calibration des évaluateurs" }).count()).toBe(1);
    expect(await org.getByRole("heading", { name: "À discuter" }).count()).toBe(1);
    await expectAccessible(org, "ranking with calibration");

    // The meeting: the chair opens it, the member's screen follows, a decision is recorded.
    await org.goto(`${app.url}/admin/appels/${callId}/jury`);
    await org.getByRole("button", { name: "Ouvrir la réunion" }).click();
    await expect.poll(() => org.getByText("Dossier 1 sur 3").count()).toBe(1);
    await expectAccessible(org, "meeting, chair");
    await rev.goto(`${app.url}/instruction/appels/${callId}/jury`);
    await expect.poll(() => rev.getByText("Dossier 1 sur 3").count()).toBe(1);
    await expectAccessible(rev, "meeting, member");
    await org.getByLabel("Retenu", { exact: true }).check();
    await org.getByLabel("Motivation").fill("Le jury retient ce pôle pour son ancrage.");
    await org.getByRole("button", { name: "Enregistrer la décision" }).click();
    await expect.poll(async () => plain(await org.locator("main").innerText())).toContain("Décision enregistrée");
    await expect.poll(async () => plain(await org.locator("main").innerText())).toContain("1 dossier retenu sur 12 visés.");
    // The member's screen moves by itself to the next dossier.
    await expect.poll(() => rev.getByText("Dossier 2 sur 3").count(), { timeout: 10_000 }).toBe(1);
    await org.getByLabel("Liste d’attente").check();
    await org.getByLabel("Motivation").fill("En attente d’une place qui se libérerait.");
    await org.getByRole("button", { name: "Enregistrer la décision" }).click();
    await expect.poll(async () => plain(await org.locator("main").innerText())).toContain("Décision enregistrée");
    await org.getByRole("button", { name: "Clore la réunion" }).click();
    await expect.poll(async () => plain(await org.locator("main").innerText())).toContain("La réunion est close.");

    // The reserve: eleven places free, the waiting dossier proposed and selected with its reasons.
    await org.goto(`${app.url}/admin/appels/${callId}/selection`);
    const reserve = org.locator("#reserve");
    expect(plain(await reserve.innerText())).toContain("11 places sont libres");
    await expectAccessible(org, "selection with the reserve");
    await reserve.getByRole("button", { name: /^Retenir / }).click();
    await expect.poll(async () => plain(await org.locator("main").innerText())).toContain("Le dossier est retenu");

    // One query: the accepted dossiers, labelled in bulk, then offered for export.
    await org.goto(`${app.url}/admin/appels/${callId}?etat=accepted`);
    await org.getByText(/^Agir sur les 2 dossiers/).click();
    await org.getByLabel("Étiquette à ajouter").fill("lauréat");
    await expectAccessible(org, "list with bulk actions");
    await org.getByRole("button", { name: "Étiqueter tous" }).click();
    await expect.poll(async () => plain(await org.locator("main").innerText())).toContain("Fait pour 2 dossiers sur 2.");
    await org.goto(`${app.url}/admin/appels/${callId}?etat=accepted`);
    await org.getByText(/^Agir sur les 2 dossiers/).click();
    await org.getByRole("link", { name: "Exporter ces dossiers" }).click();
    await org.waitForURL(/\/exports\?etat=accepted/);
    await expect
      .poll(async () => plain(await org.locator("main").innerText()))
      .toContain("Export des dossiers que gardent les filtres de la liste (Retenu)");
    await expectAccessible(org, "exports of a query");
  }, 180_000);
});
