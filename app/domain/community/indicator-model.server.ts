// Impact indicators with a real model (issue 12; Decidim's accountability has only a progress %): each
// indicator has a unit, a baseline, a target, and values per year for each member, rolled up across the
// community by a stated method (sum, or mean of the members who declared), with its progress from the
// baseline towards the target. The four standard indicators keep their values where they always were
// (indicators.server.ts); the community adds its own. Members declare in one form per year and are
// reminded once after the year ends.
import type { Kdb } from "../../db/database.server";
import { isLocale, t } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { parisToday } from "../../lib/paris-time";
import { memberEmails } from "../organisations/member-emails.server";
import { communityAccess, membersOf } from "./community.server";
import { assertMayDeclare, INDICATOR_KEYS, type Indicators } from "./indicators.server";

export type Aggregation = "sum" | "mean";

export interface IndicatorDefinition {
  id: string | null;
  key: string;
  label: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  aggregation: Aggregation;
  standard: boolean;
}

const STANDARD: Record<keyof Indicators, { label: string; unit: string }> = {
  jobsCreated: { label: "Emplois créés", unit: "emplois" },
  jobsSecured: { label: "Emplois consolidés", unit: "emplois" },
  peopleSupported: { label: "Personnes accompagnées", unit: "personnes" },
  trainings: { label: "Formations", unit: "formations" },
};
const COLUMN: Record<keyof Indicators, "jobs_created" | "jobs_secured" | "people_supported" | "trainings"> = {
  jobsCreated: "jobs_created",
  jobsSecured: "jobs_secured",
  peopleSupported: "people_supported",
  trainings: "trainings",
};
const isStandard = (key: string): key is keyof Indicators => (INDICATOR_KEYS as string[]).includes(key);

/** The community's indicators: the four standard ones (with the baseline and target set for them), then its own. */
export async function indicatorDefinitions(db: Kdb, callId: string): Promise<IndicatorDefinition[]> {
  const rows = await db.selectFrom("indicator").selectAll().where("call_id", "=", callId).orderBy("position").execute();
  const standard = INDICATOR_KEYS.map((key) => {
    const r = rows.find((x) => x.key === key);
    return {
      id: r?.id ?? null,
      key,
      label: STANDARD[key].label,
      unit: STANDARD[key].unit,
      baseline: r?.baseline ?? null,
      target: r?.target ?? null,
      aggregation: "sum" as const,
      standard: true,
    };
  });
  const own = rows
    .filter((r) => !isStandard(r.key))
    .map((r) => ({
      id: r.id,
      key: r.key,
      label: r.label,
      unit: r.unit,
      baseline: r.baseline,
      target: r.target,
      aggregation: r.aggregation,
      standard: false,
    }));
  return [...standard, ...own];
}

const finite = (v: number | null) => v === null || (Number.isFinite(v) && Math.abs(v) <= 1e12);

/**
 * An organiser adds an indicator, or sets the baseline and target of one (standard ones included). A new
 * indicator's key comes from its label; the unit says what is counted (« hectares », « % »…).
 */
export async function defineIndicator(
  db: Kdb,
  input: {
    callId: string;
    actorId: string;
    key?: string;
    label: string;
    unit: string;
    baseline: number | null;
    target: number | null;
    aggregation: Aggregation;
    now?: Date;
  },
): Promise<string> {
  if ((await communityAccess(db, input.actorId, input.callId)).role !== "organiser") throw new NotFound();
  if (!finite(input.baseline) || !finite(input.target)) throw new DomainError("indicators.value", 400);
  if (input.aggregation !== "sum" && input.aggregation !== "mean") throw new DomainError("error.badRequest", 400);
  const existing = input.key
    ? await db.selectFrom("indicator").selectAll().where("call_id", "=", input.callId).where("key", "=", input.key).executeTakeFirst()
    : undefined;
  if (existing) {
    await db
      .updateTable("indicator")
      .set({
        baseline: input.baseline,
        target: input.target,
        ...(isStandard(existing.key)
          ? {}
          : { label: input.label.trim() || existing.label, unit: input.unit.trim() || existing.unit, aggregation: input.aggregation }),
      })
      .where("id", "=", existing.id)
      .execute();
    return existing.id;
  }
  const standard = input.key !== undefined && isStandard(input.key);
  const label = standard ? STANDARD[input.key as keyof Indicators].label : input.label.trim();
  const unit = standard ? STANDARD[input.key as keyof Indicators].unit : input.unit.trim();
  if (input.key !== undefined && !standard) throw new NotFound();
  if (label.length < 3 || label.length > 120) throw new DomainError("indicators.labelInvalid", 400);
  if (!unit || unit.length > 40) throw new DomainError("indicators.unitRequired", 400);
  const key = standard
    ? input.key!
    : `c-${label
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 40)}`;
  const taken = await db.selectFrom("indicator").select("id").where("call_id", "=", input.callId).where("key", "=", key).executeTakeFirst();
  if (taken) throw new DomainError("indicators.exists", 409);
  const count = await db
    .selectFrom("indicator")
    .select(db.fn.countAll<number>().as("n"))
    .where("call_id", "=", input.callId)
    .executeTakeFirstOrThrow();
  const id = newId();
  await db
    .insertInto("indicator")
    .values({
      id,
      call_id: input.callId,
      key,
      label,
      unit,
      baseline: input.baseline,
      target: input.target,
      aggregation: standard ? "sum" : input.aggregation,
      position: Number(count.n),
      created_by: input.actorId,
      created_at: (input.now ?? new Date()).toISOString(),
    })
    .execute();
  return id;
}

