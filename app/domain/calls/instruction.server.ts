import type { FileStorage } from "../../files/storage.server";
import { DomainError, NotFound } from "../../lib/errors";
// What the instruction team sees of a call's dossiers: the list with filters, full-text search and
// pagination on indexed columns, and the facts copied at each submission. Captured e-mails too.
import { expressionBuilder, sql, type Expression, type Insertable, type SelectQueryBuilder, type SqlBool } from "kysely";
import { frenchOrder } from "../../db/collation.server";
import { isPostgres, type Kdb } from "../../db/database.server";
import { executePlannedOnce, reusableByName, reusableQuery } from "../../db/reusable-query.server";
import type { DB } from "../../db/schema";
import { communeByCode } from "../../forms/territory.server";
import { frenchSortKey } from "../../lib/french-sort";
import { TEAM_READABLE, type CallRole } from "../access/policy.server";
import type { AnswerFact } from "../applications/answer-facts";
import type { DossierProfile } from "../applications/profile";
import { broadSearch, factsOfMatches, searchCondition, searchRowOf } from "../applications/search.server";
import { listedStateCounts } from "../applications/state-counts.server";
import { onOwnExtension } from "./calls.server";

/** Writes the filterable facts of a submission from its profile (called inside the submission's transaction). */
export async function recordDossierFacts(
  db: Kdb,
  input: {
    dossierId: string;
    callId: string;
    organisationName: string;
    /** The dossier's state after the submission (the facts keep it for the list's counts). */
    state: string;
    profile: DossierProfile;
    answerFacts?: AnswerFact[];
    submittedAt?: string;
  },
): Promise<void> {
  const p = input.profile;
  const place = p.communeCode ? communeByCode(p.communeCode) : undefined;
  const flag = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
  const name = p.name ?? input.organisationName;
  const values = {
    dossier_id: input.dossierId,
    call_id: input.callId,
    name,
    state: input.state,
    sort_key: frenchSortKey(name),
    submitted_at: input.submittedAt ?? new Date().toISOString(),
    region: place?.region ?? null,
    departement: place?.departement ?? null,
    stage: p.stage,
    operating_since: p.operatingSince,
    sectors: `,${p.sectors.join(",")},`,
    charter: flag(p.wantsCharter),
    hosts_visit: flag(p.hostsVisit),
  } satisfies Record<(typeof FACT_COLUMNS)[number], unknown>;
  const facts = (input.answerFacts ?? []).map((f) => ({ dossier_id: input.dossierId, call_id: input.callId, ...f }));
  if (isPostgres(db)) {
    // One round trip instead of three (issue 11): the facts' upsert, the old answer facts' removal and
    // the new ones' insert. The parts of one statement share its snapshot, so the removal sees only the
    // rows that were there before, never those inserted beside it.
    const upsert = db
      .with("facts", () => factsUpsert(db, values, false))
      .with("gone", (q) => q.deleteFrom("dossier_answer_fact").where("dossier_id", "=", input.dossierId));
    // Planned once per number of answer facts (a form has few filterable fields).
    await executePlannedOnce(
      db,
      facts.length ? upsert.insertInto("dossier_answer_fact").values(facts) : upsert.selectNoFrom(sql<number>`1`.as("done")),
    );
    return;
  }
  // SQLite: the facts' row number is the dossier's FTS row number (migration 028), handed out by
  // dossier_search_row, so that a search's matches are the facts' own keys.
  const row = await searchRowOf(db, input.dossierId);
  await upsertFacts(db, { ...values, row });
  await deleteAnswerFacts(db, input.dossierId);
  if (facts.length) await db.insertInto("dossier_answer_fact").values(facts).execute();
}

