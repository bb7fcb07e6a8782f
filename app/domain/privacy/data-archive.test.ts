// The data archive (issue 8) stops when its reader leaves: a cancelled download of someone's files must
// not go on reading and compressing them all for no one (found with issue 11's "client left" errors).
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { PassThrough, Readable } from "node:stream";
import { localStorage, type FileStorage } from "../../files/storage.server";
import { writeDataArchive } from "./data-archive.server";

const root = mkdtempSync(join(tmpdir(), "trame-archive-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The real local storage, counting the files read. */
async function storageWith(n: number): Promise<{ storage: FileStorage; reads: () => number }> {
  const real = localStorage(join(root, String(Math.random()).slice(2)));
  for (let i = 0; i < n; i++) await real.put(`attachments/d/f${i}`, randomBytes(1024 * 1024));
  let reads = 0;
  return {
    storage: { ...real, get: (key) => (reads++, real.get(key)) },
    reads: () => reads,
  };
}
const files = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `piece ${i}.pdf`, storageKey: `attachments/d/f${i}` }));

describe("the data archive", () => {
  it("writes données.json and every file, read back by a ZIP reader", async () => {
    const { storage } = await storageWith(3);
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on("data", (c: Buffer) => parts.push(c));
    expect(
      await writeDataArchive(out, storage, { who: "Zoé" }, [...files(3), { name: "piece 0.pdf", storageKey: "attachments/d/f0" }]),
    ).toBe("written");
    const zip = join(root, "whole.zip");
    writeFileSync(zip, Buffer.concat(parts));
    const names = execFileSync("python3", ["-c", "import zipfile,sys; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", zip], {
      encoding: "utf8",
    });
    expect(names.trim().split("\n")).toEqual([
      "donnees.json",
      "fichiers/piece 0.pdf",
      "fichiers/piece 1.pdf",
      "fichiers/piece 2.pdf",
      "fichiers/2-piece 0.pdf",
    ]);
  });

  it("stops reading and compressing files once the download is cancelled, and ends without error", { timeout: 30_000 }, async () => {
    const { storage, reads } = await storageWith(20);
    const out = new PassThrough();
    const writing = writeDataArchive(out, storage, { who: "Zoé" }, files(20));
    // What the web response does with the archive, and a person who closes the tab after the first bytes.
    const reader = (Readable.toWeb(out) as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    expect(await writing).toBe("left");
    expect(reads()).toBeLessThan(5);
  });
});
