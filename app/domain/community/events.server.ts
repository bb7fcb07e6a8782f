// Community events (issue 3): learning visits and national meetings share one machinery — programme,
// date, place, capacity, registrations with a waiting list (never above capacity, even when members
// register at the same instant), an iCalendar invitation by e-mail, a reminder the day before,
// attendance taken by the organiser, and a report (visit report, meeting minutes) written after.
import { emitWebhookEvent } from "../webhooks/webhooks.server";
import { sql } from "kysely";
import { isPostgres, type Kdb } from "../../db/database.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { enqueue } from "../../jobs/queue.server";
import { formatMonth, formatParisDateTime, isCivilDate, parisWallTimeToInstant, parseCivilDate } from "../../lib/paris-time";
import { isLocale, t } from "../../i18n/i18n";
import { communityAccess, commitmentPeriod, membersOf } from "./community.server";
import { planVisits, type PlanResult } from "./visit-planner";
import { eventIcs } from "./ical";
import { followThread } from "./exchanges.server";
import { communityDossiers } from "../applications/lifecycle.server";

export type EventKind = "visit" | "meeting";

/** The call's organiser, on a call that has a community. */
async function assertCommunityOrganiser(db: Kdb, userId: string, callId: string) {
  const a = await communityAccess(db, userId, callId);
  if (a.role !== "organiser") throw new NotFound();
  return a;
}

export interface EventInput {
  kind: EventKind;
  title: string;
  date: string; // civil date, Europe/Paris
  startTime: string; // HH:MM
  endTime: string;
  address: string;
  programme: string;
  capacity: number;
  hostOrgId?: string | null;
}

function instants(input: EventInput): { startsAt: string; endsAt: string } {
  if (!isCivilDate(input.date) || !/^\d{2}:\d{2}$/.test(input.startTime) || !/^\d{2}:\d{2}$/.test(input.endTime))
    throw new DomainError("events.whenInvalid", 400);
  const { year, month, day } = parseCivilDate(input.date);
  const start = parisWallTimeToInstant(year, month, day, Number(input.startTime.slice(0, 2)), Number(input.startTime.slice(3)));
  const end = parisWallTimeToInstant(year, month, day, Number(input.endTime.slice(0, 2)), Number(input.endTime.slice(3)));
  if (end <= start) throw new DomainError("events.endBeforeStart", 400);
  return { startsAt: start.toISOString(), endsAt: end.toISOString() };
}

function checkInput(input: EventInput) {
  if (!["visit", "meeting"].includes(input.kind)) throw new DomainError("error.badRequest", 400);
  if (input.title.trim().length < 3) throw new DomainError("events.titleRequired", 400);
  if (!input.address.trim()) throw new DomainError("events.addressRequired", 400);
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 1000)
    throw new DomainError("events.capacityInvalid", 400);
}

/** A host must be a member of this community (an accepted dossier of the call), never any organisation's id. */
async function checkHost(db: Kdb, callId: string, hostOrgId: string | null | undefined) {
  if (!hostOrgId) return;
  const member = await db
    .selectFrom("dossier")
    .select("id")
    .where("call_id", "=", callId)
    .where("organization_id", "=", hostOrgId)
    .where("state", "=", "accepted")
    .where("id", "in", communityDossiers(db))
    .executeTakeFirst();
  if (!member) throw new DomainError("events.hostNotMember", 400);
}

/** The same event already there (a form posted twice): same call, kind, title and start. */
async function sameEvent(db: Kdb, input: { callId: string; kind: EventKind; title: string; startsAt: string }) {
  return db
    .selectFrom("community_event")
    .select("id")
    .where("call_id", "=", input.callId)
    .where("kind", "=", input.kind)
    .where("title", "=", input.title.trim())
    .where("starts_at", "=", input.startsAt)
    .where("status", "!=", "cancelled")
    .executeTakeFirst();
}

