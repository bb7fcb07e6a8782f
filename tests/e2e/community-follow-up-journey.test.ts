// The community's follow-up in chromium (issue 12): the organiser sets a reminder's timing and words and
// shows the door code; a member, on a phone-sized screen, records their presence with it; a past visit
// shows what its capitalisation still lacks; a member mutes a discussion; the programme at a glance; a
// signatory signs the charter's new version, and the directory says which. axe on every page.
import { describe, expect, it } from "vitest";
import { appAndBrowser, expectAccessible, signInPage } from "../support/browser";
import { configFromEnv } from "../../app/config.server";
import { startServices } from "../../app/services.server";
import { acceptIntoCommunity, submittedDossier } from "../support/dossiers";
import { createEvent, register, setAttendance } from "../../app/domain/community/events.server";
import { createThread } from "../../app/domain/community/exchanges.server";
import { saveCharterText, setDirectoryEntry, signCharter, charterStatusFor } from "../../app/domain/charter/charter.server";
import { DEFAULT_LIMITS } from "../../app/domain/applications/attachments.server";
import { parisSortableDateTime } from "../../app/lib/paris-time";

const ctx = appAndBrowser({ TRAME_ORGANISER_EMAIL: "equipe@trame.test", TRAME_ORGANISER_PASSWORD: "organisateur-secret-42" });
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, " ");
const HOUR = 3_600_000;