// The facts' columns, and SQLite's two fixed statements, compiled once (reusable-query.server.ts): every submission writes them.
const FACT_COLUMNS = [
  "dossier_id",
  "call_id",
  "name",
  "state",
  "sort_key",
  "submitted_at",
  "region",
  "departement",
  "stage",
  "operating_since",
  "sectors",
  "charter",
  "hosts_visit",
] as const;
/** The facts' upsert; on SQLite with the row number (the dossier's FTS row, migration 028). */
function factsUpsert(db: Kdb, v: Record<string, unknown>, withRow: boolean) {
  const values = Object.fromEntries(FACT_COLUMNS.map((c) => [c, v[c]])) as Insertable<DB["dossier_fact"]>;
  // The score (score_key) is the reviews' business: a new submission keeps it.
  return db
    .insertInto("dossier_fact")
    .values({ ...values, ...(withRow ? { row: v.row as number } : {}), score_key: -1 })
    .onConflict((oc) => oc.column("dossier_id").doUpdateSet(values));
}
const upsertFacts = reusableByName([...FACT_COLUMNS, "row"], (db: Kdb, v) => factsUpsert(db, v, true));
const deleteAnswerFacts = reusableQuery((db: Kdb, dossierId: string) =>
  db.deleteFrom("dossier_answer_fact").where("dossier_id", "=", dossierId),
);

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
  /** Changed at or after this instant (ISO 8601): the API's synchronisation. */
  updatedSince?: string;
  /** Only what this team member may open (the API): the access policy's readable states and assignments. */
  readableBy?: { userId: string; role: CallRole };
  sort?: "name" | "submitted" | "updated" | "score";
  /** The page after this cursor (« apres= »), or before it (« avant= »); the first page without either. */
  after?: ListCursor;
  before?: ListCursor;
}

export const PAGE_SIZE = 50;
/** Filtered lists count their matches up to this many. */
export const DEFAULT_COUNT_CAP = 2000;
/**
 * How long a page's search waits for a short index queue (a few submissions just made) to be caught up;
 * behind a long one (the deadline's surge) it does not wait (notYetSearchable). The page then says how
 * many submissions are not yet searchable.
 */
export const LIST_SEARCH_WAIT_MS = 1500;

/** Where a page starts or ends in the list's order: the sort key and id of a row, and its position. */
export interface ListCursor {
  key: string | number;
  id: string;
  /** Position in the list (0-based) of the row after (or, going back, of) the cursor's row: shown as « 51–100 ». */
  at: number;
}

// Each sort reads one index in order (migration 018): the French name key, the last submission, the
// overall score (-1 without one, so last), the last change; ties broken by the dossier's id.
const SORTS = {
  name: { column: "dossier_fact.sort_key", dir: "asc" },
  submitted: { column: "dossier_fact.submitted_at", dir: "desc" },
  score: { column: "dossier_fact.score_key", dir: "desc" },
  updated: { column: "dossier.updated_at", dir: "desc" },
} as const;

/** A cursor as it travels in a link (« apres= », « avant= »): compact, and checked when it comes back. */
export function encodeCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify([c.key, c.id, c.at])).toString("base64url");
}
export function decodeCursor(text: string | null | undefined): ListCursor | undefined {
  if (!text || text.length > 600) return undefined;
  try {
    const v = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(v) || v.length !== 3) return undefined;
    const [key, id, at] = v as unknown[];
    if (!(typeof key === "string" || (typeof key === "number" && Number.isFinite(key))) || typeof id !== "string" || id.length > 64)
      return undefined;
    if (typeof at !== "number" || !Number.isInteger(at) || at < 0) return undefined;
    return { key, id, at };
  } catch {
    return undefined;
  }
}

const NO_FILTER_KEYS = new Set(["state", "sort", "after", "before", "fields"]);
/** Whether the list is the whole call (a state at most): its counts are then the kept ones. */
function unfiltered(f: InstructionFilters): boolean {
  const fieldsSet = (f.fields ?? []).some((x) => x.value !== undefined || x.min !== undefined || x.max !== undefined);
  return (
    !fieldsSet &&
    Object.entries(f).every(
      ([k, v]) =>
        NO_FILTER_KEYS.has(k) ||
        v === undefined ||
        v === "" ||
        (k === "q" && !String(v).trim()) ||
        // An organiser reads every state the team reads: the kept counts of those states still hold.
        (k === "readableBy" && (v as { role: string }).role === "organiser"),
    )
  );
}

/**
 * What the filters keep of a call's submitted dossiers (the state aside: the caller adds it), as conditions
 * on the facts (dossier_fact) and the scores (dossier_score) alone. The list, the bulk actions and the
 * exports all start here. The facts keep the dossier's state (the lifecycle writes it): counting matches
 * reads no dossier row — joining each match to its dossier was four fifths of a filtered count (issue 11).
 */
