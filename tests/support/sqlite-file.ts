// A SQLite database file in a folder of its own, for tests of the database layer: closed and removed after
// each test of the file that asks for it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { openDatabase, type Database_ } from "../../app/db/database.server";

export function sqliteFiles(prefix: string) {
  let opened: Database_ | null = null;
  let dir = "";
  afterEach(async () => {
    await opened?.close();
    opened = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = "";
  });
  return (options: { checkpointInBackground?: boolean } = {}) => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    const path = join(dir, "t.sqlite");
    opened = openDatabase({ sqlitePath: path, ...options });
    return { ...opened, path };
  };
}
