// Dossiers: one per organisation and call. Saving answers (with conflict detection and full history),
// submitting (idempotent, deadline enforced on the server) and reopening.
import { sql, type Insertable, type RawBuilder } from "kysely";
import { isPostgres, type Kdb } from "../../db/database.server";
import type { DB } from "../../db/schema";
import { sqliteNow } from "../../db/sqlite-driver.server";
import { reusableByName, reusableQuery } from "../../db/reusable-query.server";
import type { Answers, FormDefinition } from "../../forms/definition";
import { findField, localized } from "../../forms/definition";
import { dossierLimit, overLimit } from "../../forms/limits";
import { checkAnswers, type FormIssue } from "../../forms/validate.server";
import type { Locale } from "../../i18n/i18n";
import { t } from "../../i18n/i18n";
import { enqueueAll } from "../../jobs/queue.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { takeWindowQuery, windowBounds, windowUpsert, windowVerdict, type Verdict, type WindowRule } from "../../security/throttle.server";
import { assertMember, roleInCall } from "../access/policy.server";
import { deadlineFor, effectiveClosesAt, findCallById, formDefinition, onOwnExtension, type Call } from "../calls/calls.server";
import { recordDossierFacts } from "../calls/instruction.server";
import { phaseAt } from "../review/phases";
import { emitWebhookEvent } from "../webhooks/webhooks.server";
import { answerFacts } from "./answer-facts";
import { type DossierRow } from "./dossier-row";
import {
  DEADLINE_IGNORED,
  ignoresDeadline,
  isEditableByApplicant,
  statesOf,
  submitEventFor,
  type DossierEvent,
  type DossierState,
} from "./lifecycle";
import { applyTransition } from "./lifecycle.server";
import { dossierProfile } from "./profile";
import { rowCounts } from "./row-counts";
import { INDEX_JOB } from "./search.server";
import { addToStateCount } from "./state-counts.server";
export type { DossierRow } from "./dossier-row";

// The three statements of a usual autosave, compiled once (see reusable-query.server.ts).
const updateAnswerFromVersion = reusableQuery(
  (db: Kdb, json: string, version: number, userId: string, at: string, dossierId: string, key: string, base: number) =>
    db
      .updateTable("answer")
      .set({ value_json: json, version, updated_by: userId, updated_at: at })
      .where("dossier_id", "=", dossierId)
      .where("field_key", "=", key)
      .where("version", "=", base)
      .where("value_json", "<>", json),
);
const insertRevision = reusableQuery(
  (db: Kdb, id: string, dossierId: string, key: string, version: number, json: string, userId: string, at: string) =>
    db
      .insertInto("answer_revision")
      .values({ id, dossier_id: dossierId, field_key: key, version, value_json: json, saved_by: userId, saved_at: at, first_saved_at: at }),
);
/**
 * Autosave keeps one revision per person per answer per few minutes (ADR 017): a save that follows the
 * same person's own revision of this answer, begun less than REVISION_WINDOW_MS ago, replaces its text
 * and version instead of adding a copy. The last text is always kept; submitted versions are kept whole
 * in `submission`.
 *
 * That revision is the answer's latest one begun within the window, found through its beginning
 * (migration 031), and it coalesces only if it holds the version the person started from: the revision of
 * the answer's current version is always its latest begun. The beginning never changes, so on PostgreSQL
 * the update touches no indexed column (a HOT update, issue 11). Two revisions begun in the same
 * millisecond, or written by app servers whose clocks differ, may make a save add a revision rather than
 * coalesce: one more row in the history, never a wrong one.
 */
const REVISION_WINDOW_MS = 5 * 60_000;
const coalesceRevision = reusableQuery(
  (db: Kdb, version: number, json: string, at: string, dossierId: string, key: string, base: number, userId: string, windowStart: string) =>
    db
      .updateTable("answer_revision")
      .set({ version, value_json: json, saved_at: at })
      .where("id", "=", (eb) =>
        eb
          .selectFrom("answer_revision as latest")
          .select("latest.id")
          .where("latest.dossier_id", "=", dossierId)
          .where("latest.field_key", "=", key)
          .where("latest.first_saved_at", ">", windowStart)
          .orderBy("latest.first_saved_at", "desc")
          .limit(1),
      )
      .where("version", "=", base)
      .where("saved_by", "=", userId),
);
// The size of a dossier's other answers, for the usual autosave of one answer (compiled once).
const otherAnswersSize = reusableQuery((db: Kdb, dossierId: string, key: string) =>
  db
    .selectFrom("answer")
    .select((eb) => eb.fn.sum<number>(eb.fn("length", ["value_json"])).as("chars"))
    .where("dossier_id", "=", dossierId)
    .where("field_key", "not in", [key]),
);

