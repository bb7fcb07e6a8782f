// French full-text search across dossiers' submitted answers, the same interface on both databases:
// SQLite FTS5 (accents ignored, each word as a prefix), PostgreSQL full text with the French configuration
// (stemming, each stem as a prefix): on both, « emploi » finds « emplois » and « maraîcher » « maraîchers ».
// The index holds the latest submitted version of each dossier.
import { sql, type RawBuilder } from "kysely";
import { isPostgres, requestTurns, type Kdb } from "../../db/database.server";
import { reusableQuery } from "../../db/reusable-query.server";
import { pgPrefixes, searchWords, stripAccents } from "../../db/text-search.server";

/** Words from what a person typed (the same rule for every search). */
export { searchWords as searchTerms };
import type { Answers, FormDefinition } from "../../forms/definition";
import { allFields, localized } from "../../forms/definition";
import { fieldText } from "../../forms/field-types.server";
import { formDefinition } from "../calls/calls.server";
import { claimDueJobs, dueJobs, releaseJobs, runJob } from "../../jobs/queue.server";

/** The searchable text of a dossier: its organisation and every answer as printed. */
export function searchableText(def: FormDefinition, answers: Answers, organisationName: string): string {
  const parts = [organisationName];
  for (const { field } of allFields(def)) {
    const text = fieldText(field, answers[field.key], "fr");
    if (text) parts.push(`${localized(field.label, "fr")} : ${text}`);
  }
  return parts.join("\n");
}

export async function indexDossier(db: Kdb, input: { dossierId: string; callId: string; content: string }): Promise<void> {
  const content = stripAccents(input.content);
  if (isPostgres(db)) {
    // The facts keep the text's vector (migration 029); they are written with the submission that queued this.
    await sql`update dossier_fact set tsv = to_tsvector('french', ${content}) where dossier_id = ${input.dossierId}`.execute(db);
    return;
  }
  // FTS5 has no upsert and cannot index dossier_id: each dossier keeps a fixed row number, its facts' too.
  const row = await searchRowOf(db, input.dossierId);
  await sql`delete from dossier_search where rowid = ${row}`.execute(db);
  await sql`insert into dossier_search (rowid, dossier_id, call_id, content) values (${row}, ${input.dossierId}, ${input.callId}, ${content})`.execute(
    db,
  );
}

/**
 * SQLite: the dossier's fixed row number, in the FTS index and in its facts (migration 028), given once by
 * dossier_search_row (AUTOINCREMENT: never given twice, even after a purge).
 */
export async function searchRowOf(db: Kdb, dossierId: string): Promise<number> {
  await addSearchRow(db, dossierId);
  const { rows } = await readSearchRow(db, dossierId);
  return rows[0].row;
}
// Compiled once (reusable-query.server.ts): every submission on SQLite asks.
const addSearchRow = reusableQuery(
  (_db: Kdb, dossierId: string) =>
    sql`insert into dossier_search_row (dossier_id) values (${dossierId}) on conflict (dossier_id) do nothing`,
);
const readSearchRow = reusableQuery(
  (_db: Kdb, dossierId: string) => sql<{ row: number }>`select row from dossier_search_row where dossier_id = ${dossierId}`,
);

/** The job each submission queues: the French tokenisation of ~35 KB is kept off the submission's answer (issue 11). */
export const INDEX_JOB = "index-dossier";

/** Indexes the latest submitted version of a dossier (idempotent: a later run indexes the same or newer). */
export async function indexLatestSubmission(db: Kdb, payload: { dossierId: string }): Promise<void> {
  const row = await db
    .selectFrom("dossier")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .innerJoin("submission", (j) =>
      j.onRef("submission.dossier_id", "=", "dossier.id").onRef("submission.number", "=", "dossier.submission_count"),
    )
    .select(["dossier.id", "dossier.call_id", "organization.name", "submission.form_version_id", "submission.answers_json"])
    .where("dossier.id", "=", payload.dossierId)
    .executeTakeFirst();
  if (!row) return; // purged meanwhile
  const def = await formDefinition(db, row.form_version_id);
  await indexDossier(db, {
    dossierId: row.id,
    callId: row.call_id,
    content: searchableText(def, JSON.parse(row.answers_json) as Answers, row.name),
  });
}