async function filterConditions(
  db: Kdb,
  callId: string,
  f: InstructionFilters,
  now: Date,
  searchWaitMs: number,
): Promise<{
  conditions: Expression<SqlBool>;
  probed: Expression<SqlBool>;
  notYetSearchable: number;
  /** A search among the conditions (a query with words): every other condition, and on SQLite its FTS5 query, for counts read from the index's matches (factsOfMatches). */
  search: { ftsMatch: string | null; others: Expression<SqlBool> } | null;
}> {
  const eb = expressionBuilder<DB, "dossier_fact" | "dossier_score">();
  const all: Expression<SqlBool>[] = [eb("dossier_fact.call_id", "=", callId), eb("dossier_fact.state", "!=", "draft")];
  const where = (c: Expression<SqlBool>) => all.push(c);
  if (f.updatedSince)
    where(
      eb(
        "dossier_fact.dossier_id",
        "in",
        db
          .selectFrom("dossier")
          .select("dossier.id")
          .where("dossier.call_id", "=", callId)
          .where("dossier.updated_at", ">=", f.updatedSince),
      ),
    );
  if (f.readableBy) {
    const reader = f.readableBy;
    where(eb("dossier_fact.state", "in", TEAM_READABLE));
    if (reader.role !== "organiser") {
      where(
        eb(
          "dossier_fact.dossier_id",
          "in",
          db.selectFrom("review_assignment").select("dossier_id").where("reviewer_id", "=", reader.userId),
        ),
      );
      where(
        eb(
          "dossier_fact.dossier_id",
          "not in",
          db.selectFrom("conflict_declaration").select("dossier_id").where("reviewer_id", "=", reader.userId),
        ),
      );
    }
  }
  if (f.region) where(eb("dossier_fact.region", "=", f.region));
  if (f.departement) where(eb("dossier_fact.departement", "=", f.departement));
  if (f.stage) where(eb("dossier_fact.stage", "=", f.stage));
  if (f.sector) where(eb("dossier_fact.sectors", "like", `%,${f.sector.replace(/[%_,]/g, "")},%`));
  if (f.charter) where(eb("dossier_fact.charter", "=", f.charter === "yes" ? 1 : 0));
  if (f.hostVisit) where(eb("dossier_fact.hosts_visit", "=", f.hostVisit === "yes" ? 1 : 0));
  if (f.minYears !== undefined && f.minYears > 0) where(eb("dossier_fact.operating_since", "<=", now.getUTCFullYear() - f.minYears));
  // The score through the facts' own copy (score_key: the overall score, -1 without one), so that a score
  // filter costs no lookup of each match's scores (issue 11: half of a search combined with a score).
  if (f.scoreMin !== undefined) where(eb("dossier_fact.score_key", ">=", Math.max(0, f.scoreMin)));
  if (f.scoreMax !== undefined) where(eb.between("dossier_fact.score_key", 0, f.scoreMax));
  if (f.reviewer) {
    const reviewer = f.reviewer;
    where(
      eb.exists(
        eb
          .selectFrom("review_assignment")
          .select("review_assignment.dossier_id")
          .whereRef("review_assignment.dossier_id", "=", "dossier_fact.dossier_id")
          .where("review_assignment.reviewer_id", "=", reviewer),
      ),
    );
  }
  if (f.label) {
    const label = f.label;
    where(
      eb.exists(
        eb
          .selectFrom("dossier_label")
          .select("dossier_label.dossier_id")
          .whereRef("dossier_label.dossier_id", "=", "dossier_fact.dossier_id")
          .where("dossier_label.label", "=", label),
      ),
    );
  }
  for (const field of f.fields ?? []) {
    const { key, value, min, max } = field;
    if (value === undefined && min === undefined && max === undefined) continue;
    let sub = eb
      .selectFrom("dossier_answer_fact")
      .select("dossier_answer_fact.dossier_id")
      .whereRef("dossier_answer_fact.dossier_id", "=", "dossier_fact.dossier_id")
      .where("dossier_answer_fact.field_key", "=", key);
    if (value !== undefined) sub = sub.where("dossier_answer_fact.value_text", "=", value);
    if (min !== undefined) sub = sub.where("dossier_answer_fact.value_number", ">=", min);
    if (max !== undefined) sub = sub.where("dossier_answer_fact.value_number", "<=", max);
    where(eb.exists(sub));
  }
  // The search comes last: `probed` is the same conditions with the search as a probe (see broadSearch).
  let probed: Expression<SqlBool> | undefined;
  let notYetSearchable = 0;
  let search: { ftsMatch: string | null; others: Expression<SqlBool> } | null = null;
  if (f.q && f.q.trim()) {
    const matching = await searchCondition(db, callId, f.q, searchWaitMs);
    if (matching) {
      search = { ftsMatch: matching.ftsMatch, others: eb.and([...all]) };
      probed = eb.and([...all, matching.probe]);
      where(matching.lead);
      notYetSearchable = matching.notYetSearchable;
    }
  }
  const conditions = eb.and(all);
  return { conditions, probed: probed ?? conditions, notYetSearchable, search };
}