// "Last edited" on the dossier, refreshed at most once a minute: most autosaves then write nothing more.
const touchDossier = reusableQuery((db: Kdb, at: string, dossierId: string, aMinuteAgo: string) =>
  db.updateTable("dossier").set({ updated_at: at }).where("id", "=", dossierId).where("updated_at", "<", aMinuteAgo),
);

export async function openOrCreateDossier(
  db: Kdb,
  input: { call: Call; organizationId: string; userId: string; now?: Date },
): Promise<string> {
  await assertMember(db, input.userId, input.organizationId);
  const existing = await db
    .selectFrom("dossier")
    .select("id")
    .where("call_id", "=", input.call.id)
    .where("organization_id", "=", input.organizationId)
    .executeTakeFirst();
  if (existing) return existing.id;
  const now = input.now ?? new Date();
  if (now < input.call.opensAt) throw new DomainError("dossier.notOpenYet", 409);
  if (now >= (await deadlineFor(db, input.call, input.organizationId))) throw new DomainError("dossier.deadlinePassed", 409);
  const at = now.toISOString();
  const id = newId();
  // Two colleagues starting at once: the unique (call, organisation) keeps one dossier.
  const inserted = await db
    .insertInto("dossier")
    .values({
      id,
      call_id: input.call.id,
      organization_id: input.organizationId,
      form_version_id: input.call.formVersionId,
      state: "draft",
      lock_version: 0,
      submission_count: 0,
      last_submitted_at: null,
      created_by: input.userId,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(["call_id", "organization_id"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) await addToStateCount(db, { callId: input.call.id, state: "draft", delta: 1 });
  const row = await db
    .selectFrom("dossier")
    .select("id")
    .where("call_id", "=", input.call.id)
    .where("organization_id", "=", input.organizationId)
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface StoredAnswer {
  value: unknown;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

// Read by every page of a dossier, every save's general path and every submission: compiled once.
// Its columns named: a prepared statement's « select * » would fail once a migration adds a column (issue 11).
const answersOf = reusableQuery((db: Kdb, dossierId: string) =>
  db.selectFrom("answer").select(["field_key", "value_json", "version", "updated_at", "updated_by"]).where("dossier_id", "=", dossierId),
);

export async function loadAnswers(db: Kdb, dossierId: string): Promise<Record<string, StoredAnswer>> {
  const { rows } = await answersOf(db, dossierId);
  const out: Record<string, StoredAnswer> = {};
  for (const r of rows)
    out[r.field_key] = { value: JSON.parse(r.value_json), version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by };
  return out;
}

export function answerValues(stored: Record<string, StoredAnswer>): Answers {
  return Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, v.value]));
}

export async function attachmentCounts(db: Kdb, dossierId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("attachment")
    .select(["field_key", db.fn.countAll().as("n")])
    .where("dossier_id", "=", dossierId)
    .where("deleted_at", "is", null)
    .groupBy("field_key")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.field_key, Number(r.n)]));
}

export interface AnswerChange {
  key: string;
  value: unknown;
  /** The version the person started from (0 when the field was empty). */
  baseVersion: number;
}

export type SaveResult =
  | { key: string; status: "saved"; version: number }
  | { key: string; status: "unchanged"; version: number }
  | { key: string; status: "conflict"; version: number; theirs: unknown; theirsBy: string; theirsAt: string; yours: unknown };

/** A review phase that freezes dossiers: applicants change nothing while it lasts (the phase's name in the message). */
export function assertNotFrozen(call: Call, now: Date): void {
  const phase = phaseAt(call.content.phases, now);
  if (!phase.rights.applicantsEdit)
    throw new DomainError("phases.applicantsFrozen", 409, { name: phase.current ? localized(phase.current.phase.name, "fr") : "" });
}

/** Throws unless the dossier can take applicant edits now (draft state, before its deadline). */
export async function assertEditable(db: Kdb, dossier: DossierRow, now: Date): Promise<Call> {
  const call = await findCallById(db, dossier.call_id);
  if (!call) throw new NotFound();
  if (!isEditableByApplicant(dossier.state)) throw new DomainError("dossier.notEditable", 409);
  assertNotFrozen(call, now);
  if (!ignoresDeadline(dossier.state) && now >= (await deadlineFor(db, call, dossier.organization_id)))
    throw new DomainError("dossier.deadlinePassed", 409);
  return call;
}

/**
 * Saves changed answers in one short transaction. A change made from an older version than the one
 * stored is not written: it comes back as a conflict with both texts, so nobody's work is overwritten.
 */
type SaveInput = { dossier: DossierRow; userId: string; changes: AnswerChange[]; now?: Date; locale?: Locale };

/** What a save checks before writing: an editable dossier, known fields, each answer's and the dossier's size. */
async function checkSave(db: Kdb, input: SaveInput, now: Date) {
  await assertEditable(db, input.dossier, now);
  const def = await formDefinition(db, input.dossier.form_version_id);
  for (const c of input.changes)
    if ((findField(def, c.key)?.type ?? "files") === "files") throw new DomainError("dossier.unknownField", 400);
  const added = assertFieldLimits(def, input.changes, input.locale ?? "fr");
  return { def, added };
}

