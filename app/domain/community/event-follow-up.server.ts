// What keeps people informed around an event (issue 12), beside events.server.ts: reminders whose timing
// and words the organiser sets; attendance taken from each participant's phone with a code shown at the
// door; and, for a visit, the date by which its knowledge is captured — the host's report and each
// participating organisation's experience sheet — with what is still missing and a reminder once.
import { randomInt, timingSafeEqual } from "node:crypto";
import type { Kdb } from "../../db/database.server";
import { isLocale, t } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { DomainError, NotFound } from "../../lib/errors";
import { addDays, deadlineInstant, formatParisDate, formatParisDateTime, isCivilDate, parisToday } from "../../lib/paris-time";
import { LIMITS } from "../../security/limits";
import { takeWindow } from "../../security/throttle.server";
import { memberEmails } from "../organisations/member-emails.server";
import { communityAccess } from "./community.server";

/** How long after a visit its report and sheets are due, unless the organiser sets the date. */
export const CAPTURE_DAYS = 21;
/** The door code works from two hours before the start to four hours after the end. */
const CHECK_IN_BEFORE_MS = 2 * 3600_000;
const CHECK_IN_AFTER_MS = 4 * 3600_000;

/** The door code works now for this event (the page shows the code and the form only then). */
export function checkInOpen(e: { starts_at: string; ends_at: string }, now: Date = new Date()): boolean {
  const t = now.getTime();
  return t >= new Date(e.starts_at).getTime() - CHECK_IN_BEFORE_MS && t <= new Date(e.ends_at).getTime() + CHECK_IN_AFTER_MS;
}

async function organiserEvent(db: Kdb, eventId: string, actorId: string) {
  const e = await db.selectFrom("community_event").selectAll().where("id", "=", eventId).executeTakeFirst();
  if (!e) throw new NotFound();
  if ((await communityAccess(db, actorId, e.call_id)).role !== "organiser") throw new NotFound();
  return e;
}

/** The organiser sets when the reminder goes (hours before), what it adds, and when a visit's knowledge is due. */
export async function setEventFollowUp(
  db: Kdb,
  input: { eventId: string; actorId: string; reminderHours: number | null; reminderText: string; captureDue: string },
): Promise<void> {
  const e = await organiserEvent(db, input.eventId, input.actorId);
  if (input.reminderHours !== null && (!Number.isInteger(input.reminderHours) || input.reminderHours < 1 || input.reminderHours > 336))
    throw new DomainError("events.reminderHoursInvalid", 400);
  const text = input.reminderText.trim();
  if (text.length > 2000) throw new DomainError("team.textTooLong", 400, { max: 2000 });
  const due = input.captureDue.trim();
  if (due && !isCivilDate(due)) throw new DomainError("field.date", 400);
  if (due && deadlineInstant(due) < new Date(e.ends_at)) throw new DomainError("events.captureBeforeEnd", 400);
  await db
    .updateTable("community_event")
    .set({ reminder_hours: input.reminderHours, reminder_text: text || null, capture_due: due || null })
    .where("id", "=", e.id)
    .execute();
}

/** The code to show at the door (made once per event): six digits, easy to read out and to type on a phone. */
export async function doorCode(db: Kdb, input: { eventId: string; actorId: string }): Promise<string> {
  const e = await organiserEvent(db, input.eventId, input.actorId);
  if (e.checkin_code) return e.checkin_code;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await db.updateTable("community_event").set({ checkin_code: code }).where("id", "=", e.id).where("checkin_code", "is", null).execute();
  const kept = await db.selectFrom("community_event").select("checkin_code").where("id", "=", e.id).executeTakeFirstOrThrow();
  return kept.checkin_code!;
}

/**
 * A registered participant records their presence by typing the door code on their phone, during the
 * event. Wrong codes are counted per account (a few mistypes are fine, a guessing run is not).
 */
export async function checkIn(db: Kdb, input: { eventId: string; userId: string; code: string; now?: Date }): Promise<void> {
  const e = await db.selectFrom("community_event").selectAll().where("id", "=", input.eventId).executeTakeFirst();
  if (!e) throw new NotFound();
  const access = await communityAccess(db, input.userId, e.call_id);
  if (access.role !== "member") throw new NotFound();
  const now = input.now ?? new Date();
  if (
    now.getTime() < new Date(e.starts_at).getTime() - CHECK_IN_BEFORE_MS ||
    now.getTime() > new Date(e.ends_at).getTime() + CHECK_IN_AFTER_MS
  )
    throw new DomainError("events.checkInClosed", 409);
  const reg = await db
    .selectFrom("event_registration")
    .select(["status", "checked_in_at"])
    .where("event_id", "=", e.id)
    .where("user_id", "=", input.userId)
    .executeTakeFirst();
  if (!reg || reg.status !== "registered") throw new DomainError("events.checkInNotRegistered", 409);
  if (reg.checked_in_at) return;
  if (!(await takeWindow(db, `checkInByAccount:${input.userId}`, LIMITS.checkInByAccount)).ok)
    throw new DomainError("limit.wait", 429, { seconds: 600 });
  const typed = Buffer.from(input.code.replace(/\s/g, "").slice(0, 12));
  const expected = Buffer.from(e.checkin_code ?? "");
  if (!e.checkin_code || typed.length !== expected.length || !timingSafeEqual(typed, expected))
    throw new DomainError("events.checkInWrongCode", 400);
  await db
    .updateTable("event_registration")
    .set({ attended: 1, checked_in_at: now.toISOString() })
    .where("event_id", "=", e.id)
    .where("user_id", "=", input.userId)
    .execute();
}