/** A member declares the community's own indicators for a year (the standard ones go through declareIndicators). */
export async function declareOwnIndicators(
  db: Kdb,
  input: { callId: string; organizationId: string; userId: string; year: number; values: Record<string, number | null>; now?: Date },
): Promise<number> {
  await assertMayDeclare(db, input);
  const defs = (await indicatorDefinitions(db, input.callId)).filter((d) => !d.standard);
  const at = (input.now ?? new Date()).toISOString();
  let saved = 0;
  for (const d of defs) {
    const v = input.values[d.key];
    if (v === null || v === undefined) continue;
    if (!Number.isFinite(v) || Math.abs(v) > 1e12) throw new DomainError("indicators.value", 400);
    await db
      .insertInto("indicator_value")
      .values({
        indicator_id: d.id!,
        organization_id: input.organizationId,
        year: input.year,
        value: v,
        declared_by: input.userId,
        declared_at: at,
      })
      .onConflict((oc) =>
        oc.columns(["indicator_id", "organization_id", "year"]).doUpdateSet({ value: v, declared_by: input.userId, declared_at: at }),
      )
      .execute();
    saved++;
  }
  return saved;
}

export interface RolledUp {
  definition: IndicatorDefinition;
  years: { year: number; value: number | null; declared: number }[];
  latest: { year: number; value: number } | null;
  /** From the baseline (0 %) to the target (100 %), when both are set and differ. */
  progress: number | null;
}

/**
 * Each indicator rolled up across the community, year by year: the sum (or the mean) of the values the
 * members declared, with how many declared out of how many members — the method the page states.
 */
export async function rollUp(db: Kdb, input: { callId: string; userId: string }): Promise<{ members: number; indicators: RolledUp[] }> {
  await communityAccess(db, input.userId, input.callId);
  const defs = await indicatorDefinitions(db, input.callId);
  const members = (await membersOf(db, input.callId)).length;
  const standardRows = await db.selectFrom("impact_indicator").selectAll().where("call_id", "=", input.callId).execute();
  const ownIds = defs.filter((d) => !d.standard).map((d) => d.id!);
  const ownRows = ownIds.length ? await db.selectFrom("indicator_value").selectAll().where("indicator_id", "in", ownIds).execute() : [];
  const indicators = defs.map((d) => {
    const values: { year: number; value: number }[] = d.standard
      ? standardRows.map((r) => ({ year: Number(r.year), value: Number(r[COLUMN[d.key as keyof Indicators]]) }))
      : ownRows.filter((r) => r.indicator_id === d.id).map((r) => ({ year: Number(r.year), value: Number(r.value) }));
    const byYear = new Map<number, number[]>();
    for (const v of values) byYear.set(v.year, [...(byYear.get(v.year) ?? []), v.value]);
    const years = [...byYear]
      .sort((a, b) => a[0] - b[0])
      .map(([year, vs]) => ({
        year,
        declared: vs.length,
        value: vs.length ? (d.aggregation === "mean" ? vs.reduce((s, x) => s + x, 0) / vs.length : vs.reduce((s, x) => s + x, 0)) : null,
      }));
    const lastYear = years.filter((y) => y.value !== null).at(-1);
    const latest = lastYear ? { year: lastYear.year, value: lastYear.value! } : null;
    const progress =
      latest && d.baseline !== null && d.target !== null && d.target !== d.baseline
        ? Math.round(((latest.value - d.baseline) / (d.target - d.baseline)) * 100)
        : null;
    return { definition: d, years, latest, progress };
  });
  return { members, indicators };
}

/**
 * After a year of the commitment period (or the year before it, the baseline) ends (in January, February and March), each member that has not
 * declared its indicators for it is reminded, once.
 */
export async function sendIndicatorReminders(db: Kdb, appUrl: string, now = new Date()): Promise<number> {
  const today = parisToday(now);
  const month = Number(today.slice(5, 7));
  if (month > 3) return 0;
  const year = Number(today.slice(0, 4)) - 1;
  const calls = await db.selectFrom("call").select(["id", "timeline_json", "content_json"]).where("status", "=", "published").execute();
  let sent = 0;
  for (const c of calls) {
    const tl = JSON.parse(c.timeline_json) as { communityStart: string; communityEnd: string };
    // The year before the community (its baseline) and each year of it.
    if (year < Number(tl.communityStart.slice(0, 4)) - 1 || year > Number(tl.communityEnd.slice(0, 4))) continue;
    const members = await membersOf(db, c.id);
    if (!members.length) continue;
    const declared = new Set(
      (
        await db.selectFrom("impact_indicator").select("organization_id").where("call_id", "=", c.id).where("year", "=", year).execute()
      ).map((r) => r.organization_id),
    );
    for (const m of members) {
      if (declared.has(m.organizationId)) continue;
      const claimed = await db
        .insertInto("indicator_reminder")
        .values({ call_id: c.id, organization_id: m.organizationId, year, sent_at: now.toISOString() })
        .onConflict((oc) => oc.columns(["call_id", "organization_id", "year"]).doNothing())
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
      for (const p of await memberEmails(db, m.organizationId)) {
        const L = isLocale(p.locale) ? p.locale : "fr";
        await enqueue(db, "send-mail", {
          to: p.email,
          subject: t(L, "mail.indicators.subject", { year }),
          text: t(L, "mail.indicators.body", {
            name: p.name,
            organisation: m.name,
            year,
            link: `${appUrl}/communaute/${c.id}/indicateurs`,
          }),
        });
        sent++;
      }
    }
  }
  return sent;
}
