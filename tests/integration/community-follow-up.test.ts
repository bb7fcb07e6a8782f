// The community's follow-up (issue 12), on both databases: reminders at the organiser's timing with their
// words; attendance by the door code; a visit finished only when its report and each organisation's
// sheet are in, with what is missing and one reminder; per-discussion e-mail levels (registering follows
// the event's discussion, mute silences it, watch writes at once); and the charter over its versions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, testEnv, type TestEnv } from "../support/services";
import { acceptIntoCommunity, defaultCall, organiserId, submittedDossier, type SubmittedDossier } from "../support/dossiers";
import type { Call } from "../../app/domain/calls/calls.server";
import { createEvent, register, saveReport, sendEventReminders } from "../../app/domain/community/events.server";
import {
  captureStatus,
  checkIn,
  doorCode,
  sendCaptureReminders,
  setEventFollowUp,
} from "../../app/domain/community/event-follow-up.server";
import {
  createThread,
  digestText,
  reply,
  setNotificationMode,
  setThreadLevel,
  threadLevel,
} from "../../app/domain/community/exchanges.server";
import {
  declareOwnIndicators,
  defineIndicator,
  indicatorDefinitions,
  rollUp,
  sendIndicatorReminders,
} from "../../app/domain/community/indicator-model.server";
import { declareIndicators } from "../../app/domain/community/indicators.server";
import { programmeOf } from "../../app/domain/community/programme.server";
import { capitalisationReport, moveSheet, saveSheet } from "../../app/domain/community/sheets.server";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  charterStatusFor,
  publicDirectory,
  saveCharterText,
  setDirectoryEntry,
  signCharter,
} from "../../app/domain/charter/charter.server";
import { DEFAULT_LIMITS } from "../../app/domain/applications/attachments.server";
import { NotFound } from "../../app/lib/errors";

const HOUR = 3_600_000;
const paris = (d: Date) => new Intl.DateTimeFormat("fr-CA", { timeZone: "Europe/Paris" }).format(d);

