// Exports on both databases (issue 2): CSV and XLSX match the answers (the XLSX is read back with
// exceljs and compared cell by cell), repeatable groups are flattened with numbered headings, scores and
// decisions are included; the ZIP holds each dossier's PDF and files; progress is recorded.
import { sql } from "kysely";
import { submissionRowCounts } from "../../app/db/migrations/026-submission-row-counts";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, testEnv, type TestEnv } from "../support/services";
import { defaultCall, organiserId, submittedDossier, type SubmittedDossier, acceptIntoCommunity } from "../support/dossiers";
import { parisSortableDateTime } from "../../app/lib/paris-time";
import { SAMPLE_PDF, SAMPLE_PNG } from "../support/fixtures";
import { runDueJobs } from "../../app/jobs/queue.server";
import { exportForDownload, startExport } from "../../app/domain/exports/exports.server";
import { assignManually } from "../../app/domain/review/team.server";
import { addCallMember, saveReview } from "../../app/domain/review/reviews.server";
import { createVerifiedUser } from "../support/services";
import type { Call } from "../../app/domain/calls/calls.server";

describe.each(DATABASES)("exports on %s", (kind) => {
  let env: TestEnv;
  let call: Call;
  let organiser = "";
  const d: SubmittedDossier[] = [];

  const run = async (format: "csv" | "xlsx" | "zip") => {
    const id = await startExport(env.services.db, env.services.storage, { callId: call.id, userId: organiser, format, locale: "fr" });
    await runDueJobs(env.services.db, env.services.jobHandlers, { limit: 50 });
    const e = await exportForDownload(env.services.db, { exportId: id, userId: organiser });
    expect(e).toMatchObject({ status: "done", done: 3, total: 3 });
    return { e, data: await env.services.storage.get(e.storage_key!) };
  };

  beforeAll(async () => {
    env = await testEnv(kind);
    call = await defaultCall(env.services);
    organiser = await organiserId(env.services);
    d.push(
      await submittedDossier(env.services, {
        name: 'PTCE « Figeac » ; virgule, guillemets "',
        answers: {
          stakeholders: [
            { name: "Régie de territoire", type: "siae", role: "fondateur" },
            { name: "Mairie de Figeac", type: "collectivite", role: "partenaire" },
          ],
        },
        files: [
          { fieldKey: "enriching_documents", name: "rapport.pdf", data: SAMPLE_PDF },
          { fieldKey: "enriching_documents", name: "photo.png", data: SAMPLE_PNG },
        ],
      }),
    );
    // Answers a spreadsheet would run as formulas (issue 8: CSV injection).
    d.push(
      await submittedDossier(env.services, {
        name: "PTCE Rennes",
        commune: { query: "Rennes", code: "35238" },
        answers: {
          carrier_name: '=HYPERLINK("http://evil.example","Cliquez")',
          contact_role: "@SUM(A1:A9)",
          q5_expectations: "+cmd|' /C calc'!A0",
        },
      }),
    );
    d.push(await submittedDossier(env.services, { name: "PTCE Lyon", commune: { query: "Lyon", code: "69123" } }));
    const reviewer = await createVerifiedUser(env.services, "Rita");
    await addCallMember(env.services.db, { callId: call.id, userId: reviewer.id, role: "reviewer", actorId: organiser });
    await assignManually(env.services.db, { dossierId: d[0].id, reviewerId: reviewer.id, actorId: organiser });
    await saveReview(env.services.db, {
      dossierId: d[0].id,
      reviewerId: reviewer.id,
      scores: { condition_ptce: 4, condition_volunteer: 3, experiences: 4, visit_offer: 2 },
      comment: "",
    });
    await acceptIntoCommunity(env.services.db, {
      callId: call.id,
      actorId: organiser,
      appUrl: "https://t",
      decisions: [{ dossierId: d[0].id, decision: "accepted", reasons: "Retenu : coopération exemplaire." }],
    });
  });
  afterAll(async () => env?.close());

  it("writes an XLSX that reads back to the same answers, groups flattened, with scores and decisions", async () => {
    const { e, data } = await run("xlsx");
    expect(e.filename).toMatch(/^dossiers-ptce-emploi-2015-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("Dossiers")!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    // The header alone is bold; the cells' styles are worked out once per type of cell (issue 11), and a
    // number stays a number.
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(typeof sheet.getRow(2).getCell(headers.indexOf("Nombre d’évaluations") + 1).value).toBe("number");
    const rows = new Map<string, Record<string, unknown>>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const values = (row.values as unknown[]).slice(1);
      const record = Object.fromEntries(headers.map((h, i) => [h, values[i] ?? ""]));
      rows.set(String(record.Identifiant), record);
    });
    expect(rows.size).toBe(3);
    const figeac = rows.get(d[0].id)!;
    const col = (fragment: string) => headers.find((h) => h.includes(fragment))!;
    expect(figeac[col("Nom du PTCE")]).toBe('PTCE « Figeac » ; virgule, guillemets "');
    expect(figeac.Organisation).toBe(d[0].name.replace(/^/, "Association "));
    expect(figeac.Région).toBe("Occitanie");
    expect(figeac.Département).toBe("46");
    expect(figeac.État).toBe("Retenu");
    // Repeatable groups: one column per item and sub-question.
    const g2 = headers.filter((h) => /Partie prenante 2 — /.test(h));
    expect(g2.length).toBeGreaterThan(1);
    expect(g2.map((h) => figeac[h])).toContain("Mairie de Figeac");
    expect(rows.get(d[1].id)![g2[0]]).toBe("");
    expect(figeac[col("Documents complémentaires")]).toMatch(/rapport\.pdf \| photo\.png/);
    expect(figeac["Note moyenne générale"]).toBe(3.25);
    expect(figeac["Motivation de la décision"]).toBe("Retenu : coopération exemplaire.");
    expect(rows.get(d[2].id)!["Note moyenne générale"]).toBe("");
  });

  it("learns each group's columns from the row counts kept with the submission, or from the answers of a submission without them", async () => {
    const kept = await env.services.db
      .selectFrom("submission")
      .select("row_counts_json")
      .where("dossier_id", "=", d[0].id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(kept.row_counts_json!)).toMatchObject({ stakeholders: 2 });
    const headersOf = async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await run("xlsx")).data as unknown as ArrayBuffer);
      return (wb.getWorksheet("Dossiers")!.getRow(1).values as unknown[]).slice(1).map(String);
    };
    const withCounts = await headersOf();
    expect(withCounts.filter((h) => /Partie prenante 2 — /.test(h)).length).toBeGreaterThan(1);
    expect(withCounts.some((h) => /Partie prenante 3 — /.test(h))).toBe(false);
    // A submission whose counts could not be kept: its answers are read, the same columns come out.
    await env.services.db.updateTable("submission").set({ row_counts_json: null }).where("dossier_id", "=", d[0].id).execute();
    try {
      expect(await headersOf()).toEqual(withCounts);
    } finally {
      await env.services.db
        .updateTable("submission")
        .set({ row_counts_json: kept.row_counts_json })
        .where("dossier_id", "=", d[0].id)
        .execute();
    }
  });

  it("counts the rows of the submissions made before row counts were kept, when the migration runs", async () => {
    const db = env.services.db;
    await sql`alter table submission drop column row_counts_json`.execute(db);
    await submissionRowCounts.up(db);
    const rows = await db.selectFrom("submission").select(["dossier_id", "row_counts_json"]).execute();
    expect(rows).toHaveLength(3);
    const figeac = rows.find((r) => r.dossier_id === d[0].id)!;
    expect(JSON.parse(figeac.row_counts_json!)).toMatchObject({ stakeholders: 2 });
    for (const r of rows) expect(r.row_counts_json).not.toBeNull();
  });

  it("writes a CSV for French spreadsheets (BOM, semicolons, quoted fields)", async () => {
    const { data } = await run("csv");
    expect(data.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = data.toString("utf8");
    expect(text).toContain('"PTCE « Figeac » ; virgule, guillemets """');
    // Read back by Python's csv module, as a spreadsheet would: a header and three records of equal width.
    const dir = mkdtempSync(join(tmpdir(), "csv-"));
    writeFileSync(join(dir, "e.csv"), data);
    const parsed = JSON.parse(
      execFileSync("python3", [
        "-c",
        "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))))",
        join(dir, "e.csv"),
      ]).toString(),
    ) as string[][];
    expect(parsed).toHaveLength(4);
    expect(new Set(parsed.map((r) => r.length)).size).toBe(1);
    const figeac = parsed.find((r) => r[0] === d[0].id)!;
    expect(figeac).toContain('PTCE « Figeac » ; virgule, guillemets "');
    expect(figeac[parsed[0].indexOf("Motivation de la décision")]).toBe("Retenu : coopération exemplaire.");
    // Nothing a spreadsheet would run: formula-like answers start with an apostrophe (shown as text).
    const rennes = parsed.find((r) => r[0] === d[1].id)!;
    expect(rennes).toContain(`'=HYPERLINK("http://evil.example","Cliquez")`);
    expect(rennes).toContain("'@SUM(A1:A9)");
    expect(rennes).toContain("'+cmd|' /C calc'!A0");
    expect(parsed.flat().filter((cell) => /^[=+@]/.test(cell))).toEqual([]);
    // The submission time as Paris wall time, which spreadsheets read as a date and time.
    const at = await env.services.db
      .selectFrom("submission")
      .select("submitted_at")
      .where("dossier_id", "=", d[1].id)
      .executeTakeFirstOrThrow();
    expect(rennes[parsed[0].findIndex((h) => h.startsWith("Déposé le"))]).toBe(parisSortableDateTime(at.submitted_at));
    expect(text.split("\r\n")[0]).toMatch(/^\uFEFFIdentifiant;Organisation;État;Région;Département/);
  });

  it("packs each dossier's PDF and files in a ZIP", async () => {
    const { data } = await run("zip");
    const dir = mkdtempSync(join(tmpdir(), "zip-"));
    writeFileSync(join(dir, "e.zip"), data);
    const listing = execFileSync("python3", [
      "-c",
      "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print('\\n'.join(z.namelist())); z.testzip()",
      join(dir, "e.zip"),
    ]).toString();
    // Entries are dated in Paris wall time, as the page shows it (ZIP stores no zone).
    const stamp = execFileSync("python3", [
      "-c",
      "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print('%04d-%02d-%02d %02d:%02d' % z.infolist()[0].date_time[:5])",
      join(dir, "e.zip"),
    ])
      .toString()
      .trim();
    expect(
      Math.abs(
        new Date(stamp.replace(" ", "T") + ":00Z").getTime() -
          new Date(parisSortableDateTime(new Date()).replace(" ", "T") + ":00Z").getTime(),
      ),
    ).toBeLessThan(5 * 60_000);
    const names = listing.trim().split("\n");
    expect(names.filter((n) => n.endsWith("/dossier-depot-1.pdf"))).toHaveLength(3);
    expect(names.some((n) => n.endsWith("/pieces/rapport.pdf"))).toBe(true);
    expect(names.some((n) => n.endsWith("/pieces/photo.png"))).toBe(true);
  });
});
