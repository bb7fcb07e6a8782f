// Where uploaded files live. Local disk by default (outside the web root, under TRAME_DATA_DIR); for
// several app servers, S3-compatible object storage with the same interface (s3-storage.server.ts).
import { createReadStream, createWriteStream, existsSync, mkdirSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import type { Readable, Writable } from "node:stream";
import { dirname, join, relative, resolve, sep } from "node:path";

export interface FileStorage {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
  /** Streams, for files too large to hold in memory (exports). */
  writeStream(key: string): Writable;
  readStream(key: string): Readable;
  size(key: string): Promise<number>;
  /** Every key kept, in order (backups). */
  list(): AsyncIterable<string>;
}

/** Keys are made by Trame (ids and folders), never from a file's name: anything else is refused. */
export function checkStorageKey(key: string): void {
  if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*$/i.test(key)) throw new Error(`Invalid storage key ${key}`);
}

export function localStorage(root: string): FileStorage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    checkStorageKey(key);
    const p = resolve(join(base, key));
    if (!p.startsWith(base)) throw new Error(`Storage key escapes root: ${key}`);
    return p;
  };
  return {
    async put(key, data) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, data, { mode: 0o600 });
    },
    get: (key) => readFile(pathOf(key)),
    remove: (key) => rm(pathOf(key), { force: true }),
    writeStream(key) {
      const p = pathOf(key);
      mkdirSync(dirname(p), { recursive: true });
      return createWriteStream(p, { mode: 0o600 });
    },
    readStream: (key) => createReadStream(pathOf(key)),
    size: async (key) => (await stat(pathOf(key))).size,
    async *list() {
      if (!existsSync(base)) return;
      const entries = await readdir(base, { withFileTypes: true, recursive: true });
      const keys = entries
        .filter((e) => e.isFile())
        .map((e) =>
          relative(base, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
            .split(sep)
            .join("/"),
        );
      yield* keys.sort();
    },
  };
}
