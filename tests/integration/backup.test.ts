// Backups round trip on both databases (issue 8): `npm run backup` while Trame holds the database open,
// then `npm run restore` into an empty place, and a dossier, its history and its files come back identical.
import { afterAll, describe, expect, it } from "vitest";
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DATABASES, testEnv, type TestEnv } from "../support/services";
import { createTestDatabase } from "../support/postgres";
import { submittedDossier } from "../support/dossiers";
import { SAMPLE_PDF } from "../support/fixtures";
import { startS3 } from "../support/s3";
import { configFromEnv } from "../../app/config.server";
import { startServices, type Services } from "../../app/services.server";
import { saveAnswers, reopenDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";

const tsx = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", script, ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
  });
/** The same without blocking this process, whose S3 server the command talks to. */
const tsxAsync = (script: string, args: string[], env: Record<string, string>) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", script, ...args],
      { env: { PATH: process.env.PATH, ...env }, encoding: "utf8" },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });

async function snapshot(services: Services, dossierId: string) {
  const db = services.db;
  const dossier = await db.selectFrom("dossier").selectAll().where("id", "=", dossierId).executeTakeFirstOrThrow();
  const answers = await db.selectFrom("answer").selectAll().where("dossier_id", "=", dossierId).orderBy("field_key").execute();
  const revisions = await db.selectFrom("answer_revision").selectAll().where("dossier_id", "=", dossierId).orderBy("id").execute();
  const transitions = await db.selectFrom("dossier_transition").selectAll().where("dossier_id", "=", dossierId).orderBy("id").execute();
  const submissions = await db.selectFrom("submission").selectAll().where("dossier_id", "=", dossierId).orderBy("number").execute();
  const attachments = await db.selectFrom("attachment").selectAll().where("dossier_id", "=", dossierId).orderBy("id").execute();
  const files = await Promise.all(attachments.map(async (a) => (await services.storage.get(a.storage_key)).toString("base64")));
  return { dossier, answers, revisions, transitions, submissions, attachments, files };
}

