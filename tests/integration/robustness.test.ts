// The process survives any request (issue 8). Trame runs as its own process, started as `npm start`
// does; the upload, page-form and autosave endpoints get malformed, truncated, lying and oversized
// requests plus a bounded, seeded fuzz of broken multipart bodies. After each request the process must
// still be running, every answer must be a 4xx with a message (never a 5xx), and the site must serve.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { DATABASES } from "../support/services";
import { rawRequest, startTrameProcess, type TrameProcess } from "../support/process";

const ORGANISER = { email: "robuste@trame.test", password: "mot-de-passe-robuste-42" };

/** A small seeded generator, so that a failing fuzz case can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe.each(DATABASES)("the process survives malformed requests on %s", (kind) => {
  let trame: TrameProcess;
  let cookie = "";
  let dossierPath = "";

  const head = (method: string, path: string, headers: Record<string, string | number>) =>
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${trame.port}\r\nOrigin: ${trame.url}\r\nCookie: ${cookie}\r\nConnection: close\r\n` +
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("") +
    "\r\n";
  const send = (
    method: string,
    path: string,
    headers: Record<string, string | number>,
    body: Buffer | string,
    options?: { endAfterWrite?: boolean; waitMs?: number },
  ) =>
    rawRequest(
      trame.port,
      Buffer.concat([Buffer.from(head(method, path, headers), "latin1"), Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8")]),
      options,
    );
  const multipart = (boundary: string, parts: { name: string; filename?: string; data: string | Buffer }[], close = true) =>
    Buffer.concat([
      ...parts.flatMap((p) => [
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}\r\n${p.filename ? "Content-Type: application/pdf\r\n" : ""}\r\n`,
        ),
        Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data),
        Buffer.from("\r\n"),
      ]),
      Buffer.from(close ? `--${boundary}--\r\n` : ""),
    ]);
  /** A refusal the person can read: a 4xx, and a message in the body. */
  const expectRefusal = (a: { status: number | null; text: string }, statuses: number[]) => {
    expect(a.status, a.text.slice(0, 300)).not.toBeNull();
    expect(statuses, a.text.slice(0, 300)).toContain(a.status);
    expect(a.text.length).toBeGreaterThan(a.text.indexOf("\r\n\r\n") + 20);
  };
  const expectAlive = async () => {
    expect(trame.alive(), trame.output().slice(-2000)).toBe(true);
    expect((await fetch(`${trame.url}/`)).status).toBe(200);
  };

  beforeAll(async () => {
    trame = await startTrameProcess(kind, {
      TRAME_ORGANISER_EMAIL: ORGANISER.email,
      TRAME_ORGANISER_PASSWORD: ORGANISER.password,
      LOG_LEVEL: "info",
    });
    const signedIn = await fetch(`${trame.url}/connexion`, {
      method: "POST",
      body: new URLSearchParams({ ...ORGANISER, intent: "password" }),
      headers: { origin: trame.url },
      redirect: "manual",
    });
    cookie = signedIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(cookie).toContain("session_token");
    const created = await fetch(`${trame.url}/appels/ptce-emploi-2015/candidater`, {
      method: "POST",
      body: new URLSearchParams({ intent: "create", name: "PTCE Robuste" }),
      headers: { origin: trame.url, cookie },
      redirect: "manual",
    });
    dossierPath = created.headers.get("location")!;
    expect(dossierPath).toMatch(/^\/dossiers\/[0-9a-f-]{36}$/);
  }, 90_000);
  afterAll(async () => trame?.stop());

  it("answers a multipart upload without its closing boundary with a 400, and keeps serving (the reported crash)", async () => {
    for (const target of [`${dossierPath}/fichiers`, `/dossiers/${randomUUID()}/fichiers`]) {
      const body = multipart(
        "XyZ",
        [
          { name: "fieldKey", data: "enriching_documents" },
          { name: "file", filename: "a.pdf", data: "%PDF-1.4 tronqué" },
        ],
        false,
      );
      const a = await send(
        "POST",
        target,
        { "Content-Type": "multipart/form-data; boundary=XyZ", "Content-Length": body.length, Accept: "application/json" },
        body,
      );
      expectRefusal(a, [400]);
      expect(a.text).toContain("interrompu ou est mal formé");
      await expectAlive();
    }
  });

  it("refuses malformed uploads: no boundary, garbage, lying lengths, thousands of fields, invalid UTF-8 names", async () => {
    const path = `${dossierPath}/fichiers`;
    expectRefusal(
      await send("POST", path, { "Content-Type": "multipart/form-data", "Content-Length": 5, Accept: "application/json" }, "abcde"),
      [400],
    );
    expectRefusal(
      await send(
        "POST",
        path,
        { "Content-Type": "multipart/form-data; boundary=b", "Content-Length": 64, Accept: "application/json" },
        Buffer.alloc(64, 0xff),
      ),
      [400],
    );
    const many = multipart(
      "m",
      Array.from({ length: 3000 }, (_, i) => ({ name: `f${i}`, data: "x" })),
    );
    expectRefusal(
      await send(
        "POST",
        path,
        { "Content-Type": "multipart/form-data; boundary=m", "Content-Length": many.length, Accept: "application/json" },
        many,
      ),
      [400],
    );
    const badName = multipart("n", [
      { name: "fieldKey", data: "enriching_documents" },
      { name: "file", filename: "\xff\xfe.pdf", data: Buffer.from([0xc3, 0x28, 0xa0, 0xa1]) },
    ]);
    expectRefusal(
      await send(
        "POST",
        path,
        { "Content-Type": "multipart/form-data; boundary=n", "Content-Length": badName.length, Accept: "application/json" },
        badName,
      ),
      [400, 415],
    );
    // A body shorter than its announced length, then the client hangs up: nobody to answer, nothing breaks.
    await send(
      "POST",
      path,
      { "Content-Type": "multipart/form-data; boundary=XyZ", "Content-Length": 100_000 },
      multipart("XyZ", [{ name: "file", filename: "a.pdf", data: "%PDF" }], false),
      { endAfterWrite: true, waitMs: 500 },
    );
    await expectAlive();
  });

  it("refuses page posts that are not forms, are truncated, oversized, chunked or lying, with a message", async () => {
    const section = `${dossierPath}/parties/partie2`;
    for (const path of [section, "/connexion", "/organisations/nouvelle"]) {
      const json = await send("POST", path, { "Content-Type": "application/json", "Content-Length": 13 }, '{"intent":"x"}'.slice(0, 13));
      expectRefusal(json, [415]);
      expect(json.text).toContain("attend un formulaire");
      const truncated = multipart("T", [{ name: "intent", data: "save" }], false);
      const t = await send(
        "POST",
        path,
        { "Content-Type": "multipart/form-data; boundary=T", "Content-Length": truncated.length },
        truncated,
      );
      expectRefusal(t, [400]);
      expect(t.text).toContain("n’a pas pu être lu");
      expectRefusal(
        await send(
          "POST",
          path,
          { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
          "5\r\nintent\r\n0\r\n\r\n",
        ),
        [411],
      );
      // Larger than any page's cap (a dossier's part takes two files' worth).
      const big = await send(
        "POST",
        path,
        { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": 60 * 1024 * 1024 },
        "a=b",
        { endAfterWrite: false, waitMs: 2000 },
      );
      expectRefusal(big, [413]);
      expect(big.text).toContain("trop volumineux");
      // Thousands of fields and invalid UTF-8 are read as a form: whatever the page says, never a 5xx.
      const fields = Array.from({ length: 20_000 }, (_, i) => `k${i}=v`).join("&");
      const f = await send("POST", path, { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": fields.length }, fields);
      expect(f.status).not.toBeNull();
      expect(f.status!).toBeLessThan(500);
      const invalid = Buffer.concat([
        Buffer.from("email="),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from("&intent=save&f.q1_issues=%FF%FE"),
      ]);
      const u = await send(
        "POST",
        path,
        { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": invalid.length },
        invalid,
      );
      expect(u.status).not.toBeNull();
      expect(u.status!).toBeLessThan(500);
      // Lying lengths: longer than the body (then the client hangs up), and shorter (the rest is garbage).
      await send("POST", path, { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": 5000 }, "intent=save", {
        endAfterWrite: true,
        waitMs: 500,
      });
      const short = await send(
        "POST",
        path,
        { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": 3 },
        "intent=save&x=yyyyyyyyyyyyyyyyyyy",
      );
      expect(short.status === null || short.status < 500).toBe(true);
      await expectAlive();
    }
  });

  it("answers oversized, malformed and flooding autosaves with a message", async () => {
    const path = `/api${dossierPath}/answers`;
    const big = await send(
      "POST",
      path,
      { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": 3 * 1024 * 1024 },
      Buffer.alloc(3 * 1024 * 1024, 0x61),
    );
    expectRefusal(big, [413]);
    expect(big.text).toContain("trop volumineux");
    const invalid = Buffer.concat([Buffer.from("_fields=ptce_name&v.ptce_name=0&f.ptce_name="), Buffer.from([0xc3, 0x28, 0xff, 0xfe])]);
    const u = await send("POST", path, { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": invalid.length }, invalid);
    expect(u.status).toBe(200);
    const many =
      Array.from({ length: 5000 }, (_, i) => `f.k${i}=v`).join("&") +
      "&_fields=" +
      Array.from({ length: 5000 }, (_, i) => `k${i}`).join(",");
    expectRefusal(
      await send("POST", path, { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": many.length }, many),
      [400],
    );
    expectRefusal(await send("POST", path, { "Content-Type": "application/json", "Content-Length": 9 }, '{"a":"b"}'), [400]);
    await send("POST", path, { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": 10_000 }, "_fields=ptce_name", {
      endAfterWrite: true,
      waitMs: 500,
    });
    await expectAlive();
  });

  it("refuses huge headers with 431", async () => {
    const a = await rawRequest(trame.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${"a".repeat(40_000)}\r\n\r\n`);
    expect(a.status).toBe(431);
    await expectAlive();
  });

  it("survives a seeded fuzz of broken multipart bodies on the three kinds of endpoint", async () => {
    const random = prng(kind === "sqlite" ? 8 : 9);
    const valid = multipart("FuZz", [
      { name: "fieldKey", data: "enriching_documents" },
      { name: "intent", data: "save" },
      { name: "file", filename: "budget.pdf", data: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF") },
    ]);
    const targets = [`${dossierPath}/fichiers`, `${dossierPath}/parties/partie2`, `/api${dossierPath}/answers`];
    const statuses = new Map<number | null, number>();
    for (let i = 0; i < 45; i++) {
      let body = Buffer.from(valid);
      const cut = Math.floor(random() * body.length);
      switch (i % 3) {
        case 0:
          body = body.subarray(0, cut); // truncated anywhere
          break;
        case 1:
          for (let k = 0; k < 8; k++) body[Math.floor(random() * body.length)] = Math.floor(random() * 256); // flipped bytes
          break;
        default:
          body = Buffer.concat([
            body.subarray(0, cut),
            Buffer.from('\r\n--FuZz\r\nContent-Disposition: form-data; name="\xff"\r\n\r\n'),
            body.subarray(cut),
          ]); // a broken part inserted
      }
      const target = targets[i % targets.length];
      const a = await send(
        "POST",
        target,
        { "Content-Type": "multipart/form-data; boundary=FuZz", "Content-Length": body.length, Accept: "application/json" },
        body,
      );
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      expect(a.status === null || a.status < 500, `case ${i} on ${target}: ${a.text.slice(0, 200)}`).toBe(true);
      expect(trame.alive(), `case ${i}: ${trame.output().slice(-1500)}`).toBe(true);
    }
    // The fuzz reached the parsers: most cases were answered as refusals, not silently dropped.
    const answered = [...statuses.entries()].filter(([s]) => s !== null).reduce((n, [, c]) => n + c, 0);
    expect(answered).toBeGreaterThan(35);
    await expectAlive();
  });

  it("serves static files with nosniff and a policy, and never writes the organiser's password to its log", async () => {
    const html = await (await fetch(`${trame.url}/`)).text();
    const asset = /\/assets\/[^"]+\.js/.exec(html)![0];
    const res = await fetch(`${trame.url}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const icon = await fetch(`${trame.url}/favicon.svg`);
    expect(icon.headers.get("x-content-type-options")).toBe("nosniff");
    expect(icon.status).toBe(200);
    expect(icon.headers.get("cache-control")).toContain("max-age=3600");
    // Only the root's own files are looked for on disk; any other address is the application's (a 404 page).
    const missing = await fetch(`${trame.url}/favicon.svg.bak`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("text/html");
    // The route manifest comes whole in one cached file the page imports (ADR 039), not inlined page by page.
    const manifest = /\/assets\/manifest-[^"]+\.js/.exec(html)?.[0];
    expect(manifest).toBeDefined();
    expect((await fetch(`${trame.url}${manifest}`)).status).toBe(200);
    expect(html).not.toContain("__reactRouterManifest");
    expect(trame.output()).toContain("organiser account created");
    expect(trame.output()).toContain("production mode");
    // Started as production starts it: V8's heap capped (ADR 037), not sized by the machine's memory.
    const heapLimit = Number(/heap limit (\d+) MiB/.exec(trame.output())?.[1]);
    expect(heapLimit).toBeGreaterThan(200);
    expect(heapLimit).toBeLessThan(400);
    expect(trame.output()).not.toContain(ORGANISER.password);
  });
});
