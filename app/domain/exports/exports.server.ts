import { recordAccess } from "../../security/access-log.server";
// Exports of a call's dossiers for the organisers: CSV and XLSX (one row per dossier, one column per
// question, repeatable groups flattened with numbered headings, scores and decisions), and a ZIP with each
// dossier's PDF and attachments. They run as background jobs, in batches, streamed to a file: memory stays
// flat however many dossiers there are; progress is recorded after each batch.
import { ZipArchive } from "archiver";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { Kdb } from "../../db/database.server";
import type { FileStorage } from "../../files/storage.server";
import { allFields, localized, type Answers, type FormDefinition } from "../../forms/definition";
import { fieldExportColumns } from "../../forms/field-types.server";
import { REGION_NAMES } from "../../forms/territory-lists";
import { t, type Locale } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { parisSortableDateTime, parisToday, parisWallDate } from "../../lib/paris-time";
import { assertOrganisesCall } from "../access/policy.server";
import { fieldWithMeaning } from "../applications/profile";
import { rowCounts, type RowCounts } from "../applications/row-counts";
import { slugify, submissionPdf } from "../applications/receipt.server";
import { findCallById, formDefinition } from "../calls/calls.server";
import { mergedDefinition } from "../calls/form-versions";
import { aggregateScores } from "../review/aggregates";
import { weightsOf } from "../review/reviews.server";

import { canonicalQuery, isWholeCall, parseDossierQuery } from "../calls/dossier-query";
import { matchingDossierIds } from "../calls/instruction.server";
import { EXPORT_FORMATS, csvCell, type ExportFormat } from "./formats";
export { EXPORT_FORMATS, type ExportFormat };
const BATCH = 200;
const KEEP_DAYS = 7;

export async function startExport(
  db: Kdb,
  storage: FileStorage,
  input: { callId: string; userId: string; format: ExportFormat; locale: Locale; query?: string; now?: Date },
): Promise<string> {
  await assertOrganisesCall(db, input.userId, input.callId);
  const query = canonicalQuery(new URLSearchParams(input.query ?? ""));
  if (!EXPORT_FORMATS.includes(input.format)) throw new DomainError("error.badRequest", 400);
  const now = input.now ?? new Date();
  await purgeOldExports(db, storage, input.callId, now);
  const only = await exportedIds(db, input.callId, query);
  if (only && only.size === 0) throw new DomainError("exports.nothingMatches", 409);
  const total = only
    ? only.size
    : Number(
        (
          await db
            .selectFrom("dossier")
            .select(db.fn.countAll().as("n"))
            .where("call_id", "=", input.callId)
            .where("state", "!=", "draft")
            .where("submission_count", ">", 0)
            .executeTakeFirst()
        )?.n ?? 0,
      );
  const id = newId();
  await db
    .insertInto("export_job")
    .values({
      id,
      call_id: input.callId,
      user_id: input.userId,
      format: input.format,
      status: "pending",
      done: 0,
      total,
      storage_key: null,
      filename: null,
      size: null,
      error: null,
      created_at: now.toISOString(),
      finished_at: null,
      query: query || null,
    })
    .execute();
  await enqueue(db, "export", { exportId: id, locale: input.locale });
  return id;
}

/** Exports hold personal data: their files are deleted after a week. */
async function purgeOldExports(db: Kdb, storage: FileStorage, callId: string, now: Date) {
  const old = await db
    .selectFrom("export_job")
    .select(["id", "storage_key"])
    .where("call_id", "=", callId)
    .where("created_at", "<", new Date(now.getTime() - KEEP_DAYS * 86400000).toISOString())
    .execute();
  for (const e of old) {
    if (e.storage_key) await storage.remove(e.storage_key);
    await db.deleteFrom("export_job").where("id", "=", e.id).execute();
  }
}

export async function exportsOf(db: Kdb, callId: string) {
  return db
    .selectFrom("export_job")
    .innerJoin("user", "user.id", "export_job.user_id")
    .select([
      "export_job.id",
      "export_job.format",
      "export_job.status",
      "export_job.done",
      "export_job.total",
      "export_job.size",
      "export_job.filename",
      "export_job.created_at",
      "export_job.finished_at",
      "export_job.error",
      "export_job.query",
      "user.name",
    ])
    .where("export_job.call_id", "=", callId)
    .orderBy("export_job.created_at", "desc")
    .limit(20)
    .execute();
}