describe.each(DATABASES)("community follow-up on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser = "";
  const m: SubmittedDossier[] = [];
  const appUrl = "https://trame.test";
  let visitId = "";
  // The visit is on the Paris day of now + 56 h, at 10:00: between 42 and 66 hours ahead whatever the time
  // of day the suite runs (it was now + 48 h: after 22:00 in Paris the visit fell within the default 36 h).
  const starts = new Date(Date.now() + 56 * HOUR);

  const mails = async (to: string, like: string) =>
    (await env.services.db.selectFrom("job").select("payload_json").where("type", "=", "send-mail").execute())
      .map((j) => JSON.parse(j.payload_json) as { to: string; subject: string; text: string })
      .filter((p) => p.to === to && p.subject.replace(/[\u202f\u00a0]/g, " ").includes(like));

  beforeAll(async () => {
    env = await testEnv(kind);
    call = await defaultCall(env.services);
    organiser = await organiserId(env.services);
    for (const [name, query, code] of [
      ["PTCE Figeac", "Figeac", "46102"],
      ["PTCE Rennes", "Rennes", "35238"],
      ["PTCE Lyon", "Lyon", "69123"],
    ] as const)
      m.push(await submittedDossier(env.services, { name, commune: { query, code }, answers: { charter_sign: "yes" } }));
    await acceptIntoCommunity(env.services.db, {
      callId: call.id,
      actorId: organiser,
      appUrl,
      decisions: m.map((d) => ({ dossierId: d.id, decision: "accepted" as const, reasons: "Retenu pour la communauté." })),
    });
    const date = paris(starts);
    visitId = await createEvent(env.services.db, {
      callId: call.id,
      actorId: organiser,
      kind: "visit",
      title: "Visite apprenante à Figeac",
      date,
      startTime: "10:00",
      endTime: "16:00",
      address: "Place de la Halle, Figeac",
      programme: "Matinée : la recyclerie ; après-midi : échanges.",
      capacity: 20,
      hostOrgId: m[0].org,
    });
  });
  afterAll(async () => env?.close());

  it("reminds at the organiser's timing, with their words", async () => {
    const db = env.services.db;
    for (const d of m.slice(1)) await register(db, { eventId: visitId, userId: d.owner.id, appUrl });
    // The day before by default: two days ahead, nothing yet.
    const now = new Date();
    expect(await sendEventReminders(db, appUrl, now)).toBe(0);
    await expect(
      setEventFollowUp(db, { eventId: visitId, actorId: m[1].owner.id, reminderHours: 72, reminderText: "", captureDue: "" }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      setEventFollowUp(db, { eventId: visitId, actorId: organiser, reminderHours: 0, reminderText: "", captureDue: "" }),
    ).rejects.toMatchObject({ messageKey: "events.reminderHoursInvalid" });
    await setEventFollowUp(db, {
      eventId: visitId,
      actorId: organiser,
      reminderHours: 72,
      reminderText: "Apportez des bottes : la recyclerie est en plein air.",
      captureDue: "",
    });
    expect(await sendEventReminders(db, appUrl, now)).toBe(2);
    expect(await sendEventReminders(db, appUrl, now)).toBe(0);
    const [reminder] = await mails(m[1].owner.email, "Rappel");
    expect(reminder.text).toContain("Apportez des bottes");
    expect(reminder.text).toContain("Place de la Halle, Figeac");
  });

  it("records presence with the door code, during the event, for registered people only", async () => {
    const db = env.services.db;
    await expect(doorCode(db, { eventId: visitId, actorId: m[1].owner.id })).rejects.toBeInstanceOf(NotFound);
    const code = await doorCode(db, { eventId: visitId, actorId: organiser });
    expect(code).toMatch(/^\d{6}$/);
    expect(await doorCode(db, { eventId: visitId, actorId: organiser })).toBe(code);
    const e = await db.selectFrom("community_event").select(["starts_at"]).where("id", "=", visitId).executeTakeFirstOrThrow();
    const during = new Date(new Date(e.starts_at).getTime() + 30 * 60_000);
    await expect(checkIn(db, { eventId: visitId, userId: m[1].owner.id, code, now: new Date() })).rejects.toMatchObject({
      messageKey: "events.checkInClosed",
    });
    await expect(
      checkIn(db, { eventId: visitId, userId: m[1].owner.id, code: "000000" === code ? "111111" : "000000", now: during }),
    ).rejects.toMatchObject({
      messageKey: "events.checkInWrongCode",
    });
    await checkIn(db, { eventId: visitId, userId: m[1].owner.id, code: ` ${code} `, now: during });
    await expect(checkIn(db, { eventId: visitId, userId: m[0].owner.id, code, now: during })).rejects.toMatchObject({
      messageKey: "events.checkInNotRegistered",
    });
    const reg = await db
      .selectFrom("event_registration")
      .select(["attended", "checked_in_at"])
      .where("event_id", "=", visitId)
      .where("user_id", "=", m[1].owner.id)
      .executeTakeFirstOrThrow();
    expect(reg.attended).toBe(1);
    expect(reg.checked_in_at).toBe(during.toISOString());
  });

  it("finishes a visit only when its report and each organisation's sheet are in; says what is missing and reminds once", async () => {
    const db = env.services.db;
    const before = await captureStatus(db, visitId);
    expect(before.complete).toBe(false);
    expect(before.report).toBe(false);
    // The host and the organisation that came; Lyon registered but did not come.
    expect(before.organisations.map((o) => [o.name, o.sheet])).toEqual([
      ["Association PTCE Figeac", false],
      ["Association PTCE Rennes", false],
    ]);
    const e = await db.selectFrom("community_event").select(["ends_at"]).where("id", "=", visitId).executeTakeFirstOrThrow();
    const afterVisit = new Date(new Date(e.ends_at).getTime() + 24 * HOUR);
    expect(await sendCaptureReminders(db, appUrl, afterVisit)).toBe(0);
    const weekBefore = new Date(new Date(e.ends_at).getTime() + 15 * 24 * HOUR);
    expect(await sendCaptureReminders(db, appUrl, weekBefore)).toBe(2);
    expect(await sendCaptureReminders(db, appUrl, weekBefore)).toBe(0);
    const [host] = await mails(m[0].owner.email, "Capitalisation");
    expect(host.text.replace(/[\u202f\u00a0]/g, " ")).toContain("le compte rendu de la visite ; la fiche d’expérience de votre structure");
    await saveReport(db, {
      eventId: visitId,
      userId: m[0].owner.id,
      report: "La recyclerie emploie douze personnes en insertion ; visite riche.",
    });
    for (const d of m.slice(0, 2))
      await saveSheet(db, {
        callId: call.id,
        userId: d.owner.id,
        title: `Ce que ${d.name} retient de Figeac`,
        themes: ["emploi"],
        eventId: visitId,
        content: { context: "Visite", actions: "Échanges", impacts: "Idées" },
      });
    expect((await captureStatus(db, visitId)).complete).toBe(true);
    // Published, the sheets go into the capitalisation report, which cites the visit they came from.
    const sheets = await db.selectFrom("sheet").select("id").where("event_id", "=", visitId).execute();
    for (const sh of sheets) {
      await moveSheet(db, { sheetId: sh.id, event: "review", userId: organiser });
      await moveSheet(db, { sheetId: sh.id, event: "publish", userId: organiser });
    }
    const pdf = await capitalisationReport(db, {
      callId: call.id,
      userId: organiser,
      from: "2000-01-01",
      to: "2100-01-01",
      title: "Capitalisation",
    });
    const dir = mkdtempSync(join(tmpdir(), "report-"));
    writeFileSync(join(dir, "r.pdf"), pdf);
    const text = execFileSync("pdftotext", ["-layout", join(dir, "r.pdf"), "-"])
      .toString()
      .replace(/[\u202f\u00a0]/g, " ");
    expect(text).toContain("visite « Visite apprenante à Figeac »");
    expect(text).toMatch(/Visites citées\s+\d+/);
    expect(text).toMatch(/Visite apprenante à Figeac — .* — 2 fiches/);
    // The programme at a glance: the visit held, its report and sheets done; the years' indicators due or planned.
    const later = new Date(new Date(e.ends_at).getTime() + 30 * 24 * HOUR);
    const p = await programmeOf(db, { callId: call.id, userId: m[2].owner.id, now: later });
    const all = p.months.flatMap((x) => x.items);
    const ofVisit = all.filter((i) => i.eventId === visitId).map((i) => [i.kind, i.status]);
    expect(ofVisit).toEqual(
      expect.arrayContaining([
        ["visit", "done"],
        ["report", "done"],
        ["sheets", "done"],
      ]),
    );
    expect(all.filter((i) => i.kind === "indicators").length).toBeGreaterThanOrEqual(2);
    expect(p.months.map((x) => x.month)).toEqual([...p.months.map((x) => x.month)].sort());
    const outsider = await submittedDossier(env.services, { name: "PTCE Lille", commune: { query: "Lille", code: "59350" } });
    await expect(programmeOf(db, { callId: call.id, userId: outsider.owner.id })).rejects.toBeInstanceOf(NotFound);
  });

  it("registering follows the event's discussion; mute silences a discussion, watch writes at once even in digest mode", async () => {
    const db = env.services.db;
    const base = { files: [], limits: DEFAULT_LIMITS, appUrl };
    const threadId = await createThread(db, env.services.storage, {
      ...base,
      callId: call.id,
      userId: organiser,
      theme: "general",
      title: "Préparer la visite de Figeac",
      body: "Vos questions pour la recyclerie ?",
      eventId: visitId,
    });
    expect(await threadLevel(db, threadId, m[1].owner.id)).toBe("watch");
    expect(await threadLevel(db, threadId, m[0].owner.id)).toBe("normal");
    await setNotificationMode(db, { callId: call.id, userId: m[1].owner.id, mode: "digest" });
    await setThreadLevel(db, { threadId, userId: m[2].owner.id, level: "mute" });
    await expect(setThreadLevel(db, { threadId, userId: m[2].owner.id, level: "loud" as never })).rejects.toMatchObject({
      messageKey: "error.badRequest",
    });
    // Lyon, registered too, received the opening message before muting the discussion.
    const mutedBefore = (await mails(m[2].owner.email, "Préparer la visite de Figeac")).length;
    await reply(db, env.services.storage, { ...base, threadId, userId: m[0].owner.id, body: "Combien de salariés en insertion ?" });
    // Watching (registered): the opening message and the reply, at once, though their community setting is the digest.
    expect(await mails(m[1].owner.email, "Préparer la visite de Figeac")).toHaveLength(2);
    expect(await mails(m[2].owner.email, "Préparer la visite de Figeac")).toHaveLength(mutedBefore);
  });

  it("asks signatories to sign a new version of the charter; the directory shows which version each signed", async () => {
    const db = env.services.db;
    await saveCharterText(db, {
      title: "Charte des PTCE",
      body: "Première version du texte de la charte, assez longue.",
      actorId: organiser,
      appUrl,
    });
    const v1 = (await charterStatusFor(db, m[0].owner.id))[0];
    const signatureId = await signCharter(db, {
      organizationId: v1.organizationId,
      userId: m[0].owner.id,
      signatoryName: "Camille Martin",
      signatoryRole: "Présidente",
      consent: true,
      textVersion: 2,
      appUrl,
    });
    await setDirectoryEntry(db, { signatureId, userId: m[0].owner.id, optIn: true, description: "" });
    await expect(
      signCharter(db, {
        organizationId: v1.organizationId,
        userId: m[0].owner.id,
        signatoryName: "Camille Martin",
        signatoryRole: "Présidente",
        consent: true,
        textVersion: 2,
        appUrl,
      }),
    ).rejects.toMatchObject({ messageKey: "charter.alreadySigned" });
    expect((await publicDirectory(db)).map((r) => r.version)).toEqual([2]);
    await saveCharterText(db, {
      title: "Charte des PTCE",
      body: "Deuxième version : un engagement de plus sur la capitalisation.",
      actorId: organiser,
      appUrl,
    });
    expect(await mails(m[0].owner.email, "La charte a changé")).toHaveLength(1);
    expect((await charterStatusFor(db, m[0].owner.id))[0]).toMatchObject({ signatureId, signedVersion: 2 });
    expect(
      await signCharter(db, {
        organizationId: v1.organizationId,
        userId: m[0].owner.id,
        signatoryName: "Camille Martin",
        signatoryRole: "Présidente",
        consent: true,
        textVersion: 3,
        appUrl,
      }),
    ).toBe(signatureId);
    expect((await publicDirectory(db)).map((r) => r.version)).toEqual([3]);
    const history = await db
      .selectFrom("charter_signing")
      .select("version")
      .where("organization_id", "=", v1.organizationId)
      .orderBy("version")
      .execute();
    expect(history.map((h) => h.version)).toEqual([2, 3]);
  });

  it("gives indicators a unit, a baseline and a target, rolls members' values up by a stated method, and reminds once", async () => {
    const db = env.services.db;
    // The community's first year, or the year before it (its baseline) when it has not begun.
    const year = Math.max(
      Number(call.timeline.communityStart.slice(0, 4)) - 1,
      Math.min(Number(call.timeline.communityStart.slice(0, 4)), new Date().getUTCFullYear()),
    );
    await expect(
      defineIndicator(db, {
        callId: call.id,
        actorId: m[0].owner.id,
        label: "Hectares",
        unit: "ha",
        baseline: null,
        target: null,
        aggregation: "sum",
      }),
    ).rejects.toBeInstanceOf(NotFound);
    await defineIndicator(db, {
      callId: call.id,
      actorId: organiser,
      key: "jobsCreated",
      label: "",
      unit: "",
      baseline: 10,
      target: 60,
      aggregation: "sum",
    });
    await defineIndicator(db, {
      callId: call.id,
      actorId: organiser,
      label: "Part de salariés en insertion",
      unit: "%",
      baseline: 20,
      target: 40,
      aggregation: "mean",
    });
    await expect(
      defineIndicator(db, {
        callId: call.id,
        actorId: organiser,
        label: "Part de salariés en insertion",
        unit: "%",
        baseline: null,
        target: null,
        aggregation: "mean",
      }),
    ).rejects.toMatchObject({ messageKey: "indicators.exists" });
    await expect(
      defineIndicator(db, {
        callId: call.id,
        actorId: organiser,
        label: "Sans unité",
        unit: " ",
        baseline: null,
        target: null,
        aggregation: "sum",
      }),
    ).rejects.toMatchObject({ messageKey: "indicators.unitRequired" });
    const own = (await indicatorDefinitions(db, call.id)).find((d) => !d.standard)!;
    for (const [i, jobs, share] of [
      [0, 20, 30],
      [1, 15, 50],
    ] as const) {
      await declareIndicators(db, {
        callId: call.id,
        organizationId: m[i].org,
        userId: m[i].owner.id,
        year,
        values: { jobsCreated: jobs, jobsSecured: 1, peopleSupported: 2, trainings: 3 },
      });
      await declareOwnIndicators(db, {
        callId: call.id,
        organizationId: m[i].org,
        userId: m[i].owner.id,
        year,
        values: { [own.key]: share },
      });
    }
    await expect(
      declareOwnIndicators(db, { callId: call.id, organizationId: m[0].org, userId: m[1].owner.id, year, values: { [own.key]: 1 } }),
    ).rejects.toBeInstanceOf(NotFound);
    const r = await rollUp(db, { callId: call.id, userId: m[2].owner.id });
    expect(r.members).toBe(3);
    const jobs = r.indicators.find((i) => i.definition.key === "jobsCreated")!;
    expect(jobs.years).toEqual([{ year, value: 35, declared: 2 }]);
    expect(jobs.progress).toBe(50); // (35 − 10) / (60 − 10)
    const share = r.indicators.find((i) => i.definition.key === own.key)!;
    expect(share.definition).toMatchObject({ unit: "%", aggregation: "mean", baseline: 20, target: 40 });
    expect(share.years).toEqual([{ year, value: 40, declared: 2 }]);
    expect(share.progress).toBe(100);
    // Once the year is over, the member that did not declare is reminded, once.
    const january = new Date(`${year + 1}-01-15T10:00:00Z`);
    expect(await sendIndicatorReminders(db, appUrl, january)).toBe(1);
    expect(await sendIndicatorReminders(db, appUrl, january)).toBe(0);
    expect(await mails(m[2].owner.email, `Vos indicateurs ${year}`)).toHaveLength(1);
    expect(await sendIndicatorReminders(db, appUrl, new Date(`${year + 1}-06-15T10:00:00Z`))).toBe(0);
  });
});

describe("the digest", () => {
  it("groups by discussion, newest discussion and message first, one link per discussion", () => {
    const text = digestText(
      [
        { thread_id: "a", title: "Visite de Figeac", name: "Léa", created_at: "2026-03-02T09:00:00Z", body: "Premier" },
        { thread_id: "b", title: "Indicateurs", name: "Marc", created_at: "2026-03-02T11:00:00Z", body: "Question" },
        { thread_id: "a", title: "Visite de Figeac", name: "Paul", created_at: "2026-03-02T12:00:00Z", body: "Second" },
      ],
      "fr",
      (id) => `https://trame.test/t/${id}`,
    );
    const lines = text.split("\n");
    expect(lines[0]).toBe("■ Visite de Figeac (2 nouveaux messages)");
    expect(lines[1]).toContain("Paul");
    expect(lines[2]).toContain("Léa");
    expect(lines[3]).toBe("  https://trame.test/t/a");
    expect(text.indexOf("Indicateurs")).toBeGreaterThan(text.indexOf("Visite de Figeac"));
    expect(text.match(/https:\/\/trame\.test\/t\/a/g)).toHaveLength(1);
  });
});
