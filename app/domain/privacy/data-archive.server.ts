// The ZIP a person or an organisation downloads (issue 8): données.json and the files, written to the
// download as it goes, one file at a time.
import { ZipArchive } from "archiver";
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { FileStorage } from "../../files/storage.server";
import { parisWallDate } from "../../lib/paris-time";

export interface FileEntry {
  name: string;
  storageKey: string;
}

/**
 * Writes the archive to `out`. One file at a time: the next is read only once the archive has taken the
 * previous one, so a person with hundreds of megabytes of files never has them all in memory (as the
 * exports, issue 11). A reader who leaves (a closed tab, a cancelled download) stops it: no more files
 * are read nor compressed for no one, and it ends without error (« left »).
 */
export async function writeDataArchive(
  out: Writable,
  storage: FileStorage,
  json: Record<string, unknown>,
  files: FileEntry[],
): Promise<"written" | "left"> {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  let failure: unknown = null;
  archive.on("error", (e: unknown) => (failure = e));
  const left = new AbortController();
  const leave = () => {
    if (out.writableFinished) return;
    left.abort();
    archive.abort();
  };
  out.once("close", leave);
  archive.pipe(out);
  const add = async (data: Buffer | string, name: string) => {
    const taken = once(archive, "entry", { signal: left.signal });
    archive.append(data, { name, date: parisWallDate() });
    await taken;
  };
  try {
    await add(JSON.stringify(json, null, 2), "donnees.json");
    const used = new Set<string>();
    for (const f of files) {
      let name = `fichiers/${f.name.replace(/[/\\]/g, "_")}`;
      for (let i = 2; used.has(name); i++) name = `fichiers/${i}-${f.name.replace(/[/\\]/g, "_")}`;
      used.add(name);
      const data = await storage.get(f.storageKey).catch(() => null);
      if (left.signal.aborted) return "left";
      if (data) await add(data, name);
      if (failure) throw failure;
    }
    // An archive aborted while it finalises may never say so: the reader's leaving ends the wait.
    const gone = new Promise<void>((resolve) => left.signal.addEventListener("abort", () => resolve(), { once: true }));
    await Promise.race([archive.finalize(), gone]);
    if (left.signal.aborted) return "left";
  } catch (e) {
    if (left.signal.aborted) return "left";
    throw e;
  } finally {
    out.off("close", leave);
  }
  if (failure) throw failure;
  return "written";
}
