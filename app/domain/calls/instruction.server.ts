// What the instruction team sees of a call's dossiers: the list with filters, full-text search and
// pagination on indexed columns, and the facts copied at each submission. Captured e-mails too.
import type { Kdb } from "../../db/database.server";
import type { DossierProfile } from "../applications/profile";
import type { AnswerFact } from "../applications/answer-facts";
import { communeByCode } from "../../forms/territory.server";
import { searchDossiers } from "../applications/search.server";
import { frenchOrder } from "../../db/collation.server";

/** Writes the filterable facts of a submission from its profile (called inside the submission's transaction). */
export async function recordDossierFacts(db: Kdb, input: { dossierId: string; callId: string; organisationName: string; profile: DossierProfile; answerFacts?: AnswerFact[] }): Promise<void> {
  const p = input.profile;
  const place = p.communeCode ? communeByCode(p.communeCode) : undefined;
  const flag = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
  const values = {
    dossier_id: input.dossierId,
    call_id: input.callId,
    name: p.name ?? input.organisationName,
    region: place?.region ?? null,
    departement: place?.departement ?? null,
    stage: p.stage,
    operating_since: p.operatingSince,
    sectors: `,${p.sectors.join(",")},`,
    charter: flag(p.wantsCharter),
    hosts_visit: flag(p.hostsVisit),
  };
  await db
    .insertInto("dossier_fact")
    .values(values)
    .onConflict((oc) => oc.column("dossier_id").doUpdateSet({ ...values }))
    .execute();
  await db.deleteFrom("dossier_answer_fact").where("dossier_id", "=", input.dossierId).execute();
  for (const f of input.answerFacts ?? []) await db.insertInto("dossier_answer_fact").values({ dossier_id: input.dossierId, call_id: input.callId, ...f }).execute();
}

export interface InstructionFilters {
  state?: string;
  region?: string;
  departement?: string;
  stage?: string;
  sector?: string;
  charter?: "yes" | "no";
  hostVisit?: "yes" | "no";
  /** Operational for at least this many years (counted from the year it started). */
  minYears?: number;
  reviewer?: string;
  scoreMin?: number;
  scoreMax?: number;
  label?: string;
  /** The call's own filterable fields: a value to match, or a range. */
  fields?: { key: string; value?: string; min?: number; max?: number }[];
  q?: string;
  sort?: "name" | "submitted" | "updated" | "score";
  page?: number;
}

export const PAGE_SIZE = 50;

