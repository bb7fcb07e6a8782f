// The learning community on both databases (issue 3): only accepted organisations' members (and the
// call's organisers) see it; profiles and hosting offers; the visit planner from members' offers,
// published as visits; registrations never above capacity under concurrent registrations, with the
// waiting list promoted when a place frees; invitations with an .ics read back by ical.js; reminders;
// attendance and reports.
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { defaultCall, organiserId, submittedDossier, type SubmittedDossier, acceptIntoCommunity } from "../support/dossiers";
import type { Call } from "../../app/domain/calls/calls.server";
import { communityAccess, membersOf, saveProfile } from "../../app/domain/community/community.server";
import {
  askHostsToWiden,
  createEvent,
  eventFor,
  proposeVisitPlan,
  publishVisitPlan,
  register,
  registrations,
  saveReport,
  sendEventReminders,
  setAttendance,
  unregister,
} from "../../app/domain/community/events.server";
import { addMember } from "../support/members";
import { NotFound } from "../../app/lib/errors";
import { formatMonth } from "../../app/lib/paris-time";
import { runDueJobs } from "../../app/jobs/queue.server";
import { plain } from "../support/text";

describe.each(DATABASES)("the learning community on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser = "";
  const members: SubmittedDossier[] = [];
  let declined: SubmittedDossier;
  const colleagues: { id: string; email: string }[] = [];
  const appUrl = "https://trame.test";
  let eventId = "";

  beforeAll(async () => {
    env = await testEnv(kind);
    call = await defaultCall(env.services);
    organiser = await organiserId(env.services);
    const month = call.timeline.communityStart.slice(0, 7);
    for (const [name, query, code] of [
      ["PTCE Figeac", "Figeac", "46102"],
      ["PTCE Rennes", "Rennes", "35238"],
      ["PTCE Lyon", "Lyon", "69123"],
    ] as const) {
      members.push(
        await submittedDossier(env.services, {
          name,
          commune: { query, code },
          answers: { host_visit: "yes", host_experiences: `Expériences de ${name}`, host_when: month },
        }),
      );
    }
    declined = await submittedDossier(env.services, { name: "PTCE Lille", commune: { query: "Lille", code: "59350" } });
    await acceptIntoCommunity(env.services.db, {
      callId: call.id,
      actorId: organiser,
      appUrl,
      decisions: [
        ...members.map((m) => ({ dossierId: m.id, decision: "accepted" as const, reasons: "Retenu pour la communauté." })),
        { dossierId: declined.id, decision: "declined", reasons: "Non retenu cette fois." },
      ],
    });
    // Colleagues of the first member: five people who will register at the same instant.
    for (let i = 0; i < 5; i++) colleagues.push(await addMember(env.services, members[0].org, `Collègue ${i}`));
  });
  afterAll(async () => env?.close());

  it("opens the community to accepted members and the call's organisers only", async () => {
    const db = env.services.db;
    expect((await communityAccess(db, members[0].owner.id, call.id)).role).toBe("member");
    expect((await communityAccess(db, organiser, call.id)).role).toBe("organiser");
    await expect(communityAccess(db, declined.owner.id, call.id)).rejects.toBeInstanceOf(NotFound);
    const stranger = await createVerifiedUser(env.services, "Inconnu");
    await expect(communityAccess(db, stranger.id, call.id)).rejects.toBeInstanceOf(NotFound);
    const list = await membersOf(db, call.id);
    expect(list.map((m) => m.name)).toEqual(["PTCE Figeac", "PTCE Lyon", "PTCE Rennes"]);
    expect(list[0]).toMatchObject({
      departement: "46",
      regionName: "Occitanie",
      hosts: true,
      hostExperiences: "Expériences de PTCE Figeac",
    });
  });

  it("members edit their own hosting offer only, within the commitment period", async () => {
    const db = env.services.db;
    const start = call.timeline.communityStart.slice(0, 7);
    const end = call.timeline.communityEnd.slice(0, 7);
    const base = { callId: call.id, description: "Notre pôle", hosts: true, hostExperiences: "Recyclerie", hostFrom: start, hostTo: end };
    await expect(saveProfile(db, { ...base, organizationId: members[1].org, userId: members[0].owner.id })).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(
      saveProfile(db, { ...base, organizationId: members[0].org, userId: members[0].owner.id, hostTo: "2099-01" }),
    ).rejects.toMatchObject({ messageKey: "community.hostWindowOutside" });
    for (const m of members) await saveProfile(db, { ...base, organizationId: m.org, userId: m.owner.id });
    expect((await membersOf(db, call.id)).every((m) => m.hostFrom === start && m.hostTo === end)).toBe(true);
  });

  it("plans visits from the offers and publishes them; members are told", async () => {
    const db = env.services.db;
    await expect(proposeVisitPlan(db, { callId: call.id, actorId: members[0].owner.id })).rejects.toBeInstanceOf(NotFound);
    const { plan } = await proposeVisitPlan(db, { callId: call.id, actorId: organiser });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.distinctHosts).toBe(3);
    const visits = plan.visits.slice(0, 2).map((v, i) => ({
      kind: "visit" as const,
      title: `Visite ${i + 1}`,
      date: `${v.month}-15`,
      startTime: "10:00",
      endTime: "16:00",
      address: "Place de la Mairie",
      programme: "Découverte",
      capacity: 3,
      hostOrgId: v.hostId,
    }));
    const ids = await publishVisitPlan(db, { callId: call.id, actorId: organiser, visits, appUrl });
    expect(ids).toHaveLength(2);
    const told = await db.selectFrom("job").select("payload_json").where("payload_json", "like", "%Calendrier des visites%").execute();
    expect(told.length).toBeGreaterThanOrEqual(3 + colleagues.length);
    // The same calendar posted again (a double click): nothing more, nobody told twice.
    await expect(publishVisitPlan(db, { callId: call.id, actorId: organiser, visits, appUrl })).rejects.toMatchObject({
      messageKey: "events.alreadyPublished",
    });
    expect(
      await db.selectFrom("job").select("payload_json").where("payload_json", "like", "%Calendrier des visites%").execute(),
    ).toHaveLength(told.length);
    expect(
      Number(
        (await db.selectFrom("community_event").select(db.fn.countAll().as("n")).where("call_id", "=", call.id).executeTakeFirst())?.n,
      ),
    ).toBe(2);
  });

  it("never registers more people than places, even all at once; the waiting list is promoted in order", async () => {
    const db = env.services.db;
    const future = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
    eventId = await createEvent(db, {
      callId: call.id,
      actorId: organiser,
      kind: "meeting",
      title: "Rencontre nationale",
      date: future,
      startTime: "09:30",
      endTime: "17:00",
      address: "Paris",
      programme: "Capitalisation",
      capacity: 3,
    });
    await expect(register(db, { eventId, userId: declined.owner.id, appUrl })).rejects.toBeInstanceOf(NotFound);
    await expect(register(db, { eventId, userId: organiser, appUrl })).rejects.toMatchObject({ messageKey: "events.membersOnly" });
    const people = [members[0].owner, ...colleagues];
    const results = await Promise.all(people.map((p) => register(db, { eventId, userId: p.id, appUrl })));
    expect(results.filter((r) => r === "registered")).toHaveLength(3);
    expect(results.filter((r) => r === "waitlisted")).toHaveLength(3);
    const regs = await registrations(db, eventId);
    expect(regs.filter((r) => r.status === "registered")).toHaveLength(3);
    const firstWaiting = regs.filter((r) => r.status === "waitlisted")[0];
    const leaving = regs.find((r) => r.status === "registered")!;
    await unregister(db, { eventId, userId: leaving.user_id, appUrl });
    const after = await registrations(db, eventId);
    expect(after.filter((r) => r.status === "registered").map((r) => r.user_id)).toContain(firstWaiting.user_id);
    expect(after.filter((r) => r.status === "registered")).toHaveLength(3);
  });

  it("sends an invitation whose .ics a calendar parser reads back; reminds the day before, once", async () => {
    const db = env.services.db;
    // Whoever got a place at once (registrations were simultaneous: the order is not fixed).
    const job = await db
      .selectFrom("job")
      .select("payload_json")
      .where("payload_json", "like", "%Inscription confirmée — Rencontre nationale%")
      .executeTakeFirstOrThrow();
    const invited = (JSON.parse(job.payload_json) as { to: string }).to;
    const payload = JSON.parse(job.payload_json) as { attachments: { filename: string; contentBase64: string }[] };
    const ics = Buffer.from(payload.attachments[0].contentBase64, "base64").toString("utf8");
    const comp = new ICAL.Component(ICAL.parse(ics));
    expect(comp.getFirstPropertyValue("method")).toBe("REQUEST");
    const vevent = new ICAL.Event(comp.getFirstSubcomponent("vevent")!);
    expect(vevent.summary).toBe("Rencontre nationale");
    expect(vevent.location).toBe("Paris");
    expect(vevent.uid).toBe(`${eventId}@trame`);
    const { event } = await eventFor(db, { eventId, userId: organiser });
    expect(vevent.startDate.toJSDate().toISOString()).toBe(event.starts_at);
    // The mail job turns the base64 attachment into a real .ics attachment.
    await runDueJobs(db, env.services.jobHandlers, { limit: 200 });
    const mail = await db
      .selectFrom("email")
      .select("attachments_json")
      .where("to_addr", "=", invited)
      .where("subject", "like", "Inscription confirmée%")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(mail.attachments_json)[0]).toMatchObject({
      filename: "invitation.ics",
      contentType: expect.stringContaining("text/calendar"),
    });
    const dayBefore = new Date(new Date(event.starts_at).getTime() - 20 * 3600_000);
    expect(await sendEventReminders(db, appUrl, dayBefore)).toBe(3);
    expect(await sendEventReminders(db, appUrl, dayBefore)).toBe(0);
  });

  it("takes attendance and keeps a report, written by the organiser", async () => {
    const db = env.services.db;
    const regs = (await registrations(db, eventId)).filter((r) => r.status === "registered");
    await expect(setAttendance(db, { eventId, actorId: members[0].owner.id, present: [] })).rejects.toBeInstanceOf(NotFound);
    await setAttendance(db, { eventId, actorId: organiser, present: [regs[0].user_id] });
    expect((await registrations(db, eventId)).filter((r) => r.attended === 1).map((r) => r.user_id)).toEqual([regs[0].user_id]);
    await expect(
      saveReport(db, { eventId, userId: members[1].owner.id, report: "Un compte rendu par quelqu’un d’autre." }),
    ).rejects.toBeInstanceOf(NotFound);
    await saveReport(db, { eventId, userId: organiser, report: "Compte rendu : trois ateliers sur la sécurisation des parcours." });
    expect((await eventFor(db, { eventId, userId: members[0].owner.id })).event.report).toContain("trois ateliers");
  });

  it("a partial calendar when windows leave gaps: members asked to widen by e-mail, a visit added by hand (issue 9)", async () => {
    const db = env.services.db;
    const start = call.timeline.communityStart.slice(0, 7);
    const [y, m] = start.split("-").map(Number);
    const plus = (k: number) => `${y + Math.floor((m - 1 + k) / 12)}-${String(((m - 1 + k) % 12) + 1).padStart(2, "0")}`;
    // Two hosts offering one month each, the third offering nothing: most dates have no host.
    const offer = { callId: call.id, description: "Notre pôle", hostExperiences: "Recyclerie" };
    await saveProfile(db, {
      ...offer,
      organizationId: members[0].org,
      userId: members[0].owner.id,
      hosts: true,
      hostFrom: start,
      hostTo: start,
    });
    await saveProfile(db, {
      ...offer,
      organizationId: members[1].org,
      userId: members[1].owner.id,
      hosts: true,
      hostFrom: plus(4),
      hostTo: plus(4),
    });
    await saveProfile(db, {
      ...offer,
      organizationId: members[2].org,
      userId: members[2].owner.id,
      hosts: false,
      hostFrom: "",
      hostTo: "",
    });
    const { plan } = await proposeVisitPlan(db, { callId: call.id, actorId: organiser });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.complete).toBe(false);
    expect(plan.visits.map((v) => v.hostId).sort()).toEqual([members[0].org, members[1].org].sort());
    expect(plan.gaps.length).toBeGreaterThan(2);
    const gap = plan.gaps[0];
    expect(gap.closest.length + gap.neverHosted.length).toBeGreaterThan(0);

    // Asking to widen: the organiser only, members of this community only, a month of the period, a message.
    const ask = {
      callId: call.id,
      actorId: organiser,
      month: gap.month,
      organizationIds: [members[2].org],
      message: "Pourriez-vous accueillir une visite ?",
      appUrl,
    };
    await expect(askHostsToWiden(db, { ...ask, actorId: members[0].owner.id })).rejects.toBeInstanceOf(NotFound);
    await expect(askHostsToWiden(db, { ...ask, organizationIds: [declined.org] })).rejects.toBeInstanceOf(NotFound);
    await expect(askHostsToWiden(db, { ...ask, organizationIds: [] })).rejects.toMatchObject({ messageKey: "plan.ask.noneChosen" });
    await expect(askHostsToWiden(db, { ...ask, month: "2099-01" })).rejects.toMatchObject({ messageKey: "plan.ask.badMonth" });
    await expect(askHostsToWiden(db, { ...ask, message: "  " })).rejects.toMatchObject({ messageKey: "plan.ask.messageTooShort" });
    expect(await askHostsToWiden(db, ask)).toEqual({ sent: 1, alreadyAsked: 0 });
    const mails = await db
      .selectFrom("job")
      .select("payload_json")
      .where("payload_json", "like", "%Pourriez-vous accueillir une visite apprenante vers%")
      .execute();
    expect(mails).toHaveLength(1);
    const mail = JSON.parse(mails[0].payload_json) as { to: string; text: string };
    expect(mail.to).toBe(members[2].owner.email);
    expect(mail.text).toContain(`${appUrl}/communaute/${call.id}?accueil=${members[2].org}#accueil-${members[2].org}`);
    expect(mail.text).toContain("Pourriez-vous accueillir une visite ?");
    expect(plain(mail.text)).toContain(`vers ${formatMonth(gap.month, "fr")} :`);
    expect(mail.text).not.toContain(`${gap.month} `);
    // A double click e-mails nobody twice; the page lists the request.
    expect(await askHostsToWiden(db, ask)).toEqual({ sent: 0, alreadyAsked: 1 });
    expect(
      await db
        .selectFrom("job")
        .select("id")
        .where("payload_json", "like", "%Pourriez-vous accueillir une visite apprenante vers%")
        .execute(),
    ).toHaveLength(1);
    expect((await proposeVisitPlan(db, { callId: call.id, actorId: organiser })).requests).toMatchObject([
      { organizationId: members[2].org, month: gap.month },
    ]);

    // A visit added by hand in the gap: the host's name, place and programme when left empty; never a non-member host.
    const manual = {
      kind: "visit" as const,
      title: "",
      date: `${gap.month}-15`,
      startTime: "10:00",
      endTime: "16:00",
      address: "",
      programme: "",
      capacity: 12,
      hostOrgId: members[2].org,
    };
    await expect(
      publishVisitPlan(db, { callId: call.id, actorId: organiser, visits: [{ ...manual, hostOrgId: declined.org }], appUrl }),
    ).rejects.toMatchObject({ messageKey: "events.hostNotMember" });
    const [id] = await publishVisitPlan(db, { callId: call.id, actorId: organiser, visits: [manual], appUrl });
    const added = await db.selectFrom("community_event").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(added).toMatchObject({
      title: "Visite apprenante chez PTCE Lyon",
      address: "Lyon (69)",
      host_org_id: members[2].org,
      kind: "visit",
    });
    await expect(
      createEvent(db, { ...manual, title: "Rencontre", address: "Paris", callId: call.id, actorId: organiser, hostOrgId: "inconnu" }),
    ).rejects.toMatchObject({ messageKey: "events.hostNotMember" });
  });
});