/** Creates an event; posting the same form again (a double click) returns the event already created. */
export async function createEvent(db: Kdb, input: EventInput & { callId: string; actorId: string; now?: Date }): Promise<string> {
  await assertCommunityOrganiser(db, input.actorId, input.callId);
  checkInput(input);
  const { startsAt, endsAt } = instants(input);
  await checkHost(db, input.callId, input.hostOrgId);
  const existing = await sameEvent(db, { ...input, startsAt });
  if (existing) return existing.id;
  const id = newId();
  const at = (input.now ?? new Date()).toISOString();
  await db
    .insertInto("community_event")
    .values({
      id,
      call_id: input.callId,
      kind: input.kind,
      status: "published",
      title: input.title.trim(),
      starts_at: startsAt,
      ends_at: endsAt,
      host_org_id: input.hostOrgId ?? null,
      address: input.address.trim(),
      programme: input.programme.trim(),
      capacity: input.capacity,
      report: null,
      report_at: null,
      sequence: 0,
      created_by: input.actorId,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

/** A change of date, place or programme: registered members receive the updated invitation. */
export async function updateEvent(
  db: Kdb,
  input: EventInput & { eventId: string; actorId: string; appUrl: string; now?: Date },
): Promise<void> {
  const e = await db.selectFrom("community_event").selectAll().where("id", "=", input.eventId).executeTakeFirst();
  if (!e) throw new NotFound();
  await assertCommunityOrganiser(db, input.actorId, e.call_id);
  checkInput(input);
  const { startsAt, endsAt } = instants(input);
  await checkHost(db, e.call_id, input.hostOrgId);
  if (input.capacity < (await countRegistered(db, e.id))) throw new DomainError("events.capacityBelowRegistered", 409);
  await db
    .updateTable("community_event")
    .set((eb) => ({
      title: input.title.trim(),
      starts_at: startsAt,
      ends_at: endsAt,
      address: input.address.trim(),
      programme: input.programme.trim(),
      capacity: input.capacity,
      host_org_id: input.hostOrgId ?? e.host_org_id,
      sequence: eb("sequence", "+", 1),
      updated_at: (input.now ?? new Date()).toISOString(),
    }))
    .where("id", "=", e.id)
    .execute();
  await promoteWaitlisted(db, e.id, input.appUrl);
  for (const r of await registrations(db, e.id))
    if (r.status === "registered") await sendInvitation(db, { eventId: e.id, userId: r.user_id, appUrl: input.appUrl, updated: true });
}

export async function cancelEvent(db: Kdb, input: { eventId: string; actorId: string; appUrl: string }): Promise<void> {
  const e = await db.selectFrom("community_event").selectAll().where("id", "=", input.eventId).executeTakeFirst();
  if (!e) throw new NotFound();
  await assertCommunityOrganiser(db, input.actorId, e.call_id);
  await db
    .updateTable("community_event")
    .set((eb) => ({ status: "cancelled", sequence: eb("sequence", "+", 1) }))
    .where("id", "=", e.id)
    .execute();
  for (const r of await registrations(db, e.id))
    if (r.status === "registered") await sendInvitation(db, { eventId: e.id, userId: r.user_id, appUrl: input.appUrl, cancelled: true });
}

export async function eventsOf(db: Kdb, callId: string) {
  return db
    .selectFrom("community_event")
    .leftJoin("organization", "organization.id", "community_event.host_org_id")
    .select([
      "community_event.id",
      "community_event.kind",
      "community_event.status",
      "community_event.title",
      "community_event.starts_at",
      "community_event.ends_at",
      "community_event.address",
      "community_event.capacity",
      "community_event.report_at",
      "community_event.sequence",
      "organization.name as host_name",
    ])
    .where("community_event.call_id", "=", callId)
    .orderBy("community_event.starts_at")
    .execute();
}

/** An event, for the call's members and organisers. */
export async function eventFor(db: Kdb, input: { eventId: string; userId: string }) {
  const e = await db.selectFrom("community_event").selectAll().where("id", "=", input.eventId).executeTakeFirst();
  if (!e) throw new NotFound();
  const access = await communityAccess(db, input.userId, e.call_id);
  return { event: e, access };
}

async function countRegistered(db: Kdb, eventId: string): Promise<number> {
  const r = await db
    .selectFrom("event_registration")
    .select(db.fn.countAll().as("n"))
    .where("event_id", "=", eventId)
    .where("status", "=", "registered")
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function registrations(db: Kdb, eventId: string) {
  return db
    .selectFrom("event_registration")
    .innerJoin("user", "user.id", "event_registration.user_id")
    .innerJoin("organization", "organization.id", "event_registration.organization_id")
    .select([
      "event_registration.user_id",
      "event_registration.status",
      "event_registration.registered_at",
      "event_registration.attended",
      "user.name",
      "user.email",
      "organization.name as organisation",
    ])
    .where("event_registration.event_id", "=", eventId)
    .orderBy("event_registration.registered_at")
    .execute();
}

/**
 * A member registers (for one of their member organisations): a place if one is left, else the waiting
 * list. The count and the insert happen under a lock on the event, so capacity is never exceeded.
 */
export async function register(
  db: Kdb,
  input: { eventId: string; userId: string; appUrl: string; now?: Date },
): Promise<"registered" | "waitlisted"> {
  const { event, access } = await eventFor(db, input);
  if (access.role !== "member") throw new DomainError("events.membersOnly", 403);
  if (event.status !== "published") throw new DomainError("events.notOpen", 409);
  if (new Date(event.starts_at) <= (input.now ?? new Date())) throw new DomainError("events.past", 409);
  const status = await db.transaction().execute(async (trx) => {
    if (isPostgres(db)) await sql`select id from community_event where id = ${event.id} for update`.execute(trx);
    const existing = await trx
      .selectFrom("event_registration")
      .select("status")
      .where("event_id", "=", event.id)
      .where("user_id", "=", input.userId)
      .executeTakeFirst();
    if (existing && existing.status !== "cancelled") return { status: existing.status as "registered" | "waitlisted", created: false };
    const taken = Number(
      (
        await trx
          .selectFrom("event_registration")
          .select(trx.fn.countAll().as("n"))
          .where("event_id", "=", event.id)
          .where("status", "=", "registered")
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const next = taken < event.capacity ? "registered" : "waitlisted";
    const at = (input.now ?? new Date()).toISOString();
    await trx
      .insertInto("event_registration")
      .values({
        event_id: event.id,
        user_id: input.userId,
        organization_id: access.organizationIds[0],
        status: next,
        registered_at: at,
        attended: null,
        reminded_at: null,
      })
      .onConflict((oc) => oc.columns(["event_id", "user_id"]).doUpdateSet({ status: next, registered_at: at }))
      .execute();
    await emitWebhookEvent(trx, {
      callId: event.call_id,
      type: "registration.created",
      data: {
        event_id: event.id,
        event_title: event.title,
        starts_at: event.starts_at,
        person_id: input.userId,
        organisation_id: access.organizationIds[0],
        status: next,
        registered_at: at,
      },
      now: input.now,
    });
    return { status: next as "registered" | "waitlisted", created: true };
  });
  if (status.status === "registered") await sendInvitation(db, { eventId: event.id, userId: input.userId, appUrl: input.appUrl });
  // Registering follows the event's discussion (as Discourse's « going » watches the topic).
  const threads = await db.selectFrom("thread").select("id").where("event_id", "=", event.id).execute();
  for (const th of threads) await followThread(db, { threadId: th.id, userId: input.userId, now: input.now });
  return status.status;
}

/** Cancelling frees the place for the first on the waiting list, who is told and invited. */
export async function unregister(db: Kdb, input: { eventId: string; userId: string; appUrl: string }): Promise<void> {
  const { event } = await eventFor(db, input);
  const r = await db
    .updateTable("event_registration")
    .set({ status: "cancelled" })
    .where("event_id", "=", event.id)
    .where("user_id", "=", input.userId)
    .where("status", "!=", "cancelled")
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new DomainError("events.notRegistered", 409);
  await promoteWaitlisted(db, event.id, input.appUrl);
}

async function promoteWaitlisted(db: Kdb, eventId: string, appUrl: string) {
  for (;;) {
    const promoted = await db.transaction().execute(async (trx) => {
      if (isPostgres(db)) await sql`select id from community_event where id = ${eventId} for update`.execute(trx);
      const e = await trx.selectFrom("community_event").select("capacity").where("id", "=", eventId).executeTakeFirstOrThrow();
      const taken = Number(
        (
          await trx
            .selectFrom("event_registration")
            .select(trx.fn.countAll().as("n"))
            .where("event_id", "=", eventId)
            .where("status", "=", "registered")
            .executeTakeFirst()
        )?.n ?? 0,
      );
      if (taken >= e.capacity) return null;
      const first = await trx
        .selectFrom("event_registration")
        .select("user_id")
        .where("event_id", "=", eventId)
        .where("status", "=", "waitlisted")
        .orderBy("registered_at")
        .limit(1)
        .executeTakeFirst();
      if (!first) return null;
      await trx
        .updateTable("event_registration")
        .set({ status: "registered" })
        .where("event_id", "=", eventId)
        .where("user_id", "=", first.user_id)
        .execute();
      return first.user_id;
    });
    if (!promoted) return;
    await sendInvitation(db, { eventId, userId: promoted, appUrl, promoted: true });
  }
}

const eventUrl = (appUrl: string, e: { id: string; call_id: string }) => `${appUrl}/communaute/${e.call_id}/evenements/${e.id}`;

/** The event as iCalendar, organised by the call's contact; for one attendee when given. */
export async function icsOfEvent(
  db: Kdb,
  e: {
    id: string;
    call_id: string;
    sequence: number;
    title: string;
    starts_at: string;
    ends_at: string;
    address: string;
    programme: string;
    status: string;
  },
  appUrl: string,
  options: { attendee?: { name: string; email: string }; cancelled?: boolean } = {},
): Promise<string> {
  const { call } = await commitmentPeriod(db, e.call_id);
  return eventIcs({
    id: e.id,
    sequence: e.sequence,
    title: e.title,
    startsAt: e.starts_at,
    endsAt: e.ends_at,
    address: e.address,
    programme: e.programme,
    url: eventUrl(appUrl, e),
    organiser: { name: call.content.contact.name, email: call.content.contact.email },
    attendee: options.attendee,
    cancelled: options.cancelled || e.status === "cancelled",
  });
}

/** The invitation e-mail with the event as an .ics attachment (also when updated, cancelled or promoted). */
export async function sendInvitation(
  db: Kdb,
  input: { eventId: string; userId: string; appUrl: string; updated?: boolean; cancelled?: boolean; promoted?: boolean },
) {
  const e = await db.selectFrom("community_event").selectAll().where("id", "=", input.eventId).executeTakeFirstOrThrow();
  const user = await db.selectFrom("user").select(["name", "email", "locale"]).where("id", "=", input.userId).executeTakeFirstOrThrow();
  const L = isLocale(user.locale) ? user.locale : "fr";
  const url = eventUrl(input.appUrl, e);
  const ics = await icsOfEvent(db, e, input.appUrl, { attendee: { name: user.name, email: user.email }, cancelled: input.cancelled });
  const kind = input.cancelled ? "cancelled" : input.updated ? "updated" : input.promoted ? "promoted" : "registered";
  await enqueue(db, "send-mail", {
    to: user.email,
    subject: t(L, `mail.event.${kind}.subject` as "mail.event.registered.subject", { title: e.title }),
    text: t(L, `mail.event.${kind}.body` as "mail.event.registered.body", {
      name: user.name,
      title: e.title,
      date: formatParisDateTime(e.starts_at, L),
      address: e.address,
      link: url,
    }),
    attachments: [
      {
        filename: "invitation.ics",
        contentBase64: Buffer.from(ics).toString("base64"),
        contentType: "text/calendar; charset=utf-8; method=" + (input.cancelled ? "CANCEL" : "REQUEST"),
      },
    ],
  });
}

export async function setAttendance(db: Kdb, input: { eventId: string; actorId: string; present: string[] }): Promise<void> {
  const e = await db.selectFrom("community_event").select(["call_id"]).where("id", "=", input.eventId).executeTakeFirst();
  if (!e) throw new NotFound();
  await assertCommunityOrganiser(db, input.actorId, e.call_id);
  const regs = await db
    .selectFrom("event_registration")
    .select("user_id")
    .where("event_id", "=", input.eventId)
    .where("status", "=", "registered")
    .execute();
  for (const r of regs) {
    await db
      .updateTable("event_registration")
      .set({ attended: input.present.includes(r.user_id) ? 1 : 0 })
      .where("event_id", "=", input.eventId)
      .where("user_id", "=", r.user_id)
      .execute();
  }
}

/** The visit report or meeting minutes: the organiser, or a member of the hosting organisation. */
export async function saveReport(db: Kdb, input: { eventId: string; userId: string; report: string; now?: Date }): Promise<void> {
  const { event, access } = await eventFor(db, input);
  const host = event.host_org_id !== null && access.organizationIds.includes(event.host_org_id);
  if (access.role !== "organiser" && !host) throw new NotFound();
  const report = input.report.trim();
  if (report.length < 20) throw new DomainError("events.reportTooShort", 400);
  if (report.length > 50000) throw new DomainError("team.textTooLong", 400, { max: 50000 });
  await db
    .updateTable("community_event")
    .set({ report, report_at: (input.now ?? new Date()).toISOString() })
    .where("id", "=", event.id)
    .execute();
}

export interface HostRequestRow {
  organizationId: string;
  month: string;
  sentAt: string;
}

/** The planner's proposal from the members' current hosting offers, with the requests already sent to fill its gaps. */
export async function proposeVisitPlan(
  db: Kdb,
  input: { callId: string; actorId: string },
): Promise<{ plan: PlanResult; members: Awaited<ReturnType<typeof membersOf>>; start: string; end: string; requests: HostRequestRow[] }> {
  await assertCommunityOrganiser(db, input.actorId, input.callId);
  const { start, end } = await commitmentPeriod(db, input.callId);
  const members = await membersOf(db, input.callId);
  const hosts = members
    .filter((m) => m.hosts && m.hostFrom && m.hostTo)
    .map((m) => ({
      id: m.organizationId,
      name: m.name,
      region: m.region,
      from: m.hostFrom! < start.slice(0, 7) ? start.slice(0, 7) : m.hostFrom!,
      to: m.hostTo!,
    }));
  // Who has hosted (or is announced to host) a visit already: they are not « members who have never hosted ».
  const hosted = new Map<string, number>();
  const published = await db
    .selectFrom("community_event")
    .select("host_org_id")
    .where("call_id", "=", input.callId)
    .where("kind", "=", "visit")
    .where("status", "=", "published")
    .execute();
  for (const e of published) if (e.host_org_id) hosted.set(e.host_org_id, (hosted.get(e.host_org_id) ?? 0) + 1);
  const plan = planVisits({
    start: start.slice(0, 7),
    end: end.slice(0, 7),
    hosts,
    members: members.map((m) => ({ id: m.organizationId, region: m.region, hosted: hosted.get(m.organizationId) ?? 0 })),
  });
  const requests = await db
    .selectFrom("host_request")
    .select(["organization_id as organizationId", "month", "sent_at as sentAt"])
    .where("call_id", "=", input.callId)
    .orderBy("sent_at")
    .execute();
  return { plan, members, start, end, requests };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The organiser asks members to widen their hosting window so that a date of the calendar finds a host
 * (issue 9). Each member organisation's people are e-mailed the organiser's message with a link to their
 * hosting offer; a member already asked for that month in the last day is not e-mailed again (a double click,
 * a reload), and says so in the result.
 */
export async function askHostsToWiden(
  db: Kdb,
  input: { callId: string; actorId: string; month: string; organizationIds: string[]; message: string; appUrl: string; now?: Date },
): Promise<{ sent: number; alreadyAsked: number }> {
  await assertCommunityOrganiser(db, input.actorId, input.callId);
  const { start, end } = await commitmentPeriod(db, input.callId);
  if (!MONTH.test(input.month) || input.month < start.slice(0, 7) || input.month > end.slice(0, 7))
    throw new DomainError("plan.ask.badMonth", 400);
  const message = input.message.trim();
  if (message.length < 10) throw new DomainError("plan.ask.messageTooShort", 400);
  if (message.length > 2000) throw new DomainError("team.textTooLong", 400, { max: 2000 });
  const wanted = [...new Set(input.organizationIds)].slice(0, 50);
  if (wanted.length === 0) throw new DomainError("plan.ask.noneChosen", 400);
  const members = new Map((await membersOf(db, input.callId)).map((m) => [m.organizationId, m]));
  // Only members of this community can be asked: anything else is refused as a whole.
  if (wanted.some((id) => !members.has(id))) throw new NotFound();
  const now = input.now ?? new Date();
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  let sent = 0;
  let alreadyAsked = 0;
  for (const orgId of wanted) {
    const recent = await db
      .selectFrom("host_request")
      .select("id")
      .where("call_id", "=", input.callId)
      .where("organization_id", "=", orgId)
      .where("month", "=", input.month)
      .where("sent_at", ">", since)
      .executeTakeFirst();
    if (recent) {
      alreadyAsked++;
      continue;
    }
    await db
      .insertInto("host_request")
      .values({
        id: newId(),
        call_id: input.callId,
        organization_id: orgId,
        month: input.month,
        message,
        sent_by: input.actorId,
        sent_at: now.toISOString(),
      })
      .execute();
    const people = await db
      .selectFrom("membership")
      .innerJoin("user", "user.id", "membership.user_id")
      .select(["user.email", "user.name", "user.locale"])
      .where("membership.organization_id", "=", orgId)
      .execute();
    const link = `${input.appUrl}/communaute/${input.callId}?accueil=${encodeURIComponent(orgId)}#accueil-${orgId}`;
    for (const p of people) {
      const L = isLocale(p.locale) ? p.locale : "fr";
      await enqueue(db, "send-mail", {
        to: p.email,
        subject: t(L, "mail.hostRequest.subject", { month: formatMonth(input.month, L) }),
        text: t(L, "mail.hostRequest.body", {
          name: p.name,
          organisation: members.get(orgId)!.name,
          month: formatMonth(input.month, L),
          message,
          link,
        }),
      });
    }
    sent++;
  }
  return { sent, alreadyAsked };
}

/** Publishing the adjusted calendar creates the visits; members are told by e-mail. */
export async function publishVisitPlan(
  db: Kdb,
  input: { callId: string; actorId: string; visits: EventInput[]; appUrl: string; now?: Date },
): Promise<string[]> {
  await assertCommunityOrganiser(db, input.actorId, input.callId);
  if (input.visits.length === 0) throw new DomainError("events.emptyPlan", 400);
  // A visit added by hand in a date without a host may leave its title and address to the host's defaults.
  const members = new Map((await membersOf(db, input.callId)).map((m) => [m.organizationId, m]));
  input = {
    ...input,
    visits: input.visits.map((v) => {
      const host = v.hostOrgId ? members.get(v.hostOrgId) : undefined;
      if (!host) return v;
      return {
        ...v,
        title: v.title.trim() || t("fr", "plan.visitTitle", { host: host.name }),
        address: v.address.trim() || [host.commune, host.departement ? `(${host.departement})` : ""].filter(Boolean).join(" "),
        programme: v.programme.trim() || host.hostExperiences,
      };
    }),
  };
  for (const v of input.visits) {
    await checkHost(db, input.callId, v.hostOrgId);
    checkInput(v);
    instants(v);
  }
  // Publishing the same calendar twice (a double click, a reload) creates nothing more and tells nobody twice.
  const fresh = [];
  for (const v of input.visits)
    if (!(await sameEvent(db, { callId: input.callId, kind: v.kind, title: v.title, startsAt: instants(v).startsAt }))) fresh.push(v);
  if (fresh.length === 0) throw new DomainError("events.alreadyPublished", 409);
  const ids: string[] = [];
  for (const v of fresh) ids.push(await createEvent(db, { ...v, callId: input.callId, actorId: input.actorId, now: input.now }));
  const people = await db
    .selectFrom("membership")
    .innerJoin("dossier", "dossier.organization_id", "membership.organization_id")
    .innerJoin("user", "user.id", "membership.user_id")
    .select(["user.email", "user.name", "user.locale"])
    .where("dossier.call_id", "=", input.callId)
    .where("dossier.state", "=", "accepted")
    .where("dossier.id", "in", communityDossiers(db))
    .distinct()
    .execute();
  const list = fresh.map((v) => `– ${v.date} : ${v.title} (${v.address})`).join("\n");
  for (const p of people) {
    const L = isLocale(p.locale) ? p.locale : "fr";
    await enqueue(db, "send-mail", {
      to: p.email,
      subject: t(L, "mail.plan.subject"),
      text: t(L, "mail.plan.body", { name: p.name, list, link: `${input.appUrl}/communaute/${input.callId}` }),
    });
  }
  return ids;
}

/** Without the organiser's timing, the reminder goes the day before (within 36 hours of the start). */
export const DEFAULT_REMINDER_HOURS = 36;

/**
 * Reminders, once per registration, at the time the organiser chose for the event (hours before its
 * start; the day before otherwise), with the words they added. Run every quarter of an hour.
 */
export async function sendEventReminders(db: Kdb, appUrl: string, now: Date = new Date()): Promise<number> {
  const soon = new Date(now.getTime() + 336 * 3600_000).toISOString();
  const due = await db
    .selectFrom("event_registration")
    .innerJoin("community_event", "community_event.id", "event_registration.event_id")
    .innerJoin("user", "user.id", "event_registration.user_id")
    .select([
      "event_registration.event_id",
      "event_registration.user_id",
      "community_event.title",
      "community_event.starts_at",
      "community_event.address",
      "community_event.call_id",
      "community_event.reminder_hours",
      "community_event.reminder_text",
      "user.email",
      "user.name",
      "user.locale",
    ])
    .where("event_registration.status", "=", "registered")
    .where("event_registration.reminded_at", "is", null)
    .where("community_event.status", "=", "published")
    .where("community_event.starts_at", ">", now.toISOString())
    .where("community_event.starts_at", "<=", soon)
    .execute();
  const ready = due.filter(
    (r) => new Date(r.starts_at).getTime() - now.getTime() <= (r.reminder_hours ?? DEFAULT_REMINDER_HOURS) * 3600_000,
  );
  for (const r of ready) {
    const claimed = await db
      .updateTable("event_registration")
      .set({ reminded_at: now.toISOString() })
      .where("event_id", "=", r.event_id)
      .where("user_id", "=", r.user_id)
      .where("reminded_at", "is", null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const L = isLocale(r.locale) ? r.locale : "fr";
    await enqueue(db, "send-mail", {
      to: r.email,
      subject: t(L, "mail.event.reminder.subject", { title: r.title, date: formatParisDateTime(r.starts_at, L) }),
      text: t(L, "mail.event.reminder.body", {
        name: r.name,
        title: r.title,
        date: formatParisDateTime(r.starts_at, L),
        address: r.address,
        extra: r.reminder_text ? `\n${r.reminder_text}\n` : "",
        link: `${appUrl}/communaute/${r.call_id}/evenements/${r.event_id}`,
      }),
    });
  }
  return ready.length;
}

/** The call an event belongs to (NotFound for an unknown event): the access policy is then asked about that call. */
export async function callOfEvent(db: Kdb, eventId: string): Promise<string> {
  const event = await db.selectFrom("community_event").select("call_id").where("id", "=", eventId).executeTakeFirst();
  if (!event) throw new NotFound();
  return event.call_id;
}