export async function saveAnswers(db: Kdb, input: SaveInput): Promise<SaveResult[]> {
  const now = input.now ?? new Date();
  const { def, added } = await checkSave(db, input, now);
  const dossierId = input.dossier.id;
  // PostgreSQL, the usual autosave (one answer, from the version the person had): one statement and one
  // round trip instead of eight (issue 11). Anything else — a conflict, nothing changed — takes the
  // general path below, which tells them apart.
  if (isPostgres(db) && input.changes.length === 1 && input.changes[0].baseVersion > 0) {
    const max = dossierLimit(def);
    const one = await saveInOneStatement(db, { dossierId, userId: input.userId, change: input.changes[0], added, max, now });
    if (one.saved) return [{ key: input.changes[0].key, status: "saved", version: one.saved }];
    if (one.tooLarge) throw new DomainError("answer.dossierFull", 413, { max });
  } else await assertDossierLimit(db, def, dossierId, input.changes, added);
  return db.transaction().execute((trx) => writeAnswers(trx, input, now));
}

/**
 * The same save inside a transaction the caller holds (SQLite's autosave: the rate limit, the membership
 * and the save in one transaction, one commit). Every check comes before the first write.
 */
export async function saveAnswersWithin(trx: Kdb, input: SaveInput): Promise<SaveResult[]> {
  const now = input.now ?? new Date();
  const { def, added } = await checkSave(trx, input, now);
  await assertDossierLimit(trx, def, input.dossier.id, input.changes, added);
  return writeAnswers(trx, input, now);
}

async function writeAnswers(trx: Kdb, input: SaveInput, now: Date): Promise<SaveResult[]> {
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - REVISION_WINDOW_MS).toISOString();
  const dossierId = input.dossier.id;
  const results: SaveResult[] = [];
  for (const change of input.changes) {
    const json = JSON.stringify(change.value ?? null);
    let written = false;
    const version = change.baseVersion + 1;
    if (change.baseVersion > 0) {
      // The usual case in one statement: the stored version is the one the person started from.
      // Conditional on the version: on PostgreSQL a concurrent writer makes this match no row.
      const r = await updateAnswerFromVersion(trx, json, version, input.userId, at, dossierId, change.key, change.baseVersion);
      written = Number(r.numAffectedRows ?? 0) === 1;
    } else {
      if (json === "null") {
        results.push({ key: change.key, status: "unchanged", version: 0 });
        continue;
      }
      const r = await trx
        .insertInto("answer")
        .values({ dossier_id: dossierId, field_key: change.key, value_json: json, version: 1, updated_by: input.userId, updated_at: at })
        .onConflict((oc) => oc.columns(["dossier_id", "field_key"]).doNothing())
        .executeTakeFirst();
      written = Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    if (written) {
      const coalesced =
        version > 1 ? await coalesceRevision(trx, version, json, at, dossierId, change.key, version - 1, input.userId, windowStart) : null;
      if (Number(coalesced?.numAffectedRows ?? 0) !== 1)
        await insertRevision(trx, newId(), dossierId, change.key, version, json, input.userId, at);
      results.push({ key: change.key, status: "saved", version });
      continue;
    }
    // Not written: either nothing changed, or someone saved a newer version first.
    const latest = await trx
      .selectFrom("answer")
      .select(["value_json", "version", "updated_by", "updated_at"])
      .where("dossier_id", "=", dossierId)
      .where("field_key", "=", change.key)
      .executeTakeFirst();
    if (!latest || latest.value_json === json) {
      results.push({ key: change.key, status: "unchanged", version: latest?.version ?? 0 });
      continue;
    }
    results.push({
      key: change.key,
      status: "conflict",
      version: latest.version,
      theirs: JSON.parse(latest.value_json),
      theirsBy: latest.updated_by,
      theirsAt: latest.updated_at,
      yours: change.value,
    });
  }
  if (results.some((r) => r.status === "saved")) await touchDossier(trx, at, dossierId, new Date(now.getTime() - 60_000).toISOString());
  return results;
}

// The one-statement save's text, compiled once per form (reusable-query.server.ts): with the autosave's
// checks (the rate limit counted, what the process knew of the dossier checked again), or without them
// (the general path, which has checked already).
const SAVE_VALUES = [
  "dossierId",
  "userId",
  "key",
  "added",
  "max",
  "json",
  "version",
  "base",
  "at",
  "windowStart",
  "aMinuteAgo",
  "id",
] as const;
const CHECK_VALUES = ["limitKey", "nowMs", "expiredMs", "within", "formVersionId", "beforeDeadline"] as const;
type OneSaveRow = { saved: number | null; within: boolean; fits: boolean; hits: string | number; window_start: string | number };
const inList = (list: readonly string[]) => sql.join(list.map((s) => sql`${s}`));

