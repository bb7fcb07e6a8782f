// Calls: loading the default call, reading calls, and each organisation's deadline.
import type { JoinBuilder } from "kysely";
import type { Kdb } from "../../db/database.server";
import type { DB } from "../../db/schema";
import { reusableQuery } from "../../db/reusable-query.server";
import { localized, type FormDefinition } from "../../forms/definition";
import { t } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { newId, nowIso } from "../../lib/ids";
import {
  addDays,
  daysBetween,
  deadlineInstant,
  formatMonth,
  formatParisDate,
  formatParisDateTime,
  parisToday,
  parisWallTimeToInstant,
  parseCivilDate,
  startOfParisDay,
} from "../../lib/paris-time";
import { forgetEverywhere, onForget } from "../../ops/shared-cache.server";
import { memberEmails } from "../organisations/member-emails.server";
import type { CallContent, CallPackage, CallTimeline } from "./call-content";

export interface Call {
  id: string;
  slug: string;
  status: "draft" | "published" | "archived";
  content: CallContent;
  timeline: CallTimeline;
  opensAt: Date;
  closesAt: Date;
  formVersionId: string;
}

/**
 * Moves the whole timeline by whole days so that today falls inside the application period
 * (a week after opening), keeping the original gaps between dates.
 */
export function shiftTimelineToToday(original: CallTimeline, today: string): CallTimeline {
  const shift = daysBetween(original.opens, addDays(today, -7));
  return {
    opens: addDays(original.opens, shift),
    deadline: addDays(original.deadline, shift),
    answers: addDays(original.answers, shift),
    communityStart: addDays(original.communityStart, shift),
    communityEnd: addDays(original.communityEnd, shift),
  };
}

/**
 * The instant a call closes: the end of its deadline's day in Paris, or the minute after its deadline time
 * (« 12:00 » accepts submissions until 12:00 inclusive; « 23:59 » is the end of the day).
 */
export function callClosesAt(timeline: Pick<CallTimeline, "deadline" | "deadlineTime">): Date {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(timeline.deadlineTime ?? "");
  if (!m) return deadlineInstant(timeline.deadline);
  const { year, month, day } = parseCivilDate(timeline.deadline);
  return new Date(parisWallTimeToInstant(year, month, day, Number(m[1]), Number(m[2])).getTime() + 60_000);
}

/** The instants stored beside a timeline (indexed, compared on every save): opening and closing, in Paris. */
export function callInstants(timeline: CallTimeline): { opens_at: string; closes_at: string } {
  return { opens_at: startOfParisDay(timeline.opens).toISOString(), closes_at: callClosesAt(timeline).toISOString() };
}

/** Fills {deadline}, {answers:month}… in a call's texts from its timeline. */
export function fillTimelinePlaceholders(text: string, timeline: CallTimeline): string {
  return text.replace(
    /\{(opens|deadline|answers|communityStart|communityEnd)(?::(month))?\}/g,
    (_, name: Exclude<keyof CallTimeline, "deadlineTime">, format?: string) => {
      const date = timeline[name];
      if (format === "month") {
        return formatMonth(date, "fr");
      }
      return name === "communityStart" || name === "communityEnd" ? date : formatParisDate(date, "fr");
    },
  );
}

export async function loadCallPackage(
  db: Kdb,
  pkg: CallPackage,
  options: { timeline: "shifted" | "original"; now?: Date },
): Promise<{ created: boolean; callId: string }> {
  const existing = await db.selectFrom("call").select("id").where("slug", "=", pkg.slug).executeTakeFirst();
  if (existing) return { created: false, callId: existing.id };
  const timeline =
    options.timeline === "original" ? pkg.originalTimeline : shiftTimelineToToday(pkg.originalTimeline, parisToday(options.now));
  const content = JSON.parse(fillTimelinePlaceholders(JSON.stringify(pkg.content), timeline)) as CallContent;
  const form = JSON.parse(fillTimelinePlaceholders(JSON.stringify(pkg.form), timeline)) as FormDefinition;
  const callId = newId();
  const formVersionId = newId();
  const now = nowIso(options.now);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("call")
      .values({
        id: callId,
        slug: pkg.slug,
        status: "published",
        default_locale: "fr",
        content_json: JSON.stringify(content),
        timeline_json: JSON.stringify(timeline),
        ...callInstants(timeline),
        current_form_version_id: null,
        created_at: now,
        updated_at: now,
        revision: 0,
        updated_by: null,
        draft_form_json: null,
        published_at: now,
      })
      .execute();
    await trx
      .insertInto("form_version")
      .values({ id: formVersionId, call_id: callId, version: form.version, definition_json: JSON.stringify(form), created_at: now })
      .execute();
    await trx.updateTable("call").set({ current_form_version_id: formVersionId }).where("id", "=", callId).execute();
  });
  return { created: true, callId };
}

type CallRow = {
  id: string;
  slug: string;
  status: string;
  content_json: string;
  timeline_json: string;
  opens_at: string;
  closes_at: string;
  current_form_version_id: string | null;
};

function toCall(row: CallRow): Call {
  return {
    id: row.id,
    slug: row.slug,
    status: row.status as Call["status"],
    content: JSON.parse(row.content_json),
    timeline: JSON.parse(row.timeline_json),
    opensAt: new Date(row.opens_at),
    closesAt: new Date(row.closes_at),
    formVersionId: row.current_form_version_id ?? "",
  };
}

const callColumns = ["id", "slug", "status", "content_json", "timeline_json", "opens_at", "closes_at", "current_form_version_id"] as const;

export async function findCallBySlug(db: Kdb, slug: string): Promise<Call | null> {
  const row = await db.selectFrom("call").select(callColumns).where("slug", "=", slug).executeTakeFirst();
  return row ? toCall(row) : null;
}

