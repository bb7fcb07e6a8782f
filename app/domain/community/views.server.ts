import type { SessionUser } from "../../auth/session.server";
import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import type { Locale } from "../../i18n/i18n";
import { t as translate } from "../../i18n/i18n";
import { NotFound } from "../../lib/errors";
import { formatParisDate, formatParisDateTime, isCivilDate, parisClock, parisToday } from "../../lib/paris-time";
import { formatDecimal } from "../../lib/typography";
import type { CommunityAccess } from "../access/policy.server";
import { findCallById } from "../calls/calls.server";
import { commitmentPeriod, defaultReportPeriod, membersOf } from "./community.server";
import { captureStatus, checkInOpen, doorCode } from "./event-follow-up.server";
import { DEFAULT_REMINDER_HOURS, eventFor, eventsOf, icsOfEvent, registrations } from "./events.server";
import { notificationMode, threadFor, threadLevel, threadsOf } from "./exchanges.server";
import { rollUp } from "./indicator-model.server";
import { communityTotals, indicatorsOf } from "./indicators.server";
import { THEMES, THEME_LABELS, capitalisationReport, sheetFor, sheetsFor } from "./sheets.server";

/** The community's home: its period, members by département and région, and coming events. */
export async function communityView(db: Kdb, callId: string, access: CommunityAccess, L: Locale) {
  const { start, end, call } = await commitmentPeriod(db, callId);
  const members = await membersOf(db, callId);
  const events = await eventsOf(db, callId);
  const byDep = new Map<string, { name: string; count: number }>();
  const byRegion = new Map<string, number>();
  for (const m of members) {
    if (m.departement)
      byDep.set(m.departement, { name: m.departementName ?? m.departement, count: (byDep.get(m.departement)?.count ?? 0) + 1 });
    const r = m.regionName ?? "—";
    byRegion.set(r, (byRegion.get(r) ?? 0) + 1);
  }
  const now = new Date().toISOString();
  return {
    callId,
    title: localized(call.content.title, L),
    role: access.role,
    mine: access.organizationIds,
    period: { start: formatParisDate(start, L), end: formatParisDate(end, L), startMonth: start.slice(0, 7), endMonth: end.slice(0, 7) },
    members,
    map: [...byDep].map(([code, v]) => ({ code, name: v.name, count: v.count })),
    regions: [...byRegion].sort((a, b) => b[1] - a[1]),
    upcoming: events
      .filter((e) => e.ends_at >= now && e.status !== "cancelled")
      .map((e) => ({ ...e, when: formatParisDateTime(e.starts_at, L) })),
    past: events
      .filter((e) => e.ends_at < now || e.status === "cancelled")
      .map((e) => ({ ...e, when: formatParisDateTime(e.starts_at, L) })),
  };
}

const parisParts = (iso: string) => {
  const at = new Date(iso);
  return { date: parisToday(at), time: parisClock(at).hhmm };
};