function oneSaveSql(
  v: Record<(typeof SAVE_VALUES)[number], unknown>,
  lim: RawBuilder<unknown>,
  guard: RawBuilder<unknown>,
  within: unknown,
) {
  // The dossier's size ("size"): bytes first, which PostgreSQL knows without reading (and decompressing)
  // the answers; characters (never more than bytes) counted only when the bytes would exceed the limit.
  return sql<OneSaveRow>`/* prepared:save-answer */
    with lim as (${lim}), guard as (${guard}),
    ok as (select 1 from guard where (select hits from lim) <= ${within}),
    others as (select value_json from answer where dossier_id = ${v.dossierId} and field_key <> ${v.key}),
    size as (
      select case when (select coalesce(sum(octet_length(value_json)), 0) from others) + ${v.added} <= ${v.max} then true
        else (select coalesce(sum(length(value_json)), 0) from others) + ${v.added} <= ${v.max} end as within
    ), upd as (
      update answer set value_json = ${v.json}, version = ${v.version}, updated_by = ${v.userId}, updated_at = ${v.at}
      where dossier_id = ${v.dossierId} and field_key = ${v.key} and version = ${v.base} and value_json <> ${v.json}
        and (select within from size) and exists (select 1 from ok)
      returning version
    ), coal as (
      update answer_revision set version = ${v.version}, value_json = ${v.json}, saved_at = ${v.at}
      where id = (select id from answer_revision latest where latest.dossier_id = ${v.dossierId} and latest.field_key = ${v.key}
          and latest.first_saved_at > ${v.windowStart} order by latest.first_saved_at desc limit 1)
        and version = ${v.base} and saved_by = ${v.userId} and exists (select 1 from upd)
      returning 1
    ), ins as (
      insert into answer_revision (id, dossier_id, field_key, version, value_json, saved_by, saved_at, first_saved_at)
      select ${v.id}, ${v.dossierId}, ${v.key}, ${v.version}, ${v.json}, ${v.userId}, ${v.at}, ${v.at}
      where exists (select 1 from upd) and not exists (select 1 from coal)
      returning 1
    ), touch as (
      update dossier set updated_at = ${v.at} where id = ${v.dossierId} and updated_at < ${v.aMinuteAgo} and exists (select 1 from upd)
      returning 1
    )
    select (select version from upd) as saved, (select within from size) as within, exists (select 1 from guard) as fits,
      (select hits from lim) as hits, (select window_start from lim) as window_start`;
}

const saveOneChecked = reusableByName([...SAVE_VALUES, ...CHECK_VALUES], (_db, v) =>
  oneSaveSql(
    v,
    windowUpsert(v.limitKey, v.nowMs, v.expiredMs),
    sql`select 1 as ok from dossier
        inner join membership on membership.organization_id = dossier.organization_id and membership.user_id = ${v.userId}
        where dossier.id = ${v.dossierId} and dossier.form_version_id = ${v.formVersionId}
          and dossier.state in (${inList(statesOf("editableByApplicant"))})
          and (dossier.state in (${inList(DEADLINE_IGNORED)}) or cast(${v.beforeDeadline} as boolean))`,
    v.within,
  ),
);
const saveOnePlain = reusableByName(SAVE_VALUES, (_db, v) =>
  oneSaveSql(v, sql`select 1 as hits, cast(0 as bigint) as window_start`, sql`select 1 as ok`, 1),
);

export interface OneSaveInput {
  dossierId: string;
  userId: string;
  change: AnswerChange;
  /** Characters the change brings, and the dossier's limit. */
  added: number;
  max: number;
  now: Date;
  expect?: { formVersionId: string; beforeDeadline: boolean };
  limit?: { key: string; rule: WindowRule };
}
export type OneSaveOutcome = { saved: number | null; tooLarge: boolean; fits: boolean; verdict: Verdict };

/** The values a one-statement save (PostgreSQL) or an at-once save (SQLite) writes, worked out once. */
function oneSaveValues(input: OneSaveInput) {
  const { change, now } = input;
  return {
    dossierId: input.dossierId,
    userId: input.userId,
    key: change.key,
    added: input.added,
    max: input.max,
    json: JSON.stringify(change.value ?? null),
    version: change.baseVersion + 1,
    base: change.baseVersion,
    at: now.toISOString(),
    windowStart: new Date(now.getTime() - REVISION_WINDOW_MS).toISOString(),
    aMinuteAgo: new Date(now.getTime() - 60_000).toISOString(),
    id: newId(),
  } satisfies Record<(typeof SAVE_VALUES)[number], unknown>;
}

