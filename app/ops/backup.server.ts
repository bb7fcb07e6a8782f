// Backups (issue 8, ADR 018): one folder that holds a consistent copy of the database, the uploaded
// files and the secret (sessions and two-factor secrets are sealed with it), with a manifest. SQLite is
// copied with its online backup API (safe while Trame runs); PostgreSQL with pg_dump's custom format.
// Files are copied after the database, so every file a row names is there (a newer file is harmless);
// from the data folder, or from S3-compatible object storage when Trame keeps them there (issue 11).
// Restoring puts a backup back into a data folder or a PostgreSQL database; run it with Trame stopped.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, readFile, readdir, rm, stat, writeFile, copyFile } from "node:fs/promises";
import { createWriteStream, existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { s3Storage } from "../files/s3-storage.server";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import type { Config } from "../config.server";

const run = promisify(execFile);

export interface BackupManifest {
  format: 1;
  createdAt: string;
  database: "sqlite" | "postgres";
  files: { path: string; size: number; sha256: string }[];
}

const sqlitePath = (config: Config) => join(config.dataDir, "trame.sqlite");
const filesDir = (config: Config) => join(config.dataDir, "files");

async function listFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
  }
  return out.sort();
}

async function fingerprint(root: string): Promise<BackupManifest["files"]> {
  const files = [];
  for (const f of await listFiles(root)) {
    const data = await readFile(f);
    files.push({ path: relative(root, f), size: data.length, sha256: createHash("sha256").update(data).digest("hex") });
  }
  return files;
}

/** Writes a backup into `dest` (created; must not exist or be empty) and returns its manifest. */
export async function backup(config: Config, dest: string): Promise<BackupManifest> {
  await mkdir(dest, { recursive: true, mode: 0o700 });
  if ((await readdir(dest)).length > 0) throw new Error(`${dest} n’est pas vide : choisissez un dossier neuf pour la sauvegarde.`);
  const kind = config.databaseUrl ? "postgres" : "sqlite";
  if (kind === "sqlite") {
    const db = new Database(sqlitePath(config), { readonly: true, fileMustExist: true });
    try {
      await db.backup(join(dest, "database.sqlite"));
    } finally {
      db.close();
    }
  } else {
    await run(
      "pg_dump",
      ["--format=custom", "--no-owner", "--no-privileges", `--file=${join(dest, "database.dump")}`, config.databaseUrl!],
      { maxBuffer: 64 * 1024 * 1024 },
    );
  }
  if (config.s3) {
    // Files in object storage: each object copied into the backup, one at a time (flat memory).
    const storage = s3Storage(config.s3);
    for await (const key of storage.list()) {
      const target = join(dest, "files", ...key.split("/"));
      await mkdir(dirname(target), { recursive: true });
      await pipeline(storage.readStream(key), createWriteStream(target, { mode: 0o600 }));
    }
  } else if (existsSync(filesDir(config))) await cp(filesDir(config), join(dest, "files"), { recursive: true });
  const secret = join(config.dataDir, "secret.key");
  if (existsSync(secret)) await copyFile(secret, join(dest, "secret.key"));
  const manifest: BackupManifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    database: kind,
    files: await fingerprint(join(dest, "files")),
  };
  await writeFile(join(dest, "manifest.json"), JSON.stringify(manifest, null, 2), { mode: 0o600 });
  return manifest;
}

/** Puts a backup back: the database (replaced whole), the files and the secret. Trame must be stopped. */
export async function restore(config: Config, src: string): Promise<BackupManifest> {
  const manifest = JSON.parse(await readFile(join(src, "manifest.json"), "utf8")) as BackupManifest;
  if (manifest.format !== 1) throw new Error("Sauvegarde d’un format inconnu.");
  const kind = config.databaseUrl ? "postgres" : "sqlite";
  if (manifest.database !== kind) throw new Error(`Cette sauvegarde vient de ${manifest.database}, la configuration utilise ${kind}.`);
  // Check the copy before touching anything.
  for (const f of manifest.files) {
    const data = await readFile(join(src, "files", f.path));
    if (createHash("sha256").update(data).digest("hex") !== f.sha256) throw new Error(`Fichier abîmé dans la sauvegarde : ${f.path}`);
  }
  await mkdir(config.dataDir, { recursive: true });
  if (kind === "sqlite") {
    for (const suffix of ["", "-wal", "-shm"]) await rm(sqlitePath(config) + suffix, { force: true });
    await copyFile(join(src, "database.sqlite"), sqlitePath(config));
  } else {
    await run(
      "pg_restore",
      [
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        `--dbname=${config.databaseUrl}`,
        join(src, "database.dump"),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
  }
  if (config.s3) {
    // Object storage: the bucket (or its prefix) is made exactly the backup's set of files.
    const storage = s3Storage(config.s3);
    const kept = new Set(manifest.files.map((f) => f.path.split(sep).join("/")));
    for await (const key of storage.list()) if (!kept.has(key)) await storage.remove(key);
    for (const f of manifest.files) await storage.put(f.path.split(sep).join("/"), await readFile(join(src, "files", f.path)));
  } else {
    await rm(filesDir(config), { recursive: true, force: true });
    if (existsSync(join(src, "files"))) await cp(join(src, "files"), filesDir(config), { recursive: true });
  }
  if (existsSync(join(src, "secret.key"))) await copyFile(join(src, "secret.key"), join(config.dataDir, "secret.key"));
  return manifest;
}

export async function backupSize(dir: string): Promise<number> {
  let total = 0;
  for (const f of await listFiles(dir)) total += (await stat(f)).size;
  return total;
}
