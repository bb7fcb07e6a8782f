// File storage (issue 11): the local disk (embedded default) and S3-compatible object storage through
// the AWS SDK, against a real S3-protocol server on 127.0.0.1, keep the same promises.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { localStorage, type FileStorage } from "../../app/files/storage.server";
import { s3Storage } from "../../app/files/s3-storage.server";
import { configFromEnv } from "../../app/config.server";
import { startS3, type RunningS3 } from "../support/s3";

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

let s3: RunningS3;
const localRoot = mkdtempSync(join(tmpdir(), "trame-storage-"));
const stores: Record<string, () => FileStorage> = {
  local: () => localStorage(localRoot),
  s3: () => s3Storage(configFromEnv({ TRAME_DATA_DIR: localRoot, ...s3.env, TRAME_S3_PREFIX: "instance-a" }).s3!),
};

beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3.close();
  rmSync(localRoot, { recursive: true, force: true });
});

describe.each(Object.keys(stores))("file storage on %s", (name) => {
  it("keeps, gives back, measures and removes a file byte for byte", async () => {
    const storage = stores[name]();
    const data = randomBytes(300_000);
    await storage.put("attachments/d1/a1", data);
    expect(Buffer.compare(await storage.get("attachments/d1/a1"), data)).toBe(0);
    expect(await storage.size("attachments/d1/a1")).toBe(data.length);
    expect(Buffer.compare(await readAll(storage.readStream("attachments/d1/a1")), data)).toBe(0);
    await storage.remove("attachments/d1/a1");
    await expect(storage.get("attachments/d1/a1")).rejects.toThrow();
    await storage.remove("attachments/d1/a1"); // removing twice is no error
  });

  it("streams a large file in and out (an export bigger than one multipart part)", async () => {
    const storage = stores[name]();
    const chunk = randomBytes(1024 * 1024);
    const total = 12; // 12 MiB: three parts of 5 MiB on S3
    await pipeline(
      Readable.from(
        (function* () {
          for (let i = 0; i < total; i++) yield chunk;
        })(),
      ),
      storage.writeStream("exports/big-one"),
    );
    expect(await storage.size("exports/big-one")).toBe(total * chunk.length);
    let read = 0;
    let same = true;
    for await (const c of storage.readStream("exports/big-one")) {
      const b = c as Buffer;
      for (let i = 0; i < b.length; i += 65536) same &&= b[i] === chunk[(read + i) % chunk.length];
      read += b.length;
    }
    expect(read).toBe(total * chunk.length);
    expect(same).toBe(true);
    await storage.remove("exports/big-one");
  });

  // A download is a stream handed to the web response; a person who closes the tab cancels it. What the
  // stream held must then be let go: on S3 the object's HTTP response kept its socket, and after fifty
  // cancelled downloads (the SDK's sockets) every read of every file waited for ever.
  it("lets go of what a cancelled download held: sixty in a row, and files are still read", { timeout: 60_000 }, async () => {
    const storage = stores[name]();
    const data = randomBytes(8 * 1024 * 1024);
    await storage.put("exports/left-early", data);
    for (let i = 0; i < 60; i++) {
      const reader = (Readable.toWeb(storage.readStream("exports/left-early")) as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      await reader.cancel();
    }
    const again = await Promise.race([
      storage.get("exports/left-early"),
      new Promise<"waited">((r) => setTimeout(() => r("waited"), 10_000).unref()),
    ]);
    expect(again === "waited" ? again : Buffer.compare(again, data)).toBe(0);
    await storage.remove("exports/left-early");
  });

  it("refuses keys that are not Trame's own (paths, dots, names)", async () => {
    const storage = stores[name]();
    for (const key of ["../secret", "a/../../b", "/abs", "a//b", "nom de fichier.pdf", "a/"]) {
      await expect(storage.put(key, Buffer.from("x"))).rejects.toThrow(/Invalid storage key/);
    }
  });

  it("a missing file is an error on reading, as a stream too", async () => {
    const storage = stores[name]();
    await expect(storage.size("attachments/none")).rejects.toThrow();
    await expect(readAll(storage.readStream("attachments/none"))).rejects.toThrow();
  });
});