/**
 * Before searching a call, indexes its submissions still waiting in the queue (claimed like the worker
 * claims them, so each runs once), until none is left; returns how many it indexed. A search waits for it
 * a bounded time (notYetSearchable).
 *
 * Searches of one call at once in this process share one catch-up. Each used to read the same thousand
 * jobs and try to claim every one: right after the deadline's surge, ten organisers searching made ten
 * thousand claims for a thousand jobs, and PostgreSQL spent 1.4 ms refusing each — searches then took
 * longer than ten seconds (issue 11). Jobs are now claimed fifty at a time in one statement (claimDueJobs),
 * so that another process or the worker never tries the same ones; a job waiting to be retried after a
 * failure is left to the worker.
 */
export function catchUpIndex(db: Kdb, callId: string): Promise<number> {
  if (stopping.has(db)) return Promise.resolve(0);
  let ofDb = catchingUp.get(db);
  if (!ofDb) catchingUp.set(db, (ofDb = new Map()));
  const running = ofDb.get(callId);
  if (running) return running;
  const shared = indexPending(db, callId).finally(() => ofDb.delete(callId));
  ofDb.set(callId, shared);
  return shared;
}
const catchingUp = new WeakMap<Kdb, Map<string, Promise<number>>>();
/** Databases whose process is stopping: their catch-ups run no further job and start no more. */
const stopping = new WeakSet<Kdb>();

/**
 * A process stopping: its searches' catch-ups finish the job under way, put back in the queue the jobs
 * they had claimed and not run, and start no more; resolves once they have. Before, a catch-up cut short
 * by a restart left up to a batch of jobs marked running for the ten minutes after which the worker takes
 * them up again: those submissions could not be found meanwhile, and every search of the call tried to
 * claim them again, a write each time (issue 11). Called by the services' stop, before the pools close.
 */
export async function stopCatchingUp(db: Kdb): Promise<void> {
  stopping.add(db);
  await Promise.allSettled([...(catchingUp.get(db)?.values() ?? [])]);
}

const CATCH_UP_BATCH = 50;
/** Jobs indexed at once on PostgreSQL: fewer than the pool's six connections, so that pages keep some. */
const CATCH_UP_LANES = 3;

/** The index jobs of one call, by their payload (its id stripped of what `like` or JSON would read). */
const payloadOfCall = (callId: string) => `%"callId":"${callId.replace(/[%_"\\]/g, "")}"%`;

async function indexPending(db: Kdb, callId: string): Promise<number> {
  const payloadLike = payloadOfCall(callId);
  const pg = isPostgres(db);
  const letRequestsIn = requestTurns(db);
  let ran = 0;
  for (;;) {
    const claimed = await claimDueJobs(db, { limit: CATCH_UP_BATCH, type: INDEX_JOB, payloadLike });
    // PostgreSQL tokenises in the database's own processes: a few at once use the machine's other cores.
    // SQLite's statements run in this thread, one after the other whatever is asked: other requests, and
    // the searches' own time limit, come in between the jobs.
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(pg ? CATCH_UP_LANES : 1, claimed.length) }, async () => {
        while (next < claimed.length && !stopping.has(db)) {
          await runJob(db, claimed[next++], (p) => indexLatestSubmission(db, p as { dossierId: string }));
          await letRequestsIn();
        }
      }),
    );
    ran += next;
    if (next < claimed.length) {
      // The process is stopping: what this catch-up has not started goes back to the queue, for the worker.
      await releaseJobs(db, claimed.slice(next));
      return ran;
    }
    if (claimed.length < CATCH_UP_BATCH) return ran;
  }
}

/**
 * Before a search: the call's submissions not yet searchable, after catching up with its index queue
 * (catchUpIndex) for at most `waitMs`. A few submissions behind (the usual case) are indexed within the
 * wait, and the search finds them all: 0. More than a batch behind (the deadline's surge: ~5 s per
 * thousand on PostgreSQL), the search does not wait at all — it answers at once, the caller says how many
 * it does not find yet, and the catch-up goes on for the next search. With nothing queued (most searches),
 * one read and no claim: a search writes nothing.
 */
export async function notYetSearchable(db: Kdb, callId: string, waitMs: number): Promise<number> {
  const queued = await waitingToBeIndexed(db, callId);
  if (queued === 0) return 0;
  // Every one already under way, in this process or another (or left by a process that crashed, which the
  // worker takes up again), or waiting for its retry: nothing to claim, so no claim — on SQLite a write —
  // at every search.
  if (!(await claimableIndexJob(db, callId))) return queued;
  const work = catchUpIndex(db, callId);
  if (waitMs === Infinity) await work;
  else {
    // Whoever waits for this catch-up hears of its failure; the jobs stay queued for the worker.
    work.catch(() => undefined);
    if (queued > CATCH_UP_BATCH) return queued;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([work, new Promise((r) => (timer = setTimeout(r, waitMs)))]);
    } finally {
      clearTimeout(timer);
    }
  }
  return waitingToBeIndexed(db, callId);
}