/**
 * One answer saved in one PostgreSQL statement (issue 11): the dossier's size checked, the answer written
 * if it is still at the version the person started from, the revision kept or coalesced, the dossier
 * touched. With `expect`, the statement itself checks what the caller knew of the dossier from before —
 * the person still a member, the same form, an editable state, before the deadline unless returned — and
 * with `limit` it counts the attempt under the rate limit and saves only within it: the autosave's
 * whole request in one round trip. `fits` is false when an expectation failed (nothing was written).
 */
export async function saveInOneStatement(db: Kdb, input: OneSaveInput): Promise<OneSaveOutcome> {
  const values = oneSaveValues(input);
  const { rows } =
    input.expect && input.limit
      ? await saveOneChecked(db, {
          ...values,
          limitKey: input.limit.key,
          ...windowBounds(input.limit.rule, input.now.getTime()),
          within: input.limit.rule.max,
          formVersionId: input.expect.formVersionId,
          beforeDeadline: input.expect.beforeDeadline,
        })
      : await saveOnePlain(db, values);
  const r = rows[0];
  const verdict = input.limit ? windowVerdict(input.limit.rule, r.hits, r.window_start, input.now.getTime()) : ({ ok: true } as const);
  return { saved: r.saved ? Number(r.saved) : null, tooLarge: !r.within, fits: Boolean(r.fits), verdict };
}

// What the autosave's guard reads of the dossier, the person being a member (SQLite's saveNow).
const memberDossierState = reusableQuery((db: Kdb, userId: string, dossierId: string) =>
  db
    .selectFrom("dossier")
    .innerJoin("membership", (j) =>
      j.onRef("membership.organization_id", "=", "dossier.organization_id").on("membership.user_id", "=", userId),
    )
    .select(["dossier.state", "dossier.form_version_id"])
    .where("dossier.id", "=", dossierId),
);

/**
 * SQLite's saveInOneStatement: the same checks and writes, in the same order and with the same outcome,
 * run at once in one transaction (sqliteNow) — the rate limit counted, what the caller knew of the dossier
 * checked again, the size, the answer if still at the person's version, its revision kept or coalesced,
 * the dossier touched. Null when the connection or the write lock is taken: nothing was done, and the
 * caller's general path waits its turn.
 */
export function saveNow(db: Kdb, input: OneSaveInput): OneSaveOutcome | null {
  const v = oneSaveValues(input);
  const done = sqliteNow(db, (run): OneSaveOutcome => {
    let verdict: Verdict = { ok: true };
    if (input.limit) {
      const { nowMs, expiredMs } = windowBounds(input.limit.rule, input.now.getTime());
      const w = run<{ hits: number; window_start: number }>(takeWindowQuery.compile(db, input.limit.key, nowMs, expiredMs)).rows[0];
      verdict = windowVerdict(input.limit.rule, w.hits, w.window_start, nowMs);
    }
    const d = run<{ state: string; form_version_id: string }>(memberDossierState.compile(db, v.userId, v.dossierId)).rows[0];
    const fits =
      Boolean(d) &&
      (!input.expect ||
        (d.form_version_id === input.expect.formVersionId &&
          isEditableByApplicant(d.state) &&
          (ignoresDeadline(d.state) || input.expect.beforeDeadline)));
    if (!verdict.ok || !fits) return { saved: null, tooLarge: false, fits, verdict };
    const others = Number(run<{ chars: number | null }>(otherAnswersSize.compile(db, v.dossierId, v.key)).rows[0]?.chars ?? 0);
    if (others + v.added > v.max) return { saved: null, tooLarge: true, fits, verdict };
    const updated = run(updateAnswerFromVersion.compile(db, v.json, v.version, v.userId, v.at, v.dossierId, v.key, v.base));
    if (Number(updated.numAffectedRows) !== 1) return { saved: null, tooLarge: false, fits, verdict };
    const coalesced = run(coalesceRevision.compile(db, v.version, v.json, v.at, v.dossierId, v.key, v.base, v.userId, v.windowStart));
    if (Number(coalesced.numAffectedRows) !== 1)
      run(insertRevision.compile(db, v.id, v.dossierId, v.key, v.version, v.json, v.userId, v.at));
    run(touchDossier.compile(db, v.at, v.dossierId, v.aMinuteAgo));
    return { saved: v.version, tooLarge: false, fits, verdict };
  });
  return done?.value ?? null;
}

/**
 * Refuses a save that would make an answer longer than the form allows (forms/limits.ts), naming the
 * field; returns the characters the changes bring. Nothing is written: what was saved before stays.
 */