/** A finished export, for an organiser of its call. */
/** A finished export for one of the call's organisers; the download is logged. NotFound otherwise. */
export async function exportForDownload(db: Kdb, input: { exportId: string; userId: string }) {
  const e = await db.selectFrom("export_job").selectAll().where("id", "=", input.exportId).executeTakeFirst();
  if (!e) throw new NotFound();
  await assertOrganisesCall(db, input.userId, e.call_id);
  if (e.status !== "done" || !e.storage_key || !e.filename) throw new NotFound();
  await recordAccess(db, { actorId: input.userId, role: "organiser", action: "export", callId: e.call_id, detail: e.format });
  return { ...e, storage_key: e.storage_key, filename: e.filename };
}

interface Row {
  id: string;
  state: string;
  organisation: string;
  region: string | null;
  departement: string | null;
  number: number;
  submitted_at: string;
  submission_id: string;
  form_version_id: string;
  answers_json: string;
  attachments_json: string;
}

/**
 * An export's dossiers in pages of `size`, by id (keyset): every submitted one, or only those its query
 * keeps (`only`). `page` reads the page after a given id.
 */
async function* pages<R extends { id: string }>(page: (after: string) => Promise<R[]>, size: number, only: Set<string> | null) {
  let after = "";
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) return;
    const kept = only ? rows.filter((r) => only.has(r.id)) : rows;
    if (kept.length) yield kept;
    after = rows[rows.length - 1].id;
    if (rows.length < size) return;
  }
}

/** The submitted dossiers of a call, with their latest submission (joined on the dossier's count). */
const submitted = (db: Kdb, callId: string, after: string) =>
  db
    .selectFrom("dossier")
    .innerJoin("submission", (j) =>
      j.onRef("submission.dossier_id", "=", "dossier.id").onRef("submission.number", "=", "dossier.submission_count"),
    )
    .where("dossier.call_id", "=", callId)
    .where("dossier.state", "!=", "draft")
    .where("dossier.id", ">", after)
    .orderBy("dossier.id");

/** The dossiers an export takes, with what their rows show. */
function batches(db: Kdb, callId: string, only: Set<string> | null = null): AsyncGenerator<Row[]> {
  const page = (after: string) =>
    submitted(db, callId, after)
      .innerJoin("organization", "organization.id", "dossier.organization_id")
      .leftJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
      .select([
        "dossier.id",
        "dossier.state",
        "organization.name as organisation",
        "dossier_fact.region",
        "dossier_fact.departement",
        "submission.number",
        "submission.submitted_at",
        "submission.id as submission_id",
        "submission.form_version_id",
        "submission.answers_json",
        "submission.attachments_json",
      ])
      .limit(BATCH)
      .execute();
  return pages(page, BATCH, only);
}

/** The first pass: each exported submission's form version and row counts (its answers only if it has none). */
function shapes(db: Kdb, callId: string, only: Set<string> | null) {
  const page = (after: string) =>
    submitted(db, callId, after)
      .select((eb) => [
        "dossier.id",
        "submission.form_version_id",
        "submission.row_counts_json",
        eb.case().when("submission.row_counts_json", "is", null).then(eb.ref("submission.answers_json")).end().as("answers_json"),
      ])
      .limit(SHAPE_BATCH)
      .execute();
  return pages(page, SHAPE_BATCH, only);
}
const SHAPE_BATCH = 2000;

interface Column {
  header: string;
  value: (row: Row, answers: Answers, extra: Extra) => string | number | null;
}
interface Extra {
  scores: ReturnType<typeof aggregateScores> | null;
  decisionNote: string | null;
}