/** The facts (and scores) the conditions keep: what counts and ids read, without the dossiers. */
function matchingFacts(db: Kdb, conditions: Expression<SqlBool>) {
  return db.selectFrom("dossier_fact").leftJoin("dossier_score", "dossier_score.dossier_id", "dossier_fact.dossier_id").where(conditions);
}

/**
 * The ids of every dossier a query keeps, its state filter included, up to `cap` (null when more match:
 * the caller asks to narrow the filters rather than act on a number nobody checked). A search waits for
 * the index to hold every submission; with `refuseAfterMs`, at most that long, and then it refuses
 * (« search.notYetSearchable ») rather than act on fewer dossiers than match.
 */
export async function matchingDossierIds(
  db: Kdb,
  callId: string,
  f: InstructionFilters,
  options: { cap?: number; now?: Date; refuseAfterMs?: number } = {},
): Promise<string[] | null> {
  const cap = options.cap ?? DEFAULT_COUNT_CAP;
  const { conditions, notYetSearchable } = await filterConditions(
    db,
    callId,
    f,
    options.now ?? new Date(),
    options.refuseAfterMs ?? Infinity,
  );
  if (options.refuseAfterMs !== undefined && notYetSearchable > 0)
    throw new DomainError("search.notYetSearchable", 409, { n: notYetSearchable });
  const base = matchingFacts(db, conditions);
  const rows = await (f.state ? base.where("dossier_fact.state", "=", f.state) : base)
    .select("dossier_fact.dossier_id")
    .orderBy("dossier_fact.dossier_id")
    .limit(cap + 1)
    .execute();
  return rows.length > cap ? null : rows.map((r) => r.dossier_id);
}

/**
 * Submitted (and later) dossiers of a call, filtered, searched, sorted and paged by key (issue 11): a page
 * costs the rows it shows, not the call's size. Drafts are the applicants' own.
 */