/** An event as a member or organiser sees it: registrations, follow-up (report and sheets), the door code for organisers. NotFound when it is not this community's. */
export async function eventView(db: Kdb, callId: string, eventId: string, user: SessionUser, L: Locale) {
  const { event: e, access } = await eventFor(db, { eventId, userId: user.id });
  if (e.call_id !== callId) throw new NotFound();
  const regs = await registrations(db, e.id);
  const mine = regs.find((r) => r.user_id === user.id && r.status !== "cancelled");
  const members = await membersOf(db, e.call_id);
  const host = members.find((m) => m.organizationId === e.host_org_id);
  const start = parisParts(e.starts_at);
  const end = parisParts(e.ends_at);
  const now = Date.now();
  const capture = e.kind === "visit" && new Date(e.ends_at).getTime() < now ? await captureStatus(db, e.id) : null;
  const doorOpen = checkInOpen(e);
  return {
    followUp: {
      reminderHours: e.reminder_hours === null ? "" : String(e.reminder_hours),
      reminderText: e.reminder_text ?? "",
      captureDue: e.capture_due ?? "",
      defaultHours: DEFAULT_REMINDER_HOURS,
    },
    // Shown to the organiser at the door; typed by participants on their phone.
    code:
      access.role === "organiser" && e.status === "published" && doorOpen ? await doorCode(db, { eventId: e.id, actorId: user.id }) : null,
    checkIn: access.role === "member" && doorOpen && mine?.status === "registered" && e.status === "published",
    checkedIn: Boolean(regs.find((r) => r.user_id === user.id)?.attended),
    capture: capture
      ? {
          due: formatParisDate(capture.due, L),
          report: capture.report,
          complete: capture.complete,
          organisations: capture.organisations,
        }
      : null,
    callId: e.call_id,
    role: access.role,
    canReport: access.role === "organiser" || (e.host_org_id !== null && access.organizationIds.includes(e.host_org_id)),
    event: {
      id: e.id,
      kind: e.kind,
      status: e.status,
      title: e.title,
      when: `${formatParisDateTime(e.starts_at, L)} – ${end.time}`,
      address: e.address,
      programme: e.programme,
      capacity: e.capacity,
      host: host?.name ?? null,
      report: e.report,
      reportAt: e.report_at ? formatParisDateTime(e.report_at, L) : null,
      past: new Date(e.starts_at) <= new Date(),
    },
    defaults: {
      kind: e.kind,
      title: e.title,
      date: start.date,
      start: start.time,
      end: end.time,
      address: e.address,
      programme: e.programme,
      capacity: e.capacity,
      host: e.host_org_id,
    },
    hosts: members.map((m) => ({ id: m.organizationId, name: m.name })),
    registered: regs.filter((r) => r.status === "registered").length,
    waitlisted: regs.filter((r) => r.status === "waitlisted").length,
    mine: mine?.status ?? null,
    people:
      access.role === "organiser"
        ? regs
            .filter((r) => r.status !== "cancelled")
            .map((r) => ({ id: r.user_id, name: r.name, organisation: r.organisation, status: r.status, attended: r.attended }))
        : [],
  };
}

/** The indicators page: the member organisations' own series, the roll-up with its method and the community's totals. */
export async function indicatorsView(db: Kdb, callId: string, user: SessionUser, access: CommunityAccess, L: Locale) {
  const members = await membersOf(db, callId);
  const mine = await Promise.all(
    access.organizationIds.map(async (orgId) => ({
      organizationId: orgId,
      name: members.find((m) => m.organizationId === orgId)?.name ?? "",
      series: await indicatorsOf(db, { callId, organizationId: orgId, userId: user.id }),
    })),
  );
  const model = await rollUp(db, { callId, userId: user.id });
  const num = (v: number | null) => (v === null ? "—" : formatDecimal(v, L, Number.isInteger(v) ? 0 : 1));
  return {
    organiser: access.role === "organiser",
    members: model.members,
    model: model.indicators.map((i) => ({
      key: i.definition.key,
      label: i.definition.label,
      unit: i.definition.unit,
      standard: i.definition.standard,
      aggregation: i.definition.aggregation,
      baselineRaw: i.definition.baseline === null ? "" : String(i.definition.baseline),
      targetRaw: i.definition.target === null ? "" : String(i.definition.target),
      baseline: num(i.definition.baseline),
      target: num(i.definition.target),
      latest: i.latest ? `${num(i.latest.value)} (${i.latest.year})` : "—",
      progress: i.progress,
      years: i.years.map((y) => ({ year: y.year, value: num(y.value), declared: y.declared })),
    })),
    callId,
    mine,
    totals: await communityTotals(db, { callId, userId: user.id }),
    year: new Date().getUTCFullYear(),
  };
}