/** Submitted (and later) dossiers of a call, filtered, searched, sorted and paginated. Drafts are the applicants' own. */
export async function instructionList(db: Kdb, callId: string, f: InstructionFilters, now: Date = new Date()) {
  // Every filter but the state: the per-state counts show what choosing a state would give.
  let base = db
    .selectFrom("dossier")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .leftJoin("dossier_score", "dossier_score.dossier_id", "dossier.id")
    .where("dossier.call_id", "=", callId)
    .where("dossier.state", "!=", "draft");
  if (f.region) base = base.where("dossier_fact.region", "=", f.region);
  if (f.departement) base = base.where("dossier_fact.departement", "=", f.departement);
  if (f.stage) base = base.where("dossier_fact.stage", "=", f.stage);
  if (f.sector) base = base.where("dossier_fact.sectors", "like", `%,${f.sector.replace(/[%_,]/g, "")},%`);
  if (f.charter) base = base.where("dossier_fact.charter", "=", f.charter === "yes" ? 1 : 0);
  if (f.hostVisit) base = base.where("dossier_fact.hosts_visit", "=", f.hostVisit === "yes" ? 1 : 0);
  if (f.minYears !== undefined && f.minYears > 0) base = base.where("dossier_fact.operating_since", "<=", now.getUTCFullYear() - f.minYears);
  if (f.scoreMin !== undefined) base = base.where("dossier_score.overall", ">=", f.scoreMin);
  if (f.scoreMax !== undefined) base = base.where("dossier_score.overall", "<=", f.scoreMax);
  if (f.reviewer) {
    const reviewer = f.reviewer;
    base = base.where((eb) => eb.exists(eb.selectFrom("review_assignment").select("review_assignment.dossier_id").whereRef("review_assignment.dossier_id", "=", "dossier.id").where("review_assignment.reviewer_id", "=", reviewer)));
  }
  if (f.label) {
    const label = f.label;
    base = base.where((eb) => eb.exists(eb.selectFrom("dossier_label").select("dossier_label.dossier_id").whereRef("dossier_label.dossier_id", "=", "dossier.id").where("dossier_label.label", "=", label)));
  }
  for (const field of f.fields ?? []) {
    const { key, value, min, max } = field;
    if (value === undefined && min === undefined && max === undefined) continue;
    base = base.where((eb) => {
      let sub = eb.selectFrom("dossier_answer_fact").select("dossier_answer_fact.dossier_id").whereRef("dossier_answer_fact.dossier_id", "=", "dossier.id").where("dossier_answer_fact.field_key", "=", key);
      if (value !== undefined) sub = sub.where("dossier_answer_fact.value_text", "=", value);
      if (min !== undefined) sub = sub.where("dossier_answer_fact.value_number", ">=", min);
      if (max !== undefined) sub = sub.where("dossier_answer_fact.value_number", "<=", max);
      return eb.exists(sub);
    });
  }
  if (f.q && f.q.trim()) {
    const ids = await searchDossiers(db, callId, f.q, 5000);
    if (ids.length === 0) return { total: 0, rows: [], page: 1, pages: 1, counts: {} as Record<string, number> };
    base = base.where("dossier.id", "in", ids);
  }
  const countRows = await base.select(["dossier.state", db.fn.countAll<number>().as("n")]).groupBy("dossier.state").execute();
  const counts: Record<string, number> = Object.fromEntries(countRows.map((r) => [r.state, Number(r.n)]));
  const q = f.state ? base.where("dossier.state", "=", f.state) : base;
  const total = f.state ? (counts[f.state] ?? 0) : Object.values(counts).reduce((s, n) => s + n, 0);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, f.page ?? 1), pages);
  const ordered =
    f.sort === "score"
      ? q.orderBy("dossier_score.overall", (ob) => ob.desc().nullsLast())
      : f.sort === "submitted" || f.sort === "updated"
        ? q.orderBy(f.sort === "submitted" ? "dossier.last_submitted_at" : "dossier.updated_at", "desc")
        : q.orderBy(frenchOrder(db, "dossier_fact.name"));
  const rows = await ordered
    .select([
      "dossier.id",
      "dossier.state",
      "dossier.last_submitted_at",
      "dossier.organization_id",
      "dossier_fact.name",
      "dossier_fact.region",
      "dossier_fact.departement",
      "dossier_fact.stage",
      "dossier_fact.operating_since",
      "dossier_fact.sectors",
      "dossier_fact.charter",
      "dossier_fact.hosts_visit",
      "dossier_score.overall",
      "dossier_score.reviewers",
      "dossier_score.disagreement",
    ])
    .orderBy("dossier.id")
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  const ids = rows.map((r) => r.id);
  const labels = ids.length ? await db.selectFrom("dossier_label").select(["dossier_id", "label"]).where("dossier_id", "in", ids).orderBy("label").execute() : [];
  const facts = ids.length ? await db.selectFrom("dossier_answer_fact").select(["dossier_id", "field_key", "value_text", "value_number"]).where("dossier_id", "in", ids).execute() : [];
  return {
    total,
    page,
    pages,
    counts,
    rows: rows.map((r) => ({
      ...r,
      labels: labels.filter((l) => l.dossier_id === r.id).map((l) => l.label),
      answers: facts.filter((x) => x.dossier_id === r.id).map((x) => ({ key: x.field_key, text: x.value_text, number: x.value_number === null ? null : Number(x.value_number) })),
    })),
  };
}

/** Every organisation with a dossier for the call, drafts included, with its deadline extension (for organisers). */
export async function dossiersOfCall(db: Kdb, callId: string) {
  return db
    .selectFrom("dossier")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .leftJoin("deadline_extension", (j) => j.onRef("deadline_extension.call_id", "=", "dossier.call_id").onRef("deadline_extension.organization_id", "=", "dossier.organization_id"))
    .select(["dossier.id", "dossier.state", "dossier.updated_at", "dossier.last_submitted_at", "dossier.submission_count", "organization.id as organization_id", "organization.name as organization_name", "deadline_extension.closes_at as extended_until"])
    .where("dossier.call_id", "=", callId)
    .orderBy(frenchOrder(db, "organization.name"))
    .limit(2000)
    .execute();
}

export async function capturedEmails(db: Kdb, limit = 200) {
  return db.selectFrom("email").selectAll().orderBy("created_at", "desc").limit(limit).execute();
}