export async function instructionList(
  db: Kdb,
  callId: string,
  f: InstructionFilters,
  now: Date = new Date(),
  options: {
    countCap?: number;
    pageSize?: number;
    /** Read a search's page in the list's order, keeping the matches (tests force it either way; see broadSearch). */
    inOrder?: boolean;
    /** How long a search waits for the index to catch up (LIST_SEARCH_WAIT_MS). */
    searchWaitMs?: number;
  } = {},
) {
  const COUNT_CAP = options.countCap ?? DEFAULT_COUNT_CAP;
  const PAGE = options.pageSize ?? PAGE_SIZE;
  const { conditions, probed, notYetSearchable, search } = await filterConditions(
    db,
    callId,
    f,
    now,
    options.searchWaitMs ?? LIST_SEARCH_WAIT_MS,
  );
  const base = matchingFacts(db, conditions);
  // What counts read, up to their cap: a search on SQLite, from the index's matches as FTS5 finds them.
  const source = search?.ftsMatch ? factsOfMatches(db, search.ftsMatch).where(search.others) : base;
  // The whole call: the counts kept as states change. Filtered: counted among the matching dossiers, up
  // to COUNT_CAP of them — beyond, the page says « more than 2 000 » and asks to narrow the filters, so
  // that a request never counts tens of thousands of rows it does not show.
  let counts: Record<string, number>;
  const kept = unfiltered(f);
  if (kept) {
    const all = await listedStateCounts(db, callId);
    counts = f.readableBy ? Object.fromEntries(Object.entries(all).filter(([state]) => TEAM_READABLE.includes(state))) : all;
  } else {
    const matches = source
      .select("dossier_fact.state")
      .limit(COUNT_CAP + 1)
      .as("m");
    const countRows = await db
      .selectFrom(matches)
      .select(["m.state", db.fn.countAll<number>().as("n")])
      .groupBy("m.state")
      .execute();
    counts = Object.fromEntries(countRows.map((r) => [r.state, Number(r.n)]));
  }
  // Every state's count together: when counted here, the matches up to the cap plus one (the kept counts are exact).
  const counted = sum(Object.values(counts));
  let capped = !kept && counted > COUNT_CAP;
  let total = f.state ? (counts[f.state] ?? 0) : counted;
  const countsCapped = capped;
  if (capped && f.state) {
    // The tabs' counts stopped early; the state shown is counted on its own, within the same cap.
    const inState = source
      .where("dossier_fact.state", "=", f.state)
      .select("dossier_fact.dossier_id")
      .limit(COUNT_CAP + 1)
      .as("s");
    const n = Number((await db.selectFrom(inState).select(db.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    capped = n > COUNT_CAP;
    total = Math.min(n, COUNT_CAP);
  } else if (capped) total = COUNT_CAP;

  const spec = SORTS[f.sort ?? "name"];
  // A search and nothing else (a state at most), matching a large share of the call: its page reads the
  // call's facts in the sort's own index and keeps the matches, rather than sorting every match. Sorted by
  // last change, the dossiers' index leads already.
  const searchOnly = Boolean(f.q?.trim()) && unfiltered({ ...f, q: undefined }) && spec.column !== "dossier.updated_at";
  const listed = async () => sum(Object.values(await listedStateCounts(db, callId)));
  // Whether the search is broad, from the counts just made when they say (every state: the tabs' counts).
  const inOrder = searchOnly && (options.inOrder ?? (await broadSearch(db, f.q!, listed, { matches: counted, capped: countsCapped })));
  const pageBase = inOrder ? matchingFacts(db, probed) : base;
  // PostgreSQL, a search whose matches were all counted (no more than the cap): its page is read from the
  // matches and sorted, by ordering on an expression no index serves. Left to itself, the planner may read
  // the call in the list's order and test each dossier's vector, assuming the matches spread evenly through
  // that order. They need not: organisations named after their trade sort together (« Recyclerie de… »), and
  // in the bench's 20,000 dossiers fifty-one of 2,000 matches took 3,484 rows read, 12–16 ms, against
  // 2.3 ms from the matches. Beyond the cap the planner's choice stands, the matches being many (issue 11).
  // (Sorted by last change, the dossiers' own index leads, the facts following: nothing to change there.)
  const fromMatches = isPostgres(db) && search !== null && !countsCapped && spec.column !== "dossier.updated_at";
  const sortKey = fromMatches
    ? sql`${sql.ref(spec.column)} ${sql.raw(spec.column === "dossier_fact.score_key" ? "+ 0" : "|| ''")}`
    : sql.ref(spec.column);
  const backwards = Boolean(f.before);
  const cursor = f.before ?? f.after;
  const dir = backwards ? (spec.dir === "asc" ? "desc" : "asc") : spec.dir;
  // The page's keys first, read from the facts alone — a search's matches are not joined to their dossiers
  // only to be sorted (issue 11) — then its rows, dossier and scores, for these fifty keys. SQLite plans one
  // join order and sticks to it: sorted by last change, the dossiers' own index (call, updated_at, id) leads,
  // the facts following by a cross join (the same condition; PostgreSQL plans it as the join).
  function pageKeys(from: SelectQueryBuilder<DB, "dossier_fact" | "dossier_score", object>) {
    let q = from.select(["dossier_fact.dossier_id", sql<string | number>`${sql.ref(spec.column)}`.as("sort_value")]);
    if (f.state) q = q.where("dossier_fact.state", "=", f.state);
    if (cursor) {
      const forward = spec.dir === "asc" ? ">" : "<";
      const op = backwards ? (forward === ">" ? "<" : ">") : forward;
      q = q.where(sql<boolean>`(${sql.ref(spec.column)}, dossier_fact.dossier_id) ${sql.raw(op)} (${cursor.key}, ${cursor.id})`);
    }
    return q
      .orderBy(sortKey, dir)
      .orderBy("dossier_fact.dossier_id", dir)
      .limit(PAGE + 1);
  }
  const keys =
    spec.column === "dossier.updated_at"
      ? pageKeys(
          db
            .selectFrom("dossier")
            .crossJoin("dossier_fact")
            .whereRef("dossier_fact.dossier_id", "=", "dossier.id")
            .leftJoin("dossier_score", "dossier_score.dossier_id", "dossier_fact.dossier_id")
            .where("dossier.call_id", "=", callId)
            .where(conditions),
        )
      : pageKeys(pageBase);
  const found = await db
    .selectFrom(keys.as("p"))
    .crossJoin("dossier_fact")
    .whereRef("dossier_fact.dossier_id", "=", "p.dossier_id")
    .innerJoin("dossier", "dossier.id", "p.dossier_id")
    .leftJoin("dossier_score", "dossier_score.dossier_id", "p.dossier_id")
    .select([
      "dossier.id",
      "dossier.state",
      "dossier.last_submitted_at",
      "dossier.updated_at",
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
      "p.sort_value",
    ])
    .orderBy("p.sort_value", dir)
    .orderBy("p.dossier_id", dir)
    .execute();
  const more = found.length > PAGE;
  const rows = found.slice(0, PAGE);
  if (backwards) rows.reverse();
  // Position of the first row shown: carried by the cursor (the list may have moved meanwhile: kept in range).
  const start = !cursor ? 0 : backwards ? (more ? Math.max(0, cursor.at - rows.length) : 0) : cursor.at;
  const hasPrevious = backwards ? more : Boolean(cursor) && start > 0;
  const hasNext = backwards ? true : more;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const previous = hasPrevious && first ? { key: first.sort_value, id: first.id, at: start } : undefined;
  const next = hasNext && last ? { key: last.sort_value, id: last.id, at: start + rows.length } : undefined;

  const ids = rows.map((r) => r.id);
  const labels = ids.length
    ? await db.selectFrom("dossier_label").select(["dossier_id", "label"]).where("dossier_id", "in", ids).orderBy("label").execute()
    : [];
  const facts = ids.length
    ? await db
        .selectFrom("dossier_answer_fact")
        .select(["dossier_id", "field_key", "value_text", "value_number"])
        .where("dossier_id", "in", ids)
        .execute()
    : [];
  const labelsOf = groupBy(labels, (l) => l.dossier_id);
  const factsOf = groupBy(facts, (x) => x.dossier_id);
  return {
    total,
    /** The list has more than COUNT_CAP dossiers: its number and its pages are not counted. */
    capped,
    /** The per-state counts stopped at COUNT_CAP: not shown. */
    countsCapped,
    /** Submissions of the call not yet in the search index when the page was read (a search only): not found, not counted. */
    notYetSearchable,
    start,
    page: Math.floor(start / PAGE) + 1,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    counts,
    next: next as ListCursor | undefined,
    previous: previous as ListCursor | undefined,
    rows: rows.map(({ sort_value: _key, ...r }) => ({
      ...r,
      labels: (labelsOf.get(r.id) ?? []).map((l) => l.label),
      answers: (factsOf.get(r.id) ?? []).map((x) => ({
        key: x.field_key,
        text: x.value_text,
        number: x.value_number === null ? null : Number(x.value_number),
      })),
    })),
  };
}

function sum(values: number[]): number {
  return values.reduce((s, n) => s + n, 0);
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Every organisation with a dossier for the call, drafts included, with its deadline extension (for organisers). */
export async function dossiersOfCall(db: Kdb, callId: string) {
  return db
    .selectFrom("dossier")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .leftJoin("deadline_extension", onOwnExtension)
    .select([
      "dossier.id",
      "dossier.state",
      "dossier.updated_at",
      "dossier.last_submitted_at",
      "dossier.submission_count",
      "organization.id as organization_id",
      "organization.name as organization_name",
      "deadline_extension.closes_at as extended_until",
    ])
    .where("dossier.call_id", "=", callId)
    .orderBy(frenchOrder(db, "organization.name"))
    .limit(2000)
    .execute();
}

/** One attachment of a captured e-mail (the platform organisers' mail page), read from storage. NotFound when there is none. */
export async function capturedEmailAttachment(services: { db: Kdb; storage: FileStorage }, emailId: string, n: number) {
  const row = await services.db.selectFrom("email").select("attachments_json").where("id", "=", emailId).executeTakeFirst();
  const att = row ? (JSON.parse(row.attachments_json) as { filename: string; contentType: string; storageKey: string }[])[n] : undefined;
  if (!att) throw new NotFound();
  return { filename: att.filename, contentType: att.contentType, data: await services.storage.get(att.storageKey) };
}

export async function capturedEmails(db: Kdb, limit = 200) {
  return db.selectFrom("email").selectAll().orderBy("created_at", "desc").limit(limit).execute();
}