export function assertFieldLimits(def: FormDefinition, changes: AnswerChange[], locale: Locale): number {
  let added = 0;
  for (const c of changes) {
    const field = findField(def, c.key);
    if (!field) continue;
    const over = overLimit(field, c.value);
    if (over) {
      let label = localized(field.label, locale);
      if (field.type === "group" && !over.rows) {
        const [, row, subKey] = over.key.split(".");
        const sub = field.fields.find((f) => f.key === subKey);
        label = `${label} — ${localized(field.itemLabel, locale)} ${Number(row) + 1} — ${sub ? localized(sub.label, locale) : subKey}`;
      }
      if (field.type === "table" && !over.rows) {
        const [, row, colKey] = over.key.split(".");
        const col = field.columns.find((c) => c.key === colKey);
        label = `${label} — ${t(locale, "field.table.cellLabel", { n: Number(row) + 1, label: col ? localized(col.label, locale) : colKey })}`;
      }
      throw new DomainError(over.rows ? "answer.tooManyRows" : "answer.tooLong", 413, { label, max: over.max, count: over.count });
    }
    added += JSON.stringify(c.value ?? null).length;
  }
  return added;
}

/** Refuses a save that would make the dossier's answers together longer than the form allows. */
async function assertDossierLimit(db: Kdb, def: FormDefinition, dossierId: string, changes: AnswerChange[], added: number): Promise<void> {
  const keys = changes.map((c) => c.key);
  // The usual autosave changes one answer: its query is compiled once.
  const rest =
    keys.length === 1
      ? (await otherAnswersSize(db, dossierId, keys[0])).rows[0]
      : await db
          .selectFrom("answer")
          .select((eb) => eb.fn.sum<number>(eb.fn("length", ["value_json"])).as("chars"))
          .where("dossier_id", "=", dossierId)
          .where("field_key", "not in", keys.length ? keys : [""])
          .executeTakeFirst();
  const max = dossierLimit(def);
  if (Number(rest?.chars ?? 0) + added > max) throw new DomainError("answer.dossierFull", 413, { max });
}

export async function answerHistory(db: Kdb, dossierId: string, fieldKey?: string) {
  let q = db
    .selectFrom("answer_revision")
    .leftJoin("user", "user.id", "answer_revision.saved_by")
    .select([
      "answer_revision.field_key",
      "answer_revision.version",
      "answer_revision.value_json",
      "answer_revision.saved_at",
      "user.name as saved_by_name",
    ])
    .where("answer_revision.dossier_id", "=", dossierId);
  if (fieldKey) q = q.where("answer_revision.field_key", "=", fieldKey);
  const rows = await q.orderBy("answer_revision.saved_at", "desc").orderBy("answer_revision.version", "desc").limit(500).execute();
  return rows.map((r) => ({ ...r, value: JSON.parse(r.value_json) as unknown }));
}

export type SubmitOutcome =
  | { status: "submitted"; submissionNumber: number; submissionId: string }
  | { status: "alreadySubmitted"; submissionNumber: number; submissionId: string }
  | { status: "incomplete"; issues: FormIssue[] };

/**
 * Submits the dossier: refuses after the deadline, checks every required answer, then moves
 * draft → submitted with a conditional update, so a double click or two tabs make one submission.
 */
// The submission's fixed statements, compiled once (reusable-query.server.ts): the deadline's surge.
// With the organisation's deadline extension, if any: at the surge each organisation submits once, so a
// cached deadline was seldom there to be reused, and its own read was one more round trip (issue 11).
const dossierToSubmit = reusableQuery((db: Kdb, dossierId: string) =>
  db
    .selectFrom("dossier")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .leftJoin("deadline_extension", onOwnExtension)
    .select([
      "dossier.state",
      "dossier.submission_count",
      "dossier.lock_version",
      "organization.name as organisation_name",
      "deadline_extension.closes_at as extended_closes_at",
    ])
    .where("dossier.id", "=", dossierId),
);
const attachmentsToSubmit = reusableQuery((db: Kdb, dossierId: string) =>
  db
    .selectFrom("attachment")
    .select(["id", "field_key", "safe_name", "mime", "size", "sha256"])
    .where("dossier_id", "=", dossierId)
    .where("deleted_at", "is", null),
);
const SUBMISSION_COLUMNS = [
  "id",
  "dossier_id",
  "number",
  "form_version_id",
  "answers_json",
  "attachments_json",
  "submitted_by",
  "submitted_at",
  "profile_json",
  "row_counts_json",
] as const;
const insertSubmission = reusableByName(SUBMISSION_COLUMNS, (db: Kdb, v) =>
  db.insertInto("submission").values(v as Insertable<DB["submission"]>),
);