describe("community follow-up in chromium", () => {
  it("reminder settings, door code and check-in, capitalisation due, a muted discussion, the programme, a new charter version", async () => {
    const app = ctx.app();
    const services = await startServices(
      configFromEnv({ TRAME_DATA_DIR: app.dataDir, TRAME_WORKER: "0", LOG_LEVEL: "warn", APP_URL: app.url }),
      { quiet: true },
    );
    let callId = "";
    let todayId = "";
    let pastId = "";
    let threadId = "";
    let member = { email: "", password: "" };
    let figeacLogin = { email: "", password: "" };
    try {
      const db = services.db;
      callId = (await db.selectFrom("call").select("id").executeTakeFirstOrThrow()).id;
      const organiser = (await db.selectFrom("user").select("id").where("email", "=", "equipe@trame.test").executeTakeFirstOrThrow()).id;
      const figeac = await submittedDossier(services, { name: "PTCE Figeac", answers: { charter_sign: "yes" } });
      const rennes = await submittedDossier(services, { name: "PTCE Rennes", commune: { query: "Rennes", code: "35238" } });
      await acceptIntoCommunity(db, {
        callId,
        actorId: organiser,
        appUrl: app.url,
        decisions: [figeac, rennes].map((d) => ({ dossierId: d.id, decision: "accepted" as const, reasons: "Retenu pour la communauté." })),
      });
      member = rennes.owner;
      // An event under way today (from the current hour to the end of the day), and a visit held yesterday.
      const [date, time] = parisSortableDateTime(new Date()).split(" ");
      const event = {
        kind: "meeting" as const,
        address: "Salle des fêtes",
        programme: "Échanges",
        capacity: 30,
        callId,
        actorId: organiser,
      };
      todayId = await createEvent(db, {
        ...event,
        title: "Rencontre du jour",
        date,
        startTime: `${time.slice(0, 2)}:00`,
        endTime: "23:59",
      });
      await register(db, { eventId: todayId, userId: rennes.owner.id, appUrl: app.url, now: new Date(Date.now() - 2 * HOUR) });
      const [yesterday] = parisSortableDateTime(new Date(Date.now() - 24 * HOUR)).split(" ");
      pastId = await createEvent(db, {
        ...event,
        kind: "visit",
        title: "Visite d’hier à Figeac",
        date: yesterday,
        startTime: "10:00",
        endTime: "16:00",
        hostOrgId: figeac.org,
      });
      await register(db, { eventId: pastId, userId: rennes.owner.id, appUrl: app.url, now: new Date(Date.now() - 48 * HOUR) });
      await setAttendance(db, { eventId: pastId, actorId: organiser, present: [rennes.owner.id] });
      threadId = await createThread(db, services.storage, {
        callId,
        userId: organiser,
        theme: "general",
        title: "Préparer la rencontre",
        body: "Vos sujets ?",
        eventId: todayId,
        files: [],
        limits: DEFAULT_LIMITS,
        appUrl: app.url,
      });
      // The charter: Figeac signed version 2; version 3 is out.
      await saveCharterText(db, {
        title: "Charte des PTCE",
        body: "Première version du texte de la charte, assez longue.",
        actorId: organiser,
      });
      const org = (await charterStatusFor(db, figeac.owner.id))[0];
      const sig = await signCharter(db, {
        organizationId: org.organizationId,
        userId: figeac.owner.id,
        signatoryName: "Camille Martin",
        signatoryRole: "Présidente",
        consent: true,
        textVersion: 2,
        appUrl: app.url,
      });
      await setDirectoryEntry(db, { signatureId: sig, userId: figeac.owner.id, optIn: true, description: "" });
      await saveCharterText(db, {
        title: "Charte des PTCE",
        body: "Deuxième version : un engagement de plus sur la capitalisation.",
        actorId: organiser,
      });
      figeacLogin = { email: figeac.owner.email, password: figeac.owner.password };
    } finally {
      await services.stop();
    }

    // The organiser: the reminder's timing and words, and the door code.
    const org = await signInPage(ctx.browser(), app.url, "equipe@trame.test", "organisateur-secret-42");
    await org.goto(`${app.url}/communaute/${callId}/evenements/${todayId}`);
    const code = (await org.locator(".door-code").innerText()).trim();
    expect(code).toMatch(/^\d{6}$/);
    await org.getByLabel("Rappel : combien d’heures avant le début").fill("48");
    await org.getByLabel("Texte ajouté au rappel (facultatif)").fill("Pensez à apporter vos fiches.");
    await org.locator("section[aria-labelledby=follow-title]").getByRole("button", { name: "Enregistrer" }).click();
    await expect.poll(() => org.getByText("Enregistré.").count()).toBe(1);
    await expectAccessible(org, "event with follow-up settings and door code");

    // A member on a phone: the code typed, presence recorded.
    const phone = await signInPage(ctx.browser(), app.url, member.email, member.password);
    await phone.setViewportSize({ width: 375, height: 740 });
    await phone.goto(`${app.url}/communaute/${callId}/evenements/${todayId}`);
    await phone.getByLabel("Code affiché à l’entrée").fill(code);
    await expectAccessible(phone, "check-in on a phone");
    await phone.getByRole("button", { name: "Je suis là" }).click();
    await expect.poll(async () => plain(await phone.locator("main").innerText())).toContain("Votre présence est notée.");

    // Yesterday's visit: what its capitalisation still lacks.
    await phone.goto(`${app.url}/communaute/${callId}/evenements/${pastId}`);
    const capture = plain(await phone.locator("main").innerText());
    expect(capture).toContain("Compte rendu de la visite : manquant.");
    expect(capture).toContain("Association PTCE Rennes : fiche d’expérience manquante.");
    await expectAccessible(phone, "a past visit's capitalisation");

    // The event's discussion, followed since registering, muted.
    await phone.goto(`${app.url}/communaute/${callId}/echanges/${threadId}`);
    expect(await phone.getByLabel("Suivre : chaque nouveau message par courriel").isChecked()).toBe(true);
    await phone.getByLabel("Silence : aucun courriel, ni dans le résumé").check();
    await phone.getByRole("button", { name: "Enregistrer" }).click();
    await expect.poll(() => phone.getByText("C’est noté pour cette discussion.").count()).toBe(1);
    await expectAccessible(phone, "a discussion's e-mail level");

    // The programme at a glance.
    await phone.goto(`${app.url}/communaute/${callId}/programme`);
    const programme = plain(await phone.locator("main").innerText());
    expect(programme).toContain("visite apprenante « Visite d’hier à Figeac »");
    expect(programme).toContain("compte rendu de « Visite d’hier à Figeac »");
    await expectAccessible(phone, "the programme at a glance");

    // Indicators with a real model: the organiser adds one with its unit and target; members read the roll-up and its method.
    await org.goto(`${app.url}/communaute/${callId}/indicateurs`);
    await org.getByLabel("Intitulé").fill("Hectares cultivés en bio");
    await org.getByLabel("Unité", { exact: true }).fill("hectares");
    await org.getByLabel("Cible", { exact: true }).fill("50");
    await org.getByRole("button", { name: "Ajouter l’indicateur" }).click();
    await expect.poll(() => org.getByText("Indicateur enregistré.").count()).toBe(1);
    await expectAccessible(org, "indicators, organiser");
    await phone.goto(`${app.url}/communaute/${callId}/indicateurs`);
    const row = phone.getByRole("row", { name: /Hectares cultivés en bio/ });
    expect(plain(await row.innerText())).toContain("hectares");
    expect(plain(await row.innerText())).toContain("50");
    expect(await phone.getByLabel(/Hectares cultivés en bio \(hectares\)/).count()).toBe(1);
    await expectAccessible(phone, "indicators, member");

    // The charter's new version: Figeac signs it; the directory says which version.
    const signatory = await signInPage(ctx.browser(), app.url, figeacLogin.email, figeacLogin.password);
    await signatory.goto(`${app.url}/charte`);
    expect(plain(await signatory.locator("main").innerText())).toContain("Nouvelle version de la charte : version 3");
    const orgId = await signatory.locator("input[name=organizationId]").first().inputValue();
    await signatory.locator(`#rrole-${orgId}`).fill("Présidente");
    await signatory.locator(`#rconsent-${orgId}`).check();
    await expectAccessible(signatory, "charter with a new version to sign");
    await signatory.getByRole("button", { name: "Signer la version 3" }).click();
    await expect.poll(async () => plain(await signatory.locator("main").innerText())).toContain("Version signée : 3.");
    await signatory.goto(`${app.url}/ptce-signataires`);
    expect(plain(await signatory.locator("main").innerText())).toContain("A signé la version 3 de la charte.");
    await expectAccessible(signatory, "directory with versions");
  }, 180_000);
});
