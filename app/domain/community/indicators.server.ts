// Members' impact indicators (issue 3), declared once a year: jobs created and secured, people supported,
// trainings. Each member sees its own series; the community sees totals per year.
import type { Kdb } from "../../db/database.server";
import { DomainError, NotFound } from "../../lib/errors";
import { communityAccess, commitmentPeriod } from "./community.server";

export interface Indicators {
  jobsCreated: number;
  jobsSecured: number;
  peopleSupported: number;
  trainings: number;
}
export const INDICATOR_KEYS: (keyof Indicators)[] = ["jobsCreated", "jobsSecured", "peopleSupported", "trainings"];

/**
 * Who may declare a member's indicators (its people, or an organiser) and for which year: from the year
 * before the community (its baseline) to the community's last year, never a year to come.
 */
export async function assertMayDeclare(
  db: Kdb,
  input: { callId: string; organizationId: string; userId: string; year: number; now?: Date },
): Promise<void> {
  const access = await communityAccess(db, input.userId, input.callId);
  if (access.role !== "organiser" && !access.organizationIds.includes(input.organizationId)) throw new NotFound();
  const { start, end } = await commitmentPeriod(db, input.callId);
  const first = Number(start.slice(0, 4)) - 1;
  const last = Math.min(Number(end.slice(0, 4)), (input.now ?? new Date()).getUTCFullYear());
  if (!Number.isInteger(input.year) || input.year < first || input.year > last)
    throw new DomainError("indicators.yearInvalid", 400, { first, last });
}

export async function declareIndicators(
  db: Kdb,
  input: { callId: string; organizationId: string; userId: string; year: number; values: Indicators; now?: Date },
): Promise<void> {
  await assertMayDeclare(db, input);
  for (const k of INDICATOR_KEYS) {
    const v = input.values[k];
    if (!Number.isInteger(v) || v < 0 || v > 1_000_000) throw new DomainError("indicators.value", 400);
  }
  const values = {
    jobs_created: input.values.jobsCreated,
    jobs_secured: input.values.jobsSecured,
    people_supported: input.values.peopleSupported,
    trainings: input.values.trainings,
    declared_by: input.userId,
    declared_at: (input.now ?? new Date()).toISOString(),
  };
  await db
    .insertInto("impact_indicator")
    .values({ call_id: input.callId, organization_id: input.organizationId, year: input.year, ...values })
    .onConflict((oc) => oc.columns(["call_id", "organization_id", "year"]).doUpdateSet(values))
    .execute();
}

const toIndicators = (r: { jobs_created: number; jobs_secured: number; people_supported: number; trainings: number }): Indicators => ({
  jobsCreated: Number(r.jobs_created),
  jobsSecured: Number(r.jobs_secured),
  peopleSupported: Number(r.people_supported),
  trainings: Number(r.trainings),
});

export async function indicatorsOf(db: Kdb, input: { callId: string; organizationId: string; userId: string }) {
  await communityAccess(db, input.userId, input.callId);
  const rows = await db
    .selectFrom("impact_indicator")
    .selectAll()
    .where("call_id", "=", input.callId)
    .where("organization_id", "=", input.organizationId)
    .orderBy("year")
    .execute();
  return rows.map((r) => ({ year: Number(r.year), ...toIndicators(r) }));
}

export async function communityTotals(db: Kdb, input: { callId: string; userId: string }) {
  await communityAccess(db, input.userId, input.callId);
  const rows = await db
    .selectFrom("impact_indicator")
    .select([
      "year",
      (eb) => eb.fn.sum<number>("jobs_created").as("jobs_created"),
      (eb) => eb.fn.sum<number>("jobs_secured").as("jobs_secured"),
      (eb) => eb.fn.sum<number>("people_supported").as("people_supported"),
      (eb) => eb.fn.sum<number>("trainings").as("trainings"),
      (eb) => eb.fn.countAll<number>().as("members"),
    ])
    .where("call_id", "=", input.callId)
    .groupBy("year")
    .orderBy("year")
    .execute();
  return rows.map((r) => ({ year: Number(r.year), members: Number(r.members), ...toIndicators(r) }));
}

/** Each member's declared values, year by year, that this person may read: all for organisers, their own organisations' for members. */
export async function indicatorRows(db: Kdb, input: { callId: string; userId: string }) {
  const access = await communityAccess(db, input.userId, input.callId);
  let q = db
    .selectFrom("impact_indicator")
    .innerJoin("organization", "organization.id", "impact_indicator.organization_id")
    .select([
      "impact_indicator.organization_id",
      "organization.name",
      "impact_indicator.year",
      "jobs_created",
      "jobs_secured",
      "people_supported",
      "trainings",
      "declared_at",
    ])
    .where("impact_indicator.call_id", "=", input.callId);
  if (access.role !== "organiser") {
    if (!access.organizationIds.length) return [];
    q = q.where("impact_indicator.organization_id", "in", access.organizationIds);
  }
  const rows = await q.orderBy("organization.name").orderBy("impact_indicator.year").execute();
  return rows.map((r) => ({
    organizationId: r.organization_id,
    name: r.name,
    year: Number(r.year),
    declaredAt: r.declared_at,
    ...toIndicators(r),
  }));
}