export async function submitDossier(
  db: Kdb,
  input: { dossier: DossierRow; userId: string; locale: Locale; now?: Date },
): Promise<SubmitOutcome> {
  const now = input.now ?? new Date();
  const call = await findCallById(db, input.dossier.call_id);
  if (!call) throw new NotFound();
  // The organisation's name comes with the state: one round trip fewer inside the transaction (issue 11).
  const fresh = (await dossierToSubmit(db, input.dossier.id)).rows[0];
  if (!fresh) throw new NotFound();
  const event = submitEventFor(fresh.state);
  if (!event) return alreadySubmitted(db, input.dossier.id, fresh.submission_count);
  assertNotFrozen(call, now);
  if (!ignoresDeadline(fresh.state) && now >= effectiveClosesAt(call.closesAt, fresh.extended_closes_at))
    throw new DomainError("dossier.deadlinePassed", 409);
  const def: FormDefinition = await formDefinition(db, input.dossier.form_version_id);
  const stored = await loadAnswers(db, input.dossier.id);
  const answers = answerValues(stored);
  // The files once: listed for the submitted version, counted per question for the check.
  const attachments = (await attachmentsToSubmit(db, input.dossier.id)).rows;
  const counts: Record<string, number> = {};
  for (const a of attachments) counts[a.field_key] = (counts[a.field_key] ?? 0) + 1;
  const issues = checkAnswers(def, answers, counts, input.locale, "submit");
  if (issues.length > 0) return { status: "incomplete", issues };
  const profile = dossierProfile(def, answers);
  let submission: { number: number; id: string } | null = null;
  const outcome = await applyTransition(db, {
    dossierId: input.dossier.id,
    event,
    actor: { id: input.userId, as: "applicant" },
    idempotent: true,
    now,
    // What was just read, not read again in the transaction unless it moved meanwhile.
    known: {
      id: input.dossier.id,
      state: fresh.state,
      lock_version: fresh.lock_version,
      submission_count: fresh.submission_count,
      organization_id: input.dossier.organization_id,
      call_id: input.dossier.call_id,
    },
    noteFrom: (d) => `#${d.submission_count + 1}`,
    alsoSet: (d) => ({ submission_count: d.submission_count + 1, last_submitted_at: now.toISOString() }),
    // The submission, its search index, its facts and its receipt, with the state, or none of them.
    writesFacts: true,
    within: async (trx, { dossier, at, to }) => {
      const number = dossier.submission_count + 1;
      const submissionId = newId();
      await insertSubmission(trx, {
        id: submissionId,
        dossier_id: dossier.id,
        number,
        form_version_id: input.dossier.form_version_id,
        answers_json: JSON.stringify(answers),
        attachments_json: JSON.stringify(attachments),
        submitted_by: input.userId,
        submitted_at: at,
        profile_json: JSON.stringify(profile),
        row_counts_json: JSON.stringify(rowCounts(answers)),
      });
      // Indexed for search by a job (a search first catches up with the queue): the French tokenisation
      // of the answers stays off the submission's answer. The receipt follows, queued in the same statement.
      await enqueueAll(
        trx,
        [
          { type: INDEX_JOB, payload: { dossierId: dossier.id, callId: call.id } },
          { type: "send-receipt", payload: { submissionId, locale: input.locale } },
        ],
        now,
      );
      await recordDossierFacts(trx, {
        dossierId: dossier.id,
        callId: call.id,
        organisationName: fresh.organisation_name,
        state: to,
        profile,
        answerFacts: answerFacts(def, answers),
        submittedAt: at,
      });
      // The call's webhooks, recorded with the submission (an outbox: they follow it or neither happens).
      await emitWebhookEvent(trx, {
        callId: call.id,
        type: "dossier.submitted",
        data: {
          dossier_id: dossier.id,
          organisation: { id: dossier.organization_id, name: fresh.organisation_name },
          submission_number: number,
          submitted_at: at,
          resource: `/api/v1/dossiers/${dossier.id}`,
        },
        now,
      });
      submission = { number, id: submissionId };
    },
  });
  if (!outcome.applied || !submission) {
    const latest = await db.selectFrom("dossier").select("submission_count").where("id", "=", input.dossier.id).executeTakeFirstOrThrow();
    return alreadySubmitted(db, input.dossier.id, latest.submission_count);
  }
  const done = submission as { number: number; id: string };
  return { status: "submitted", submissionNumber: done.number, submissionId: done.id };
}

async function alreadySubmitted(db: Kdb, dossierId: string, count: number): Promise<SubmitOutcome> {
  const sub = await db
    .selectFrom("submission")
    .select(["id", "number"])
    .where("dossier_id", "=", dossierId)
    .where("number", "=", count)
    .executeTakeFirst();
  return { status: "alreadySubmitted", submissionNumber: count, submissionId: sub?.id ?? "" };
}

