// Exchanges, capitalisation and indicators on both databases (issue 3): threads with mentions and
// notification preferences (immediate, daily digest, none), experience sheets through review and
// publication with French search and filters, the compiled PDF report with its contents, yearly impact
// indicators, and members' participation.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { defaultCall, organiserId, submittedDossier, type SubmittedDossier, acceptIntoCommunity } from "../support/dossiers";
import { SAMPLE_PDF, SAMPLE_EXE } from "../support/fixtures";
import type { Call } from "../../app/domain/calls/calls.server";
import {
  createThread,
  participation,
  reply,
  sendDigests,
  setNotificationMode,
  threadFor,
  threadsOf,
} from "../../app/domain/community/exchanges.server";
import { capitalisationReport, moveSheet, saveSheet, sheetFor, sheetsFor } from "../../app/domain/community/sheets.server";
import { communityTotals, declareIndicators, indicatorsOf } from "../../app/domain/community/indicators.server";
import { createEvent, register, setAttendance } from "../../app/domain/community/events.server";
import { DEFAULT_LIMITS } from "../../app/domain/applications/attachments.server";
import { NotFound } from "../../app/lib/errors";

describe.each(DATABASES)("exchanges and capitalisation on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser = "";
  const m: SubmittedDossier[] = [];
  let outsider = { id: "", email: "", password: "" };
  const appUrl = "https://trame.test";
  let sheetId = "";

  beforeAll(async () => {
    env = await testEnv(kind);
    call = await defaultCall(env.services);
    organiser = await organiserId(env.services);
    m.push(await submittedDossier(env.services, { name: "PTCE Figeac" }));
    m.push(await submittedDossier(env.services, { name: "PTCE Rennes", commune: { query: "Rennes", code: "35238" } }));
    m.push(await submittedDossier(env.services, { name: "PTCE Lyon", commune: { query: "Lyon", code: "69123" } }));
    await acceptIntoCommunity(env.services.db, {
      callId: call.id,
      actorId: organiser,
      appUrl,
      decisions: m.map((d) => ({ dossierId: d.id, decision: "accepted" as const, reasons: "Retenu pour la communauté." })),
    });
    outsider = await createVerifiedUser(env.services, "Oscar");
  });
  afterAll(async () => env?.close());

  it("threads notify by preference; mentions always reach the person unless they chose none", async () => {
    const db = env.services.db;
    const storage = env.services.storage;
    await setNotificationMode(db, { callId: call.id, userId: m[1].owner.id, mode: "digest" });
    await setNotificationMode(db, { callId: call.id, userId: m[2].owner.id, mode: "none" });
    const owner1 = await db.selectFrom("user").select("name").where("id", "=", m[1].owner.id).executeTakeFirstOrThrow();
    await expect(
      createThread(db, storage, {
        callId: call.id,
        userId: outsider.id,
        theme: "mobilite",
        title: "Intrus",
        body: "x",
        files: [],
        limits: DEFAULT_LIMITS,
        appUrl,
      }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      createThread(db, storage, {
        callId: call.id,
        userId: m[0].owner.id,
        theme: "mobilite",
        title: "Garages solidaires",
        body: "Une pièce ?",
        files: [{ name: "x.pdf", data: SAMPLE_EXE }],
        limits: DEFAULT_LIMITS,
        appUrl,
      }),
    ).rejects.toMatchObject({ messageKey: "upload.badType" });
    const threadId = await createThread(db, storage, {
      callId: call.id,
      userId: m[0].owner.id,
      theme: "mobilite",
      title: "Garages solidaires et mobilité",
      body: `Qui a monté un garage solidaire ? @${owner1.name}, vous en parliez.`,
      files: [{ name: "etude.pdf", data: SAMPLE_PDF }],
      limits: DEFAULT_LIMITS,
      appUrl,
    });
    const jobs = async (email: string, like: string) =>
      db.selectFrom("job").select("payload_json").where("payload_json", "like", `%${email}%`).where("payload_json", "like", like).execute();
    expect(await jobs(m[1].owner.email, "%vous mentionne%")).toHaveLength(1); // digest, but mentioned
    expect(await jobs(m[2].owner.email, "%Garages solidaires%")).toHaveLength(0); // none
    expect((await jobs("%", "%a écrit — Garages%")).length).toBeGreaterThanOrEqual(1); // the organiser, immediate
    // A double click on "send" keeps one reply; on "start" one discussion.
    const replies = await Promise.all(
      [1, 2].map(() =>
        reply(db, storage, {
          threadId,
          userId: m[2].owner.id,
          body: "Nous, à Lyon : un atelier vélo et un garage.",
          files: [],
          limits: DEFAULT_LIMITS,
          appUrl,
        }),
      ),
    );
    expect(replies[0]).toBe(replies[1]);
    await reply(db, storage, {
      threadId,
      userId: m[2].owner.id,
      body: "Nous, à Lyon : un atelier vélo et un garage.",
      files: [],
      limits: DEFAULT_LIMITS,
      appUrl,
    });
    expect(
      await createThread(db, storage, {
        callId: call.id,
        userId: m[0].owner.id,
        theme: "mobilite",
        title: "Garages solidaires et mobilité",
        body: "Encore",
        files: [],
        limits: DEFAULT_LIMITS,
        appUrl,
      }),
    ).toBe(threadId);
    const { posts } = await threadFor(db, { threadId, userId: m[1].owner.id });
    expect(posts.map((p) => p.organisation)).toEqual(["Association PTCE Figeac", "Association PTCE Lyon"]);
    expect(posts[0].files).toEqual([{ id: "0", name: "etude.pdf", size: SAMPLE_PDF.length }]);
    expect((await threadsOf(db, { callId: call.id, userId: m[1].owner.id, q: "atelier velo" })).map((t) => t.id)).toEqual([threadId]);
    expect(await threadsOf(db, { callId: call.id, userId: m[1].owner.id, theme: "emploi" })).toEqual([]);
    // The daily digest, after 7 a.m. Paris time, once.
    const morning = new Date(Date.now() + 86400000);
    morning.setUTCHours(8, 0, 0, 0);
    expect(await sendDigests(db, appUrl, morning)).toBe(1);
    expect(await sendDigests(db, appUrl, morning)).toBe(0);
    const digest = await jobs(m[1].owner.email, "%résumé du jour%");
    expect(JSON.parse(digest[0].payload_json).text).toContain("atelier vélo");
  });

  it("sheets go draft → reviewed → published → public; readers see what their role allows; search and filters", async () => {
    const db = env.services.db;
    sheetId = await saveSheet(db, {
      callId: call.id,
      userId: m[0].owner.id,
      title: "Une recyclerie qui crée des emplois",
      themes: ["reemploi", "emploi"],
      content: {
        context: "Fermeture d’usines",
        actions: "Collecte et revente d’objets",
        impacts: "Douze salariés en insertion",
        jobsCreated: 12,
        publicOptIn: true,
      },
    });
    await expect(
      saveSheet(db, { callId: call.id, userId: m[1].owner.id, sheetId, title: "Piratage", themes: ["emploi"], content: {} }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(saveSheet(db, { callId: call.id, userId: m[0].owner.id, title: "X", themes: [], content: {} })).rejects.toMatchObject({
      messageKey: "sheets.titleInvalid",
    });
    await expect(sheetFor(db, { sheetId, userId: m[1].owner.id })).rejects.toBeInstanceOf(NotFound); // a draft of another member
    expect((await sheetsFor(db, { callId: call.id, userId: m[1].owner.id, filters: {} })).map((s) => s.id)).toEqual([]);
    await expect(moveSheet(db, { sheetId, event: "review", userId: m[0].owner.id })).rejects.toBeInstanceOf(NotFound);
    await expect(moveSheet(db, { sheetId, event: "publish", userId: organiser })).rejects.toMatchObject({
      messageKey: "sheets.transition",
    });
    await moveSheet(db, { sheetId, event: "review", userId: organiser });
    await moveSheet(db, { sheetId, event: "publish", userId: organiser });
    expect(
      (await sheetsFor(db, { callId: call.id, userId: m[1].owner.id, filters: { q: "recyclerie emplois" } })).map((s) => s.id),
    ).toEqual([sheetId]);
    expect(await sheetsFor(db, { callId: call.id, userId: m[1].owner.id, filters: { theme: "mobilite" } })).toEqual([]);
    expect(
      (await sheetsFor(db, { callId: call.id, userId: m[1].owner.id, filters: { region: "76", member: m[0].org } })).map((s) => s.id),
    ).toEqual([sheetId]);
    expect(await sheetsFor(db, { callId: call.id, userId: null, filters: {}, publicOnly: true })).toEqual([]);
    await moveSheet(db, { sheetId, event: "publish_public", userId: organiser });
    expect((await sheetsFor(db, { callId: call.id, userId: null, filters: {}, publicOnly: true })).map((s) => s.id)).toEqual([sheetId]);
    expect((await sheetFor(db, { sheetId, userId: null })).sheet.title).toBe("Une recyclerie qui crée des emplois");
  });

  it("compiles the period's published sheets into a PDF grouped by theme with its contents", async () => {
    const db = env.services.db;
    const second = await saveSheet(db, {
      callId: call.id,
      userId: m[2].owner.id,
      title: "Un garage solidaire",
      themes: ["mobilite"],
      content: { context: "Zones rurales", results: "300 réparations" },
    });
    await moveSheet(db, { sheetId: second, event: "review", userId: organiser });
    await moveSheet(db, { sheetId: second, event: "publish", userId: organiser });
    await saveSheet(db, { callId: call.id, userId: m[1].owner.id, title: "Brouillon non publié", themes: ["emploi"], content: {} });
    const today = new Date().toISOString().slice(0, 10);
    const pdf = await capitalisationReport(db, {
      callId: call.id,
      userId: m[1].owner.id,
      from: "2000-01-01",
      to: today,
      title: "Capitalisation 2015–2017",
    });
    await expect(
      capitalisationReport(db, { callId: call.id, userId: outsider.id, from: "2000-01-01", to: today, title: "x" }),
    ).rejects.toBeInstanceOf(NotFound);
    const dir = mkdtempSync(join(tmpdir(), "report-"));
    writeFileSync(join(dir, "r.pdf"), pdf);
    const text = execFileSync("pdftotext", ["-layout", join(dir, "r.pdf"), "-"]).toString();
    expect(text).toContain("Sommaire");
    expect(text).toMatch(/Réemploi et économie circulaire\s+\d+/);
    expect(text).toMatch(/Une recyclerie qui crée des emplois\s+\d+/);
    expect(text).toMatch(/Mobilité\s+\d+/);
    expect(text).toContain("12 emplois créés");
    expect(text).not.toContain("Brouillon non publié");
    const pages = text.split("\f").length - 1;
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("keeps yearly indicators per member and totals for the community", async () => {
    const db = env.services.db;
    const year = new Date().getUTCFullYear();
    const v = { jobsCreated: 5, jobsSecured: 10, peopleSupported: 40, trainings: 2 };
    await expect(
      declareIndicators(db, { callId: call.id, organizationId: m[1].org, userId: m[0].owner.id, year, values: v }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      declareIndicators(db, { callId: call.id, organizationId: m[0].org, userId: m[0].owner.id, year: 1990, values: v }),
    ).rejects.toMatchObject({ messageKey: "indicators.yearInvalid" });
    await declareIndicators(db, { callId: call.id, organizationId: m[0].org, userId: m[0].owner.id, year, values: v });
    await declareIndicators(db, {
      callId: call.id,
      organizationId: m[0].org,
      userId: m[0].owner.id,
      year,
      values: { ...v, jobsCreated: 6 },
    });
    await declareIndicators(db, { callId: call.id, organizationId: m[1].org, userId: m[1].owner.id, year, values: v });
    expect(await indicatorsOf(db, { callId: call.id, organizationId: m[0].org, userId: m[0].owner.id })).toEqual([
      { year, ...v, jobsCreated: 6 },
    ]);
    expect(await communityTotals(db, { callId: call.id, userId: m[2].owner.id })).toEqual([
      { year, members: 2, jobsCreated: 11, jobsSecured: 20, peopleSupported: 80, trainings: 4 },
    ]);
  });

  it("shows the organiser each member's participation and who drifts away", async () => {
    const db = env.services.db;
    const future = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    const e1 = await createEvent(db, {
      callId: call.id,
      actorId: organiser,
      kind: "visit",
      title: "Visite 1",
      date: future,
      startTime: "10:00",
      endTime: "12:00",
      address: "Figeac",
      programme: "",
      capacity: 10,
      hostOrgId: m[0].org,
    });
    const e2 = await createEvent(db, {
      callId: call.id,
      actorId: organiser,
      kind: "meeting",
      title: "Rencontre",
      date: future,
      startTime: "14:00",
      endTime: "17:00",
      address: "Paris",
      programme: "",
      capacity: 10,
    });
    for (const e of [e1, e2]) await register(db, { eventId: e, userId: m[0].owner.id, appUrl });
    for (const e of [e1, e2]) await setAttendance(db, { eventId: e, actorId: organiser, present: [m[0].owner.id] });
    await expect(participation(db, { callId: call.id, userId: m[0].owner.id })).rejects.toBeInstanceOf(NotFound);
    const later = new Date(Date.now() + 3 * 86400000);
    const rows = await participation(db, { callId: call.id, userId: organiser, now: later });
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName["PTCE Figeac"]).toMatchObject({ visitsHosted: 1, visitsAttended: 1, meetingsAttended: 1, drifting: false });
    expect(byName["PTCE Rennes"]).toMatchObject({ visitsAttended: 0, meetingsAttended: 0, contributions: 1, drifting: false }); // a draft sheet this month
    expect(byName["PTCE Lyon"].contributions).toBeGreaterThanOrEqual(2);
  });
});