/** Columns: identity, every question in form order (groups flattened 1…n), scores, decision. */
export function exportColumns(
  def: FormDefinition,
  groupSizes: Map<string, number>,
  criteria: { key: string; label: string }[],
  L: Locale,
): Column[] {
  const cols: Column[] = [
    { header: t(L, "export.col.id"), value: (r) => r.id },
    { header: t(L, "export.col.organisation"), value: (r) => r.organisation },
    { header: t(L, "export.col.state"), value: (r) => t(L, `instruction.state.${r.state}` as "instruction.state.submitted") },
    // Région and département when the call's form has a seat commune (what its fields mean, issue 10).
    ...(fieldWithMeaning(def, "seatCommune")
      ? [
          { header: t(L, "export.col.region"), value: (r: Row) => (r.region ? (REGION_NAMES.get(r.region) ?? r.region) : "") },
          { header: t(L, "export.col.departement"), value: (r: Row) => r.departement ?? "" },
        ]
      : []),
    { header: t(L, "export.col.submission"), value: (r) => r.number },
    { header: t(L, "export.col.submittedAt"), value: (r) => parisSortableDateTime(r.submitted_at) },
  ];
  const parsedAttachments = new WeakMap<Row, { field_key: string; safe_name: string }[]>();
  for (const { field, section } of allFields(def)) {
    // Each type says which columns it fills (app/forms/types/<type>/logic.server.ts): one for most,
    // one per row and cell for groups and tables, plus a table's totals.
    const heading = `${localized(section.title, "fr")} — ${localized(field.label, "fr")}`;
    const attachmentsOf = (r: Row) => {
      let list = parsedAttachments.get(r);
      if (!list) parsedAttachments.set(r, (list = JSON.parse(r.attachments_json) as { field_key: string; safe_name: string }[]));
      return list;
    };
    for (const { header, column } of fieldExportColumns(field, heading, "fr", groupSizes.get(field.key) ?? 0)) {
      cols.push({ header, value: (r, a) => column.value(a[field.key], { attachments: attachmentsOf(r) }) });
    }
  }
  for (const c of criteria) {
    cols.push({
      header: t(L, "export.col.criterion", { label: c.label }),
      value: (_r, _a, x) => round(x.scores?.criteria[c.key]?.mean ?? null),
    });
  }
  cols.push({ header: t(L, "export.col.overall"), value: (_r, _a, x) => round(x.scores?.overall ?? null) });
  cols.push({ header: t(L, "export.col.reviewers"), value: (_r, _a, x) => x.scores?.reviewers ?? 0 });
  cols.push({ header: t(L, "export.col.decisionNote"), value: (_r, _a, x) => x.decisionNote ?? "" });
  return cols;
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

async function extrasFor(db: Kdb, rows: Row[], criteria: string[], weights: Record<string, number> = {}): Promise<Map<string, Extra>> {
  const ids = rows.map((r) => r.id);
  const reviews = await db
    .selectFrom("review")
    .select(["dossier_id", "reviewer_id", "scores_json"])
    .where("dossier_id", "in", ids)
    .execute();
  const conflicts = await db
    .selectFrom("conflict_declaration")
    .select(["dossier_id", "reviewer_id"])
    .where("dossier_id", "in", ids)
    .execute();
  const decisions = await db
    .selectFrom("dossier_transition")
    .select(["dossier_id", "note", "at"])
    .where("dossier_id", "in", ids)
    .where("event", "in", ["accept", "decline", "waitlist"])
    .orderBy("at", "desc")
    .execute();
  const out = new Map<string, Extra>();
  for (const id of ids) {
    const own = reviews.filter((r) => r.dossier_id === id);
    out.set(id, {
      scores: own.length
        ? aggregateScores(
            criteria,
            own.map((r) => ({ reviewerId: r.reviewer_id, scores: JSON.parse(r.scores_json) })),
            { conflictedReviewerIds: conflicts.filter((c) => c.dossier_id === id).map((c) => c.reviewer_id), weights },
          )
        : null,
      decisionNote: decisions.find((d) => d.dossier_id === id)?.note ?? null,
    });
  }
  return out;
}

async function setProgress(db: Kdb, id: string, done: number) {
  await db.updateTable("export_job").set({ done }).where("id", "=", id).execute();
}

/** The background job. */
/** The dossiers a filtered export keeps (null: the whole call, streamed without a list in memory). */
async function exportedIds(db: Kdb, callId: string, query: string | null): Promise<Set<string> | null> {
  if (!query || isWholeCall(query)) return null;
  const call = await findCallById(db, callId);
  if (!call) throw new NotFound();
  const filters = parseDossierQuery(new URLSearchParams(query), await formDefinition(db, call.formVersionId));
  return new Set((await matchingDossierIds(db, callId, filters, { cap: EXPORT_QUERY_CAP })) ?? []);
}

/** A filtered export names its dossiers up front; beyond this many, narrow the filters or export the whole call. */
export const EXPORT_QUERY_CAP = 100_000;

export async function runExport(db: Kdb, storage: FileStorage, payload: { exportId: string; locale?: Locale }): Promise<void> {
  const job = await db.selectFrom("export_job").selectAll().where("id", "=", payload.exportId).executeTakeFirst();
  if (!job || job.status === "done") return;
  const L = payload.locale ?? "fr";
  const call = await findCallById(db, job.call_id);
  if (!call) throw new NotFound();
  await db.updateTable("export_job").set({ status: "running", done: 0 }).where("id", "=", job.id).execute();
  const stamp = parisToday();
  const filename = `dossiers-${call.slug}-${stamp}.${job.format}`;
  const storageKey = `exports/${job.id}`;
  try {
    const only = await exportedIds(db, job.call_id, job.query);
    if (job.format === "zip") await writeZip(db, storage, job.id, job.call_id, storageKey, only);
    else
      await writeTable(db, storage, {
        exportId: job.id,
        callId: job.call_id,
        format: job.format,
        storageKey,
        locale: L,
        criteria: call.content.criteria.map((c) => ({ key: c.key, label: localized(c.label, "fr"), weight: c.weight })),
        only,
      });
    const size = await storage.size(storageKey);
    await db
      .updateTable("export_job")
      .set({ status: "done", storage_key: storageKey, filename, size, finished_at: new Date().toISOString() })
      .where("id", "=", job.id)
      .execute();
  } catch (e) {
    await db
      .updateTable("export_job")
      .set({ status: "failed", error: String(e instanceof Error ? e.message : e).slice(0, 500), finished_at: new Date().toISOString() })
      .where("id", "=", job.id)
      .execute();
    await storage.remove(storageKey);
  }
}

async function writeTable(
  db: Kdb,
  storage: FileStorage,
  o: {
    exportId: string;
    callId: string;
    format: "csv" | "xlsx";
    storageKey: string;
    locale: Locale;
    criteria: { key: string; label: string; weight?: number }[];
    only: Set<string> | null;
  },
) {
  // First pass: the widest repeatable group decides how many numbered columns it gets; and the form
  // version (the latest submission's version names the columns).
  // Each submission keeps its row counts: this pass reads a few bytes per dossier, not its answers.
  const groupSizes = new Map<string, number>();
  const versionIds = new Set<string>();
  for await (const rows of shapes(db, o.callId, o.only)) {
    for (const r of rows) {
      versionIds.add(r.form_version_id);
      const counts: RowCounts = r.row_counts_json
        ? JSON.parse(r.row_counts_json)
        : rowCounts(JSON.parse(r.answers_json ?? "{}") as Answers);
      for (const [k, n] of Object.entries(counts)) groupSizes.set(k, Math.max(groupSizes.get(k) ?? 0, n));
    }
  }
  const call = (await findCallById(db, o.callId))!;
  // Every version submitted with: the latest's questions in its order, then those only older ones had.
  if (versionIds.size === 0) versionIds.add(call.formVersionId);
  const def = mergedDefinition(
    await Promise.all([...versionIds].map((id) => formDefinition(db, id))),
    t(o.locale, "studio.version.removedTitle"),
  );
  const columns = exportColumns(def, groupSizes, o.criteria, o.locale);
  const out = storage.writeStream(o.storageKey);
  let done = 0;
  if (o.format === "csv") {
    const csv = stringify({ delimiter: ";", bom: true, record_delimiter: "windows" });
    csv.pipe(out);
    const write = async (record: unknown[]) => {
      if (!csv.write(record)) await once(csv, "drain");
    };
    await write(columns.map((c) => csvCell(c.header)));
    for await (const rows of batches(db, o.callId, o.only)) {
      const extras = await extrasFor(
        db,
        rows,
        o.criteria.map((c) => c.key),
        weightsOf(o.criteria),
      );
      for (const r of rows) {
        const a = JSON.parse(r.answers_json) as Answers;
        await write(columns.map((c) => csvCell(c.value(r, a, extras.get(r.id)!) ?? "")));
      }
      done += rows.length;
      await setProgress(db, o.exportId, done);
    }
    csv.end();
    await finished(out);
    return;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  styleOncePerType(workbook);
  const sheet = workbook.addWorksheet(t(o.locale, "export.sheet"), { views: [{ state: "frozen", xSplit: 2, ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: i < 7 ? 18 : 40 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const rows of batches(db, o.callId, o.only)) {
    const extras = await extrasFor(
      db,
      rows,
      o.criteria.map((c) => c.key),
      weightsOf(o.criteria),
    );
    for (const r of rows) {
      const a = JSON.parse(r.answers_json) as Answers;
      sheet.addRow(columns.map((c) => c.value(r, a, extras.get(r.id)!))).commit();
    }
    done += rows.length;
    await setProgress(db, o.exportId, done);
    await zipCaughtUp(sheet);
  }
  sheet.commit();
  await workbook.commit();
  if (!out.writableFinished) await finished(out);
}

/**
 * exceljs's streaming writer hands each committed row to the zip without waiting for it to be compressed
 * and written: on SQLite, whose queries never yield to the event loop, a whole export would wait in
 * memory (1.2 GB at 50,000 dossiers, issue 11). After each batch we let the zip and the file catch up
 * until less than 4 MiB waits, so memory stays flat at any size. Reads exceljs 4.4's internals (the sheet
 * stream's pipes), pinned in package.json; without them, it still yields once to the event loop.
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  type Buffered = { _writableState?: { length: number }; _readableState?: { length: number } };
  const waiting = () =>
    (((sheet as unknown as { _stream?: { pipes?: Buffered[] } })._stream?.pipes ?? []) as Buffered[]).reduce(
      (n, p) => n + (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0),
      0,
    );
  do await new Promise((resolve) => setImmediate(resolve));
  while (waiting() > 4 * 1024 * 1024);
}

/**
 * exceljs works out every cell's style, and a cell without a style of its own is given a fresh empty one,
 * which its cache (kept by object) never recognises: ~9 % of an export's time, and garbage (issue 11). An
 * empty style's answer depends only on the cell's type, so it is worked out once per type. Reads exceljs
 * 4.4's `styles` (pinned in package.json); without it, every cell takes exceljs's own path as before.
 */
function styleOncePerType(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  type Styles = { addStyleModel?: (model: object, cellType?: number) => number };
  const styles = (workbook as unknown as { styles?: Styles }).styles;
  const general = styles?.addStyleModel?.bind(styles);
  if (!styles || !general) return;
  const plain = new Map<number | undefined, number>();
  styles.addStyleModel = (model, cellType) => {
    for (const _ in model) return general(model, cellType);
    let id = plain.get(cellType);
    if (id === undefined) plain.set(cellType, (id = general(model, cellType)));
    return id;
  };
}

async function writeZip(db: Kdb, storage: FileStorage, exportId: string, callId: string, storageKey: string, only: Set<string> | null) {
  const out = storage.writeStream(storageKey);
  const archive = new ZipArchive({ zlib: { level: 6 } });
  let failure: unknown = null;
  archive.on("error", (e: unknown) => (failure = e));
  archive.pipe(out);
  // One entry at a time: the next is read only when the archive has taken the previous one.
  const add = async (data: Buffer, name: string) => {
    const taken = once(archive, "entry");
    archive.append(data, { name, date: parisWallDate() });
    await taken;
    if (failure) throw failure;
  };
  let done = 0;
  for await (const rows of batches(db, callId, only)) {
    for (const r of rows) {
      const folder = `${slugify(r.organisation)}-${r.id.slice(0, 8)}`;
      const { pdf } = await submissionPdf(db, r.submission_id, "fr");
      await add(pdf, `${folder}/dossier-depot-${r.number}.pdf`);
      const files = JSON.parse(r.attachments_json) as { id: string; safe_name: string }[];
      const stored = files.length
        ? await db
            .selectFrom("attachment")
            .select(["id", "storage_key"])
            .where(
              "id",
              "in",
              files.map((f) => f.id),
            )
            .execute()
        : [];
      const used = new Set<string>();
      for (const f of files) {
        const key = stored.find((s) => s.id === f.id)?.storage_key;
        if (!key) continue;
        let name = f.safe_name;
        for (let n = 2; used.has(name); n++) name = f.safe_name.replace(/(\.[^.]+)?$/, ` (${n})$1`);
        used.add(name);
        await add(await storage.get(key), `${folder}/pieces/${name}`);
      }
    }
    done += rows.length;
    await setProgress(db, exportId, done);
  }
  await archive.finalize();
  await finished(out);
  if (failure) throw failure;
}