/** Reopens a submitted dossier for changes; allowed until the deadline. The submitted version stays kept. */
export async function reopenDossier(db: Kdb, input: { dossier: DossierRow; userId: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const call = await findCallById(db, input.dossier.call_id);
  if (!call) throw new NotFound();
  if (now >= (await deadlineFor(db, call, input.dossier.organization_id))) throw new DomainError("dossier.deadlinePassed", 409);
  assertNotFrozen(call, now);
  // A colleague who reopened first: nothing more to do.
  await applyTransition(db, {
    dossierId: input.dossier.id,
    event: "reopen",
    actor: { id: input.userId, as: "applicant" },
    idempotent: true,
    now,
  });
}

/**
 * The organisation withdraws its application (from any submitted state, at any time): recorded with its
 * optional reason; the dossier then leaves review and follows the call's retention for withdrawn dossiers.
 */
export async function withdrawDossier(db: Kdb, input: { dossier: DossierRow; userId: string; reason?: string; now?: Date }): Promise<void> {
  // A double click, or a colleague first: already withdrawn is done.
  await applyTransition(db, {
    dossierId: input.dossier.id,
    event: "withdraw",
    actor: { id: input.userId, as: "applicant" },
    note: input.reason,
    idempotent: true,
    now: input.now,
  });
}

export async function transitionsOf(db: Kdb, dossierId: string) {
  return db
    .selectFrom("dossier_transition")
    .leftJoin("user", "user.id", "dossier_transition.actor_id")
    .select([
      "dossier_transition.from_state",
      "dossier_transition.to_state",
      "dossier_transition.event",
      "dossier_transition.at",
      "dossier_transition.note",
      "user.name as actor_name",
    ])
    .where("dossier_transition.dossier_id", "=", dossierId)
    .orderBy("dossier_transition.at", "desc")
    .execute();
}

export async function submissionsOf(db: Kdb, dossierId: string) {
  return db
    .selectFrom("submission")
    .leftJoin("user", "user.id", "submission.submitted_by")
    .select(["submission.id", "submission.number", "submission.submitted_at", "user.name as submitted_by_name"])
    .where("submission.dossier_id", "=", dossierId)
    .orderBy("submission.number", "desc")
    .execute();
}

export async function dossiersOfUser(db: Kdb, userId: string) {
  return (
    db
      .selectFrom("dossier")
      .innerJoin("membership", (j) =>
        j.onRef("membership.organization_id", "=", "dossier.organization_id").on("membership.user_id", "=", userId),
      )
      .innerJoin("organization", "organization.id", "dossier.organization_id")
      .innerJoin("call", "call.id", "dossier.call_id")
      // The organisation's own deadline when it was extended: the same date as on the dossier's page.
      .leftJoin("deadline_extension", onOwnExtension)
      .select([
        "dossier.id",
        "dossier.state",
        "dossier.updated_at",
        "dossier.last_submitted_at",
        "dossier.organization_id",
        "organization.name as organization_name",
        "call.id as call_id",
        "call.slug as call_slug",
        "call.content_json",
        "call.closes_at as call_closes_at",
        "deadline_extension.closes_at as extended_closes_at",
      ])
      .orderBy("dossier.updated_at", "desc")
      .execute()
  );
}

/**
 * A change of state made by the call's team (start review, ask for changes, decide). Decisions and
 * requests for changes need their reasons. A request for changes is e-mailed to the organisation's
 * members at once; decisions are kept until the answers are sent to applicants.
 */
export async function applyOrganiserTransition(
  db: Kdb,
  input: { dossierId: string; event: DossierEvent; actorId: string; note?: string; appUrl: string; now?: Date },
): Promise<DossierState> {
  const dossier = await db
    .selectFrom("dossier")
    .select(["id", "state", "lock_version", "organization_id", "call_id"])
    .where("id", "=", input.dossierId)
    .executeTakeFirst();
  if (!dossier) throw new NotFound();
  // The call's organisers decide (platform organisers organise every call); reviewers and experts do not.
  if ((await roleInCall(db, input.actorId, dossier.call_id)) !== "organiser") throw new NotFound();
  if (input.event === "return_for_changes") {
    const call = await findCallById(db, dossier.call_id);
    if (call && !phaseAt(call.content.phases, input.now ?? new Date()).rights.applicantsEdit)
      throw new DomainError("phases.returnFrozen", 409);
  }
  // Review started and changes asked are e-mailed to the organisation at once, queued with the change;
  // decisions reach applicants with the answers, sent once every decision is taken (answers.server.ts).
  const outcome = await applyTransition(db, {
    dossierId: dossier.id,
    event: input.event,
    actor: { id: input.actorId, as: "organiser" },
    note: input.note,
    expectedLockVersion: dossier.lock_version,
    appUrl: input.appUrl,
    now: input.now,
  });
  return outcome.applied ? outcome.to : (outcome.state as DossierState);
}

/** The latest request for changes, shown to the applicant while the dossier is returned. */
export async function latestReturnNote(db: Kdb, dossierId: string): Promise<string | null> {
  const row = await db
    .selectFrom("dossier_transition")
    .select("note")
    .where("dossier_id", "=", dossierId)
    .where("event", "=", "return_for_changes")
    .orderBy("at", "desc")
    .executeTakeFirst();
  return row?.note ?? null;
}

/** The organisation a dossier belongs to. */
export async function organisationOfDossier(db: Kdb, dossierId: string): Promise<string> {
  const row = await db.selectFrom("dossier").select("organization_id").where("id", "=", dossierId).executeTakeFirst();
  if (!row) throw new NotFound();
  return row.organization_id;
}