/** When a visit's report and sheets are due: the organiser's date, or three weeks after it (a civil date). */
export function captureDueOf(e: { capture_due: string | null; ends_at: string }): string {
  return e.capture_due ?? addDays(parisToday(new Date(e.ends_at)), CAPTURE_DAYS);
}

export interface CaptureStatus {
  due: string;
  /** Has the host (or the organiser) written the visit's report? */
  report: boolean;
  /** The organisations that took part (attended), and whether each has an experience sheet of this visit. */
  organisations: { id: string; name: string; sheet: boolean }[];
  complete: boolean;
}

/**
 * A visit is finished only when its knowledge is captured: the report written, and an experience sheet
 * from each organisation whose people attended (the host's own included). What is missing is named.
 */
export async function captureStatus(db: Kdb, eventId: string): Promise<CaptureStatus> {
  const e = await db.selectFrom("community_event").selectAll().where("id", "=", eventId).executeTakeFirst();
  if (!e) throw new NotFound();
  const attended = await db
    .selectFrom("event_registration")
    .innerJoin("organization", "organization.id", "event_registration.organization_id")
    .select(["organization.id", "organization.name"])
    .where("event_registration.event_id", "=", eventId)
    .where("event_registration.attended", "=", 1)
    .distinct()
    .execute();
  const host = e.host_org_id
    ? await db.selectFrom("organization").select(["id", "name"]).where("id", "=", e.host_org_id).executeTakeFirst()
    : undefined;
  const orgs = new Map(attended.map((o) => [o.id, o.name]));
  if (host) orgs.set(host.id, host.name);
  const sheets = new Set(
    (
      await db
        .selectFrom("sheet")
        .select("organization_id")
        .where("event_id", "=", eventId)
        .where("organization_id", "is not", null)
        .execute()
    ).map((s) => s.organization_id),
  );
  const organisations = [...orgs]
    .map(([id, name]) => ({ id, name, sheet: sheets.has(id) }))
    .sort((a, b) => a.name.localeCompare(b.name, "fr"));
  const report = Boolean(e.report);
  return { due: captureDueOf(e), report, organisations, complete: report && organisations.every((o) => o.sheet) };
}

/**
 * Once a visit is over, a week before its knowledge is due, the host and each organisation still owing
 * their sheet are reminded, once (the claim on the event keeps it once across servers).
 */
export async function sendCaptureReminders(db: Kdb, appUrl: string, now = new Date()): Promise<number> {
  const visits = await db
    .selectFrom("community_event")
    .selectAll()
    .where("kind", "=", "visit")
    .where("status", "=", "published")
    .where("ends_at", "<", now.toISOString())
    .where("capture_reminded_at", "is", null)
    .execute();
  let sent = 0;
  for (const v of visits) {
    const due = captureDueOf(v);
    if (addDays(due, -7) > parisToday(now)) continue;
    const status = await captureStatus(db, v.id);
    const claimed = await db
      .updateTable("community_event")
      .set({ capture_reminded_at: now.toISOString() })
      .where("id", "=", v.id)
      .where("capture_reminded_at", "is", null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1 || status.complete) continue;
    const owing = new Set(status.organisations.filter((o) => !o.sheet).map((o) => o.id));
    if (!status.report && v.host_org_id) owing.add(v.host_org_id);
    for (const orgId of owing) {
      for (const m of await memberEmails(db, orgId)) {
        const L = isLocale(m.locale) ? m.locale : "fr";
        const missing = [
          ...(orgId === v.host_org_id && !status.report ? [t(L, "capture.missing.report")] : []),
          ...(status.organisations.some((o) => o.id === orgId && !o.sheet) ? [t(L, "capture.missing.sheet")] : []),
        ].join(" ; ");
        await enqueue(db, "send-mail", {
          to: m.email,
          subject: t(L, "mail.capture.subject", { title: v.title, date: formatParisDate(due, L) }),
          text: t(L, "mail.capture.body", {
            name: m.name,
            title: v.title,
            when: formatParisDateTime(v.starts_at, L),
            date: formatParisDate(due, L),
            missing,
            link: `${appUrl}/communaute/${v.call_id}/evenements/${v.id}`,
          }),
        });
        sent++;
      }
    }
  }
  return sent;
}