// Calls and deadline extensions change rarely and are read on every save: a few seconds of caching
// spares a query and a JSON parse per request. A change clears it at once in every app process (ADR 027).
const CACHE_MS = 5000;
const callCache = new Map<string, { call: Call | null; at: number }>();
const extensionCache = new Map<string, { closesAt: string | null; at: number }>();
onForget("calls", (callId) => {
  if (callId === "*") callCache.clear();
  else callCache.delete(callId);
});
onForget("extension", (key) => extensionCache.delete(key));

/** The studio changed a call: every process reads it afresh. */
export async function forgetCachedCall(db: Kdb, callId: string): Promise<void> {
  await forgetEverywhere(db, "calls", callId);
}

export async function findCallById(db: Kdb, id: string): Promise<Call | null> {
  const hit = callCache.get(id);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.call;
  const row = await db.selectFrom("call").select(callColumns).where("id", "=", id).executeTakeFirst();
  const call = row ? toCall(row) : null;
  if (callCache.size > 1000) callCache.clear();
  callCache.set(id, { call, at: Date.now() });
  return call;
}

export async function listPublishedCalls(db: Kdb): Promise<Call[]> {
  const rows = await db.selectFrom("call").select(callColumns).where("status", "=", "published").orderBy("closes_at", "asc").execute();
  return rows.map(toCall);
}

export async function listArchivedCalls(db: Kdb): Promise<Call[]> {
  const rows = await db
    .selectFrom("call")
    .select(callColumns)
    .where("status", "=", "archived")
    .orderBy("closes_at", "desc")
    .limit(200)
    .execute();
  return rows.map(toCall);
}

export function isOpen(call: Call, now: Date = new Date()): boolean {
  return call.status === "published" && now >= call.opensAt && now < call.closesAt;
}

const formCache = new Map<string, FormDefinition>();
export async function formDefinition(db: Kdb, formVersionId: string): Promise<FormDefinition> {
  const cached = formCache.get(formVersionId);
  if (cached) return cached;
  const row = await db.selectFrom("form_version").select("definition_json").where("id", "=", formVersionId).executeTakeFirstOrThrow();
  const def = JSON.parse(row.definition_json) as FormDefinition; // versions are immutable: safe to cache
  formCache.set(formVersionId, def);
  return def;
}

/** The one rule for an organisation's deadline: its extension when it has one, else the call's. */
export function effectiveClosesAt(callClosesAt: Date | string, extendedClosesAt: string | null | undefined): Date {
  return new Date(extendedClosesAt ?? callClosesAt);
}

/**
 * The join condition of a dossier's own deadline extension (its call's, for its organisation), for a
 * `leftJoin("deadline_extension", onOwnExtension)` beside the dossier; read it with `effectiveClosesAt`.
 */
export function onOwnExtension(j: JoinBuilder<DB, "dossier" | "deadline_extension">) {
  return j
    .onRef("deadline_extension.call_id", "=", "dossier.call_id")
    .onRef("deadline_extension.organization_id", "=", "dossier.organization_id");
}

/** The instant after which this organisation can no longer submit: the call's, or its extension. */
// Read once per organisation every few seconds (the first save or submission of each at the surge): compiled once.
const extensionOf = reusableQuery((db: Kdb, callId: string, organizationId: string) =>
  db.selectFrom("deadline_extension").select("closes_at").where("call_id", "=", callId).where("organization_id", "=", organizationId),
);

export async function deadlineFor(db: Kdb, call: Call, organizationId: string): Promise<Date> {
  const key = `${call.id}:${organizationId}`;
  const hit = extensionCache.get(key);
  let closesAt: string | null;
  if (hit && Date.now() - hit.at < CACHE_MS) {
    closesAt = hit.closesAt;
  } else {
    closesAt = (await extensionOf(db, call.id, organizationId)).rows[0]?.closes_at ?? null;
    if (extensionCache.size > 50_000) extensionCache.clear();
    extensionCache.set(key, { closesAt, at: Date.now() });
  }
  return effectiveClosesAt(call.closesAt, closesAt);
}

/** An organiser extends one organisation's deadline to the end of a given day (Europe/Paris). */
export async function extendDeadline(
  db: Kdb,
  input: { callId: string; organizationId: string; untilDate: string; grantedBy: string; reason: string; now?: Date },
): Promise<Date> {
  const closesAt = deadlineInstant(input.untilDate);
  const values = {
    call_id: input.callId,
    organization_id: input.organizationId,
    closes_at: closesAt.toISOString(),
    granted_by: input.grantedBy,
    granted_at: nowIso(input.now),
    reason: input.reason,
  };
  await db
    .insertInto("deadline_extension")
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(["call_id", "organization_id"])
        .doUpdateSet({ closes_at: values.closes_at, granted_by: values.granted_by, granted_at: values.granted_at, reason: values.reason }),
    )
    .execute();
  await forgetEverywhere(db, "extension", `${input.callId}:${input.organizationId}`);
  // The organisation learns its new date by e-mail, not by chance (issue 9).
  const call = await findCallById(db, input.callId);
  if (call) {
    const last = new Date(closesAt.getTime() - 60_000);
    for (const m of await memberEmails(db, input.organizationId)) {
      await enqueue(db, "send-mail", {
        to: m.email,
        subject: t(m.locale, "mail.extension.subject", { call: localized(call.content.title, m.locale) }),
        text: t(m.locale, "mail.extension.body", {
          name: m.name,
          call: localized(call.content.title, m.locale),
          date: formatParisDateTime(last, m.locale),
          reason: input.reason,
        }),
      });
    }
  }
  return closesAt;
}