describe.each(DATABASES)("backup and restore on %s", (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("backs up while running and restores a dossier, its history and its files identically", async () => {
    const env: TestEnv = await testEnv(kind);
    cleanups.push(() => env.close());
    const pdf = Buffer.concat([SAMPLE_PDF, Buffer.from(`\n% ${kind}`)]);
    const d = await submittedDossier(env.services, {
      name: "PTCE Sauvegardé",
      files: [{ fieldKey: "enriching_documents", name: "bilan « 2014 ».pdf", data: pdf }],
    });
    // Some history: reopened and edited after the first submission.
    await reopenDossier(env.services.db, { dossier: await dossierForMember(env.services.db, d.owner.id, d.id), userId: d.owner.id });
    await saveAnswers(env.services.db, {
      dossier: await dossierForMember(env.services.db, d.owner.id, d.id),
      userId: d.owner.id,
      changes: [{ key: "q5_expectations", value: "Attentes revues après dépôt — « œuvre »", baseVersion: 1 }],
    });
    const before = await snapshot(env.services, d.id);
    expect(before.revisions.length).toBeGreaterThan(10);

    const dest = join(mkdtempSync(join(tmpdir(), "trame-backup-")), "copie");
    cleanups.push(() => rmSync(join(dest, ".."), { recursive: true, force: true }));
    const baseEnv = {
      TRAME_DATA_DIR: env.dataDir,
      ...(env.services.config.databaseUrl ? { DATABASE_URL: env.services.config.databaseUrl } : {}),
    };
    // The command itself, while the services above still hold the database open.
    const made = tsx("scripts/backup.ts", [dest], baseEnv);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain("Sauvegarde écrite");
    expect(existsSync(join(dest, kind === "sqlite" ? "database.sqlite" : "database.dump"))).toBe(true);

    // An empty place to restore into: a new data folder, and for PostgreSQL a new empty database.
    const dataDir = mkdtempSync(join(tmpdir(), "trame-restored-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const pgdb = kind === "postgres" ? await createTestDatabase() : null;
    if (pgdb) cleanups.push(() => pgdb.drop());
    const restoreEnv = { TRAME_DATA_DIR: dataDir, ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) };
    const back = tsx("scripts/restore.ts", [dest], restoreEnv);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toContain("restaurée");

    const restored = await startServices(configFromEnv({ ...restoreEnv, TRAME_WORKER: "0", LOG_LEVEL: "warn", PORT: "0" }), {
      quiet: true,
    });
    cleanups.push(() => restored.stop());
    const after = await snapshot(restored, d.id);
    expect(after).toEqual(before);
    expect(Buffer.from(after.files[0], "base64").equals(pdf)).toBe(true);
  });

  it("refuses to restore a damaged backup or one from the other database, and touches nothing", async () => {
    const env: TestEnv = await testEnv(kind);
    cleanups.push(() => env.close());
    const dest = join(mkdtempSync(join(tmpdir(), "trame-backup-")), "copie");
    cleanups.push(() => rmSync(join(dest, ".."), { recursive: true, force: true }));
    await submittedDossier(env.services, {
      name: "PTCE Intact",
      files: [{ fieldKey: "enriching_documents", name: "a.pdf", data: SAMPLE_PDF }],
    });
    const { backup, restore } = await import("../../app/ops/backup.server");
    const manifest = await backup(env.services.config, dest);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dest, "files", manifest.files[0].path), "abîmé");
    await expect(restore(env.services.config, dest)).rejects.toThrow("Fichier abîmé");
    const other = configFromEnv({
      TRAME_DATA_DIR: env.dataDir,
      ...(kind === "sqlite" ? { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/nulle_part" } : {}),
    });
    await expect(restore(other, dest)).rejects.toThrow(kind === "sqlite" ? "vient de sqlite" : "vient de postgres");
    // Still there and working.
    expect(await env.services.db.selectFrom("dossier").select("id").execute()).toHaveLength(1);
  });
});

// Several app servers keep their files in object storage (issue 11): the backup copies the bucket's
// objects, and a restore makes another bucket prefix exactly the backup's files.
describe("backup and restore with files in S3-compatible storage, on PostgreSQL", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("copies the bucket's files into the backup and puts them back into another prefix, identically", async () => {
    const s3 = await startS3();
    cleanups.push(() => s3.close());
    const source = { ...s3.env, TRAME_S3_PREFIX: "production" };
    const env: TestEnv = await testEnv("postgres", source);
    cleanups.push(() => env.close());
    const pdf = Buffer.concat([SAMPLE_PDF, Buffer.from("\n% objet")]);
    const d = await submittedDossier(env.services, {
      name: "PTCE dans le nuage",
      files: [{ fieldKey: "enriching_documents", name: "plaquette.pdf", data: pdf }],
    });
    const before = await snapshot(env.services, d.id);

    const dest = join(mkdtempSync(join(tmpdir(), "trame-backup-s3-")), "copie");
    cleanups.push(() => rmSync(join(dest, ".."), { recursive: true, force: true }));
    const made = await tsxAsync("scripts/backup.ts", [dest], {
      TRAME_DATA_DIR: env.dataDir,
      DATABASE_URL: env.services.config.databaseUrl!,
      ...source,
    });
    expect(made.status, made.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dest, "manifest.json"), "utf8")) as { files: { path: string }[] };
    const attachmentKey = before.attachments[0].storage_key;
    expect(manifest.files.map((f) => f.path.split("\\").join("/"))).toContain(attachmentKey);

    const dataDir = mkdtempSync(join(tmpdir(), "trame-restored-s3-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const pgdb = await createTestDatabase();
    cleanups.push(() => pgdb.drop());
    const target = { ...s3.env, TRAME_S3_PREFIX: "restauration" };
    const restoreEnv = { TRAME_DATA_DIR: dataDir, DATABASE_URL: pgdb.url, ...target };
    const back = await tsxAsync("scripts/restore.ts", [dest], restoreEnv);
    expect(back.status, back.stderr).toBe(0);
    const restored = await startServices(configFromEnv({ ...restoreEnv, TRAME_WORKER: "0", LOG_LEVEL: "warn", PORT: "0" }), {
      quiet: true,
    });
    cleanups.push(() => restored.stop());
    const after = await snapshot(restored, d.id);
    expect(after).toEqual(before);
    expect(Buffer.from(after.files[0], "base64").equals(pdf)).toBe(true);
    // Nothing was written to the restored data folder's disk: the files are in the bucket.
    expect(existsSync(join(dataDir, "files", attachmentKey))).toBe(false);
  });
});