/** A member organisation's page: its indicators and its published sheets. NotFound when it is not a member. */
export async function memberView(db: Kdb, callId: string, orgId: string, userId: string) {
  const member = (await membersOf(db, callId)).find((m) => m.organizationId === orgId);
  if (!member) throw new NotFound();
  const series = await indicatorsOf(db, { callId, organizationId: member.organizationId, userId });
  const sheets = (await sheetsFor(db, { callId, userId, filters: { member: member.organizationId } })).filter(
    (s) => s.status === "published" || s.status === "public",
  );
  return { callId, member, series, sheets: sheets.map((s) => ({ id: s.id, title: s.title })) };
}

/** An experience sheet to read or edit (« nouvelle »: a blank one), with the members and events it may cite. */
export async function sheetView(db: Kdb, callId: string, sheetId: string, user: SessionUser, access: CommunityAccess, L: Locale) {
  const members = (await membersOf(db, callId)).map((m) => ({ id: m.organizationId, name: m.name }));
  const events = (await eventsOf(db, callId)).map((e) => ({ id: e.id, title: e.title }));
  const themes = THEMES.map((t) => ({ value: t, label: THEME_LABELS[t] }));
  const pickable = access.role === "organiser" ? members : members.filter((m) => access.organizationIds.includes(m.id));
  if (sheetId === "nouvelle") {
    return {
      callId,
      sheet: null,
      canEdit: true,
      organiser: access.role === "organiser",
      members: pickable,
      events,
      themes,
      values: { title: "", themes: [], organizationId: access.organizationIds[0] ?? null, eventId: null, content: {} },
    };
  }
  const { sheet, content, canEdit, organiser } = await sheetFor(db, { sheetId, userId: user.id });
  if (sheet.call_id !== callId) throw new NotFound();
  return {
    callId,
    sheet: {
      id: sheet.id,
      title: sheet.title,
      status: sheet.status,
      organisation: sheet.organisation,
      event: sheet.event_title,
      themes: sheet.themes
        .split(",")
        .filter(Boolean)
        .map((t) => THEME_LABELS[t as keyof typeof THEME_LABELS] ?? t),
      // « publiée le … » only while it is published: a sheet sent back to « relue » is not.
      publishedAt:
        sheet.published_at && (sheet.status === "published" || sheet.status === "public") ? formatParisDate(sheet.published_at, L) : null,
      content,
    },
    canEdit,
    organiser,
    members: pickable,
    events,
    themes,
    values: {
      title: sheet.title,
      themes: sheet.themes.split(",").filter(Boolean),
      organizationId: sheet.organization_id,
      eventId: sheet.event_id,
      content: content as unknown as Record<string, string | number | boolean | null>,
    },
  };
}

/** The capitalisation page: the sheets matching the filters, the members and the report's default period. */
export async function sheetsView(
  db: Kdb,
  callId: string,
  userId: string,
  access: CommunityAccess,
  filters: { q?: string; theme?: string; region?: string; member?: string },
  L: Locale,
) {
  const rows = await sheetsFor(db, { callId, userId, filters });
  const members = await membersOf(db, callId);
  const call = await db.selectFrom("call").select("timeline_json").where("id", "=", callId).executeTakeFirstOrThrow();
  const timeline = JSON.parse(call.timeline_json) as { communityStart: string; communityEnd: string };
  return {
    callId,
    role: access.role,
    filters: Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, v ?? ""])),
    themes: THEMES.map((t) => ({ value: t, label: THEME_LABELS[t] })),
    members: members.map((m) => ({ value: m.organizationId, label: m.name })),
    report: defaultReportPeriod({ start: timeline.communityStart, end: timeline.communityEnd }, parisToday()),
    rows: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      organisation: r.organisation,
      themes: r.themes
        .split(",")
        .filter(Boolean)
        .map((t) => THEME_LABELS[t as keyof typeof THEME_LABELS] ?? t),
      date: formatParisDate(r.updated_at, L),
    })),
  };
}