/**
 * The call's submissions whose indexing is queued, under way (here, in the worker or in another process)
 * or waiting for a retry; a dossier submitted twice meanwhile counts once (its jobs' payloads are the same).
 */
export async function waitingToBeIndexed(db: Kdb, callId: string): Promise<number> {
  const { n } = await db
    .selectFrom("job")
    .select((eb) => eb.fn.count<number>("payload_json").distinct().as("n"))
    .where("type", "=", INDEX_JOB)
    // Written as the open jobs' own index says it (migration 030), so that the database reads that index.
    .where(sql<boolean>`status in ('pending', 'running')`)
    .where("payload_json", "like", payloadOfCall(callId))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Whether one of the call's index jobs is due and still to claim (what claimDueJobs would claim): a job waiting for its retry is the worker's. */
async function claimableIndexJob(db: Kdb, callId: string): Promise<boolean> {
  const row = await dueJobs(db, { type: INDEX_JOB, payloadLike: payloadOfCall(callId) })
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** SQLite: each word as a quoted prefix: « emploi » also finds « emplois », punctuation cannot break the syntax. */
const ftsQuery = (terms: string[]) => terms.map((t) => `"${t}"*`).join(" ");

/**
 * PostgreSQL: every word, French stemming, each stem as a prefix (« maraîcher » finds « maraîchers »: the
 * French stemmer makes « maraich » of one and « maraicher » of the other), as SQLite's prefixes do. Stop words
 * are still dropped; the query stays a constant, whose words' share of the facts the planner reads.
 */
const pgQuery = (terms: string[]) => sql`to_tsquery('french', ${pgPrefixes(terms)})`;

/**
 * The dossiers of a call matching every word, as a condition on the list's facts (« dossier_fact.row in (…) »
 * on SQLite, « dossier_fact.tsv @@ … » on PostgreSQL), for a query that keeps the call itself: the
 * database keeps the matches, the list pages through them in its own order, and no list of ids crosses into
 * JavaScript (issue 11). Null when the query has no words. Catches up with the index queue first, waiting
 * for it at most `waitMs` (notYetSearchable).
 *
 * Two forms of the same condition: `lead`, which the matches may lead (looked up, then sorted), and `probe`,
 * which they cannot: the database reads the facts in the list's own order and keeps those among the matches
 * (broadSearch). SQLite: « +dossier_fact.row », which no index may serve. PostgreSQL: one form, on the facts'
 * own vector — its planner weighs the GIN index's bitmap against the list's order by the word's statistics.
 */
export async function searchCondition(
  db: Kdb,
  callId: string,
  query: string,
  waitMs: number,
): Promise<{ lead: RawBuilder<boolean>; probe: RawBuilder<boolean>; notYetSearchable: number; ftsMatch: string | null } | null> {
  const terms = searchWords(query);
  if (terms.length === 0) return null;
  const left = await notYetSearchable(db, callId, waitMs);
  if (isPostgres(db)) {
    // The facts' own vector (migration 029): the matches are the facts' rows, with no lookup by key apiece.
    const matches = sql<boolean>`dossier_fact.tsv @@ ${pgQuery(terms)}`;
    return { lead: matches, probe: matches, notYetSearchable: left, ftsMatch: null };
  }
  // The list's query keeps the call itself (dossier_fact.call_id). The FTS row numbers of the matches are
  // the facts' own (migration 028): one lookup by integer key per match, no dossier id read or sorted.
  const ftsMatch = ftsQuery(terms);
  const matches = sql`select rowid from dossier_search where dossier_search match ${ftsMatch}`;
  return {
    lead: sql<boolean>`dossier_fact.row in (${matches})`,
    probe: sql<boolean>`+dossier_fact.row in (${matches})`,
    notYetSearchable: left,
    ftsMatch,
  };
}

/**
 * SQLite: the facts of a search's matches, in the order FTS5 finds them, for a count that stops at its cap.
 * « dossier_fact.row in (…) » first collects every match of the index (and the call's facts are then looked
 * up), so a word found in nearly every dossier cost its whole list at each count, however low the cap: 3.1 ms
 * for « solidaire » at 20,000 dossiers, against 1.2 ms read from FTS5 and stopped at 2,001 (issue 11). The
 * cross join keeps FTS5 as the outer loop. The caller adds the list's other conditions.
 */
export function factsOfMatches(db: Kdb, ftsMatch: string) {
  return db
    .selectFrom("dossier_search")
    .crossJoin("dossier_fact")
    .leftJoin("dossier_score", "dossier_score.dossier_id", "dossier_fact.dossier_id")
    .where(sql<boolean>`dossier_fact.row = dossier_search.rowid`)
    .where(sql<boolean>`dossier_search match ${ftsMatch}`);
}

/** Below this many matches, a search's page is read from its matches, whatever the call's size. */
const BROAD_MIN_MATCHES = 1000;
/** From this share of the call's dossiers matching, a page reads the call in order and keeps the matches. */
const BROAD_SHARE = 1 / 20;

/**
 * Whether a search matches so many of the call's dossiers that its page is better read in the list's order,
 * keeping the matches (about fifty rows read per share matching: ~1,000 at 5 %), than by looking up and
 * sorting every match (issue 11: a word matching 5,000 of 50,000 dossiers cost 17–26 ms a page on either
 * database). SQLite takes the call's matches as the list has just counted them (up to its cap); only when
 * that count stopped short of the deciding share does it count the index's matches from its word lists
 * alone (~0.7 ms for 5,000), over every call, which at worst makes a narrow search of one call read that
 * call in order. PostgreSQL needs no count: its one form of the condition leaves the choice to its planner,
 * which knows each word's share of the facts from their statistics (migration 029), except where the list
 * reads a page from matches it counted whole (instructionList, ADR 051).
 */
export async function broadSearch(
  db: Kdb,
  query: string,
  callSize: () => Promise<number>,
  /** The call's matches as the list has just counted them, up to its cap (`capped`: it stopped there). */
  counted?: { matches: number; capped: boolean },
): Promise<boolean> {
  const terms = searchWords(query);
  if (terms.length === 0 || isPostgres(db)) return false;
  const size = await callSize();
  if (size === 0) return false;
  // The list's own count of the call's matches answers, without evaluating the search once more, unless it
  // stopped at its cap short of the share that decides (a call of more than twenty times the cap).
  if (counted && (!counted.capped || isBroad(counted.matches, size))) return isBroad(counted.matches, size);
  const { rows } = await sql<{ n: number }>`select count(*) as n from dossier_search where dossier_search match ${ftsQuery(terms)}`.execute(
    db,
  );
  return isBroad(Number(rows[0]?.n ?? 0), size);
}

/** The rule of broadSearch: enough matches, and a large enough share of the call. */
export function isBroad(matches: number, callSize: number): boolean {
  return matches >= BROAD_MIN_MATCHES && matches >= callSize * BROAD_SHARE;
}

/**
 * SQLite: a call's dossiers whose text matches, with FTS5's rank, read through the FTS row numbers. Asking
 * FTS5 for one of its own unindexed columns (dossier_id, call_id) makes it load each matching row whole,
 * ~20 KB of text apiece: 60 ms for 2,000 matches among 20,000 dossiers, against 5 ms through the row numbers.
 */
function rankedMatches(match: string, callId: string) {
  return sql`select r.dossier_id, s.rank from dossier_search s
    inner join dossier_search_row r on r.row = s.rowid
    inner join dossier d on d.id = r.dossier_id and d.call_id = ${callId}
    where s.dossier_search match ${match}`;
}

/** Takes a dossier out of the search index (its data is being purged). */
export async function removeFromIndex(db: Kdb, dossierId: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`update dossier_fact set tsv = null where dossier_id = ${dossierId}`.execute(db);
    return;
  }
  // By row number: a condition on dossier_id would read every indexed text.
  await sql`delete from dossier_search where rowid in (select row from dossier_search_row where dossier_id = ${dossierId})`.execute(db);
  await sql`delete from dossier_search_row where dossier_id = ${dossierId}`.execute(db);
}

/** Dossier ids of a call matching every word, best first. */
export async function searchDossiers(db: Kdb, callId: string, query: string, limit = 200): Promise<string[]> {
  const terms = searchWords(query);
  if (terms.length === 0) return [];
  await catchUpIndex(db, callId);
  if (isPostgres(db)) {
    const tsquery = pgQuery(terms);
    const { rows } = await sql<{ dossier_id: string }>`
      select dossier_id from dossier_fact
      where call_id = ${callId} and tsv @@ ${tsquery}
      order by ts_rank(tsv, ${tsquery}) desc, dossier_id
      limit ${limit}`.execute(db);
    return rows.map((r) => r.dossier_id);
  }
  const match = ftsQuery(terms);
  const { rows } = await sql<{ dossier_id: string }>`
    select m.dossier_id from (${rankedMatches(match, callId)}) m
    order by m.rank, m.dossier_id
    limit ${limit}`.execute(db);
  return rows.map((r) => r.dossier_id);
}
