// Several app servers (issue 11): two Trame processes, started as `npm start` starts one, on one
// PostgreSQL database and one S3-protocol server, behind a small proxy that sends each request to the
// next server in turn. The applicant's journey, an upload and its download, a sign-out, the queued jobs
// and the periodic tasks all cross both servers: nothing that must be shared stays in one process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, request, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { configFromEnv } from "../../app/config.server";
import { startServices, type Services } from "../../app/services.server";
import { loadAnswers, saveAnswers } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { enqueue } from "../../app/jobs/queue.server";
import { createTestDatabase } from "../support/postgres";
import { startS3, type RunningS3 } from "../support/s3";
import { freePort } from "../support/server";
import { startTrameProcesses, type TrameProcess } from "../support/process";
import { createVerifiedUser } from "../support/services";
import { asChanges, completeAnswers, SAMPLE_PDF } from "../support/fixtures";

/** A round-robin proxy: request n goes to server n mod 2; the answer says which one served it. */
function startProxy(port: number, upstreams: () => number[]): Promise<{ server: Server; served: number[] }> {
  const served: number[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const ports = upstreams();
    const i = next++ % ports.length;
    served.push(i);
    const upstream = request(
      {
        host: "127.0.0.1",
        port: ports[i],
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-for": "203.0.113.7" },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, "x-served-by": String(i) });
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve({ server, served })));
}

describe("two app servers on one PostgreSQL database and one S3 server", () => {
  let s3: RunningS3;
  let pgdb: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: Services;
  let adminDir: string;
  let servers: TrameProcess[] = [];
  let proxy: { server: Server; served: number[] };
  let url: string;
  let user: { id: string; email: string; password: string };
  let cookie = "";
  let dossierId = "";
  const secret = randomBytes(32).toString("base64url");

  const via = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      redirect: "manual",
      ...init,
      headers: { origin: url, ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    });
  /** Straight to one server, around the proxy. */
  const direct = (i: number, path: string, init: RequestInit = {}) =>
    fetch(`${servers[i].url}${path}`, {
      redirect: "manual",
      ...init,
      headers: { origin: url, ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    });

  beforeAll(async () => {
    s3 = await startS3();
    pgdb = await createTestDatabase();
    const proxyPort = await freePort();
    url = `http://127.0.0.1:${proxyPort}`;
    const shared = {
      DATABASE_URL: pgdb.url,
      APP_URL: url,
      TRAME_SECRET: secret,
      ...s3.env,
      LOG_LEVEL: "warn",
      TRAME_TRUSTED_PROXIES: "loopback",
    };
    // The tests' own view of the shared database and bucket (no worker): it migrates first, then seeds.
    adminDir = mkdtempSync(join(tmpdir(), "trame-two-admin-"));
    admin = await startServices(configFromEnv({ ...shared, TRAME_DATA_DIR: adminDir, TRAME_WORKER: "0" }), { quiet: true });
    servers = await startTrameProcesses(2, "sqlite", { ...shared, TRAME_PERIODIC_MS: "1000" });
    proxy = await startProxy(proxyPort, () => servers.map((s) => s.port));
    user = await createVerifiedUser(admin, "Camille Martin");
  });

  afterAll(async () => {
    proxy?.server.close();
    await Promise.all(servers.map((s) => s.stop()));
    await admin?.stop();
    await pgdb?.drop();
    await s3?.close();
    rmSync(adminDir, { recursive: true, force: true });
  });

  it("signs in on one server and is known on the other", async () => {
    const signIn = await via("/connexion", {
      method: "POST",
      body: new URLSearchParams({ email: user.email, password: user.password, redirectTo: "/espace" }),
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe("/espace");
    cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(cookie).toContain("session_token");
    for (const i of [0, 1]) {
      const page = await direct(i, "/espace");
      expect(page.status, `server ${i}`).toBe(200);
      expect(await page.text()).toContain("Camille Martin");
    }
  });

  it("starts a dossier, saves, uploads on one server and reads it all back from the other", async () => {
    const created = await via("/appels/ptce-emploi-2015/candidater", {
      method: "POST",
      body: new URLSearchParams({ intent: "create", name: "PTCE du Grand Figeac" }),
    });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toMatch(/^\/dossiers\/[0-9a-f-]{36}$/);
    dossierId = created.headers.get("location")!.split("/").pop()!;
    // Most answers through the domain (their HTML encoding is the pages' tests' business), one by autosave.
    const current = await loadAnswers(admin.db, dossierId);
    const changes = asChanges(completeAnswers())
      .filter((c) => c.key !== "ptce_name")
      .map((c) => ({ ...c, baseVersion: current[c.key]?.version ?? 0 }));
    await saveAnswers(admin.db, { dossier: await dossierForMember(admin.db, user.id, dossierId), userId: user.id, changes });
    const saved = await via(`/api/dossiers/${dossierId}/answers`, {
      method: "POST",
      body: new URLSearchParams({ _fields: "ptce_name", "f.ptce_name": "PTCE du Grand Figeac", "v.ptce_name": "0" }),
    });
    expect(saved.status).toBe(200);
    const savedBy = Number(saved.headers.get("x-served-by"));
    const page = await direct(1 - savedBy, `/dossiers/${dossierId}/parties/identite`);
    expect(await page.text()).toContain("PTCE du Grand Figeac");

    const form = new FormData();
    form.set("fieldKey", "enriching_documents");
    form.set("file", new Blob([new Uint8Array(SAMPLE_PDF)]), "plaquette.pdf");
    const up = await via(`/dossiers/${dossierId}/fichiers`, { method: "POST", body: form, headers: { accept: "application/json" } });
    expect(up.status).toBe(200);
    const fileId = ((await up.json()) as { id: string }).id;
    const uploadedBy = Number(up.headers.get("x-served-by"));
    const back = await direct(1 - uploadedBy, `/dossiers/${dossierId}/fichiers/${fileId}`);
    expect(back.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await back.arrayBuffer()), SAMPLE_PDF)).toBe(0);
    // The file is in the bucket, not on either server's disk.
    const row = await admin.db.selectFrom("attachment").select("storage_key").where("id", "=", fileId).executeTakeFirstOrThrow();
    expect(Buffer.compare(await admin.storage.get(row.storage_key), SAMPLE_PDF)).toBe(0);
  });

  it("submits once under a double click sent to both servers, and the receipt is sent once", async () => {
    const body = () => new URLSearchParams({ intent: "submit", confirm: "yes" });
    // Through the proxy (a page's form is posted with the Host the browser saw): one click to each server.
    const [a, b] = await Promise.all([
      via(`/dossiers/${dossierId}`, { method: "POST", body: body() }),
      via(`/dossiers/${dossierId}`, { method: "POST", body: body() }),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(new Set([a.headers.get("x-served-by"), b.headers.get("x-served-by")]).size).toBe(2);
    const subs = await admin.db.selectFrom("submission").select("id").where("dossier_id", "=", dossierId).execute();
    expect(subs).toHaveLength(1);
    // Either server's worker sends it; never both.
    let receipts: { to_addr: string }[] = [];
    for (let i = 0; i < 100 && receipts.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      receipts = await admin.db.selectFrom("email").select("to_addr").where("subject", "like", "Accusé de dépôt%").execute();
    }
    await new Promise((r) => setTimeout(r, 1500));
    receipts = await admin.db.selectFrom("email").select("to_addr").where("subject", "like", "Accusé de dépôt%").execute();
    expect(receipts.map((r) => r.to_addr)).toEqual([user.email]);
    // Its PDF, made by one server, is served by both.
    for (const i of [0, 1]) {
      const pdf = await direct(i, `/dossiers/${dossierId}/depots/${subs[0].id}/pdf`);
      expect(pdf.status).toBe(200);
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
    }
  });

  it("claims each queued job once across both servers' workers", async () => {
    const n = 30;
    for (let i = 0; i < n; i++) await enqueue(admin.db, "send-mail", { to: `job${i}@example.org`, subject: `Tâche ${i}`, text: "Bonjour" });
    let done = 0;
    for (let i = 0; i < 150 && done < n; i++) {
      await new Promise((r) => setTimeout(r, 200));
      done = Number(
        (
          await admin.db
            .selectFrom("job")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("type", "=", "send-mail")
            .where("status", "=", "done")
            .where("payload_json", "like", "%job%@example.org%")
            .executeTakeFirstOrThrow()
        ).n,
      );
    }
    expect(done).toBe(n);
    const mails = await admin.db.selectFrom("email").select("to_addr").where("subject", "like", "Tâche %").execute();
    expect(mails).toHaveLength(n);
    expect(new Set(mails.map((m) => m.to_addr)).size).toBe(n);
  });

  it("runs each periodic task once per slot, whatever the number of servers", async () => {
    // Periods of one second here (TRAME_PERIODIC_MS): a few seconds give several slots.
    await new Promise((r) => setTimeout(r, 3500));
    const runs = async (i: number) => {
      const text = await (await fetch(`${servers[i].url}/metrics`)).text();
      return Number(/trame_periodic_runs_total\{task="clean-up"\} (\d+)/.exec(text)?.[1] ?? 0);
    };
    const claims = () => admin.db.selectFrom("schedule_claim").select(["slot", "claimed_by"]).where("task", "=", "clean-up").execute();
    // Every run claimed its slot, and no slot ran twice: the runs counted by both servers add up to the
    // slots claimed, read before and after the metrics (a slot may start in between). A run is counted
    // when it ends, so a slot claimed and still running is not counted yet: read again until no run was
    // under way across the reading (at most a few seconds; a slot claimed and never run would never add up).
    let reading = { before: 0, runs: 0, after: 0 };
    for (let i = 0; i < 50; i++) {
      const before = (await claims()).length;
      const n = (await runs(0)) + (await runs(1));
      const after = await claims();
      expect(n).toBeLessThanOrEqual(after.length);
      expect(new Set(after.map((c) => c.slot)).size).toBe(after.length);
      reading = { before, runs: n, after: after.length };
      if (n >= before) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(reading.before).toBeGreaterThanOrEqual(2);
    expect(reading.runs).toBeGreaterThanOrEqual(reading.before);
  });

  it("a sign-out on one server ends the session on both within a second", async () => {
    // A fresh session, so that both servers have just cached it (they keep it ten seconds)…
    const signIn = await via("/connexion", {
      method: "POST",
      body: new URLSearchParams({ email: user.email, password: user.password, redirectTo: "/espace" }),
    });
    cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    for (const i of [0, 1]) expect((await direct(i, `/dossiers/${dossierId}`)).status).toBe(200);
    const out = await via("/deconnexion", { method: "POST", body: new URLSearchParams({}) });
    expect(out.status).toBe(303);
    await new Promise((r) => setTimeout(r, 1000));
    // …and within a second neither serves it any more: the page asks to sign in.
    for (const i of [0, 1]) {
      const page = await direct(i, `/dossiers/${dossierId}`);
      expect(page.status, `server ${i}`).toBe(302);
      expect(page.headers.get("location")).toMatch(/^\/connexion/);
    }
  });

  it("spread the requests over both servers, both still alive", () => {
    expect(new Set(proxy.served)).toEqual(new Set([0, 1]));
    expect(servers.every((s) => s.alive())).toBe(true);
  });
});