/** A discussion with its posts and the reader's notification level. NotFound when it is not this community's. */
export async function discussionView(db: Kdb, callId: string, threadId: string, userId: string, L: Locale) {
  const { thread, posts } = await threadFor(db, { threadId, userId });
  if (thread.call_id !== callId) throw new NotFound();
  return {
    callId,
    title: thread.title,
    level: await threadLevel(db, thread.id, userId),
    posts: posts.map((p) => ({ ...p, at: formatParisDateTime(p.created_at, L) })),
  };
}

/** The discussions, filtered by theme, words or event, with the reader's notification mode. */
export async function exchangesView(
  db: Kdb,
  callId: string,
  userId: string,
  filters: { theme?: string; q?: string; eventId?: string },
  L: Locale,
) {
  const { theme, q, eventId } = filters;
  const threads = await threadsOf(db, { callId, userId, theme, q, eventId });
  const event = eventId
    ? await db
        .selectFrom("community_event")
        .select(["id", "title"])
        .where("id", "=", eventId)
        .where("call_id", "=", callId)
        .executeTakeFirst()
    : undefined;
  return {
    callId,
    filters: { theme: theme ?? "", q: q ?? "" },
    event: event ? { id: event.id, title: event.title } : null,
    themes: [{ value: "general", label: translate(L, "exchanges.general") }, ...THEMES.map((t) => ({ value: t, label: THEME_LABELS[t] }))],
    mode: await notificationMode(db, userId, callId),
    threads: threads.map((th) => ({
      id: th.id,
      title: th.title,
      theme: th.theme,
      author: th.author,
      posts: Number(th.posts),
      last: formatParisDateTime(th.last_post_at, L),
    })),
  };
}

/** The public capitalisation page of a call: its public sheets, or one of them. NotFound for an unknown call or a sheet that is not public. */
export async function publicSheetsView(db: Kdb, callId: string, sheetId: string | null) {
  if (!(await findCallById(db, callId))) throw new NotFound();
  if (sheetId) {
    const { sheet, content } = await sheetFor(db, { sheetId, userId: null });
    if (sheet.call_id !== callId || sheet.status !== "public") throw new NotFound();
    return { callId, list: [], one: { title: sheet.title, organisation: sheet.organisation, content } };
  }
  const rows = await sheetsFor(db, { callId, userId: null, filters: {}, publicOnly: true });
  return {
    callId,
    one: null,
    list: rows.map((r) => ({
      id: r.id,
      title: r.title,
      organisation: r.organisation,
      themes: r.themes
        .split(",")
        .filter(Boolean)
        .map((t) => THEME_LABELS[t as keyof typeof THEME_LABELS] ?? t),
    })),
  };
}

/** An event's invitation (.ics) for a member or organiser of its community. NotFound otherwise. */
export async function eventIcs(db: Kdb, input: { callId: string; eventId: string; userId: string; appUrl: string }) {
  const { event } = await eventFor(db, { eventId: input.eventId, userId: input.userId });
  if (event.call_id !== input.callId) throw new NotFound();
  return icsOfEvent(db, event, input.appUrl);
}

/** The capitalisation report (PDF) between two days, by default the period the report covers. */
export async function capitalisationReportFor(db: Kdb, input: { callId: string; userId: string; from: string | null; to: string | null }) {
  const { start, end, call } = await commitmentPeriod(db, input.callId);
  const period = defaultReportPeriod({ start, end }, parisToday());
  const from = input.from && isCivilDate(input.from) ? input.from : period.from;
  const to = input.to && isCivilDate(input.to) ? input.to : period.to;
  const pdf = await capitalisationReport(db, {
    callId: input.callId,
    userId: input.userId,
    from,
    to,
    title: `Capitalisation — ${localized(call.content.title, "fr")}`,
  });
  return { pdf, filename: `capitalisation-${from}-${to}.pdf` };
}
