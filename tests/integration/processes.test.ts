// Several app processes on one machine (TRAME_PROCESSES, issue 11, ADR 042): `npm start` with two app
// processes sharing the port, on the embedded SQLite file and on PostgreSQL. Applicants save and submit
// at once through both processes, and nothing is lost or refused; a sign-out holds on both; /metrics
// sums both; a process that ends is replaced, SIGHUP replaces them all without a refused request, and
// SIGTERM stops them all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { get as httpGet } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { SERVER_NODE_ARGS } from "../../server/node-args";
import { configFromEnv } from "../../app/config.server";
import { startServices, type Services } from "../../app/services.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { loadAnswers, openOrCreateDossier, saveAnswers } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { createTestDatabase } from "../support/postgres";
import { childPids, startTrameProcess, type TrameProcess } from "../support/process";
import { DATABASES } from "../support/services";
import { createVerifiedUser } from "../support/services";
import { defaultCall } from "../support/dossiers";
import { asChanges, completeAnswers } from "../support/fixtures";

/** A GET on a connection of its own (the primary hands out connections, not requests). */
function onNewConnection(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    }).on("error", reject);
  });
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, f: () => T | Promise<T>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(100);
  }
}

describe.each(DATABASES)("two app processes sharing the port (%s)", (kind) => {
  let admin: Services;
  let dataDir: string;
  let pgdb: Awaited<ReturnType<typeof createTestDatabase>> | null = null;
  let app: TrameProcess;
  const secret = randomBytes(32).toString("base64url");
  const applicants: { cookie: string; dossierId: string; email: string; password: string }[] = [];

  const get = (path: string, cookie = "") => fetch(`${app.url}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const post = (path: string, body: Record<string, string>, cookie = "") =>
    fetch(`${app.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: app.url, ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(body),
    });
  const signIn = async (email: string, password: string) => {
    const r = await post("/connexion", { email, password, redirectTo: "/espace" });
    expect(r.status).toBe(303);
    return r.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "trame-processes-"));
    pgdb = kind === "postgres" ? await createTestDatabase() : null;
    const shared = { TRAME_DATA_DIR: dataDir, TRAME_SECRET: secret, LOG_LEVEL: "warn", ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) };
    // The tests' own view of the same database (no worker): it migrates and seeds, then makes the applicants.
    admin = await startServices(configFromEnv({ ...shared, TRAME_WORKER: "0" }), { quiet: true });
    const call = await defaultCall(admin);
    for (let i = 0; i < 8; i++) {
      const owner = await createVerifiedUser(admin, `Porteuse ${i}`);
      const org = await createOrganisation(admin.db, { name: `Association ${i}`, userId: owner.id });
      const dossierId = await openOrCreateDossier(admin.db, { call, organizationId: org, userId: owner.id });
      await saveAnswers(admin.db, {
        dossier: await dossierForMember(admin.db, owner.id, dossierId),
        userId: owner.id,
        changes: asChanges({ ...completeAnswers(), ptce_name: `PTCE n° ${i}` }),
      });
      applicants.push({ cookie: "", dossierId, email: owner.email, password: owner.password });
    }
    // The database is the one above (DATABASE_URL in `shared`), not a new one of startTrameProcess's own.
    app = await startTrameProcess("sqlite", { ...shared, TRAME_PROCESSES: "2", TRAME_PERIODIC_MS: "1000" });
    await until("the second process", () => app.output().includes("process 2 of 2"), 60_000);
    for (const a of applicants) a.cookie = await signIn(a.email, a.password);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await admin?.stop();
    await pgdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves from both processes, and /metrics gives their sum", async () => {
    expect(childPids(app.child.pid!)).toHaveLength(2);
    const answered = new Set<string>();
    for (let i = 0; i < 6; i++) answered.add(JSON.parse((await onNewConnection(`${app.url}/healthz`)).body).process);
    expect([...answered].sort()).toEqual(["1/2", "2/2"]);
    const n = 12;
    for (let i = 0; i < n; i++) expect((await onNewConnection(`${app.url}/appels/ptce-emploi-2015`)).status).toBe(200);
    const text = await (await get("/metrics")).text();
    const served = Number(
      /^trame_http_requests_total\{route="\/appels\/ptce-emploi-2015",method="GET",status="200"\} (\d+)$/m.exec(text)?.[1],
    );
    expect(served).toBe(n);
    // The queue's figures are the database's, once (not summed over the processes).
    expect(text.match(/^trame_jobs\{status="pending"\}/gm)).toHaveLength(1);
  });

  it("takes applicants' autosaves and submissions at once across both, losing and refusing none", async () => {
    const rounds = 6;
    const statuses: number[] = [];
    await Promise.all(
      applicants.map(async (a, i) => {
        let version = (await loadAnswers(admin.db, a.dossierId)).q4_projects.version;
        for (let r = 0; r < rounds; r++) {
          const res = await post(
            `/api/dossiers/${a.dossierId}/answers`,
            { _fields: "q4_projects", "f.q4_projects": `Projets n° ${i}, version ${r}`, "v.q4_projects": String(version) },
            a.cookie,
          );
          statuses.push(res.status);
          version = ((await res.json()) as { results: { version: number }[] }).results[0].version;
        }
        // A double click on « Déposer »: both clicks at once, one submission.
        const clicks = await Promise.all(
          [0, 1].map(() => post(`/dossiers/${a.dossierId}`, { intent: "submit", confirm: "yes" }, a.cookie)),
        );
        statuses.push(...clicks.map((c) => c.status));
      }),
    );
    expect(statuses.filter((s) => s !== 200 && s !== 303)).toEqual([]);
    for (const [i, a] of applicants.entries()) {
      const answers = await loadAnswers(admin.db, a.dossierId);
      expect(answers.q4_projects.value).toBe(`Projets n° ${i}, version ${rounds - 1}`);
      const subs = await admin.db
        .selectFrom("submission")
        .select(["number", "answers_json"])
        .where("dossier_id", "=", a.dossierId)
        .execute();
      expect(subs).toHaveLength(1);
      expect(JSON.parse(subs[0].answers_json).q4_projects).toBe(`Projets n° ${i}, version ${rounds - 1}`);
    }
    // Shown whole when there is one, so that a failure says which error it was.
    expect(
      app
        .output()
        .split("\n")
        .filter((line) => /database is locked|SQLITE_BUSY|"level":50/.test(line)),
    ).toEqual([]);
  });

  it("ends a session on both processes within a second of a sign-out", async () => {
    const a = applicants[0];
    const cookie = await signIn(a.email, a.password);
    // Both processes serve it (and keep it in their session cache)…
    for (let i = 0; i < 6; i++) expect((await get("/espace", cookie)).status).toBe(200);
    expect((await post("/deconnexion", {}, cookie)).status).toBe(303);
    await pause(1000);
    // …and neither does any more.
    for (let i = 0; i < 6; i++) {
      const page = await get("/espace", cookie);
      expect(page.status).toBe(302);
      expect(page.headers.get("location")).toMatch(/^\/connexion/);
    }
  });

  it("replaces a process that ends, and replaces all on SIGHUP without refusing a request", async () => {
    const [first, second] = childPids(app.child.pid!);
    process.kill(second, "SIGKILL");
    // The other one serves meanwhile.
    expect((await get("/appels/ptce-emploi-2015")).status).toBe(200);
    const replaced = await until("a new process", () => {
      const now = childPids(app.child.pid!);
      return now.length === 2 && !now.includes(second) ? now : null;
    });
    expect(replaced).toContain(first);
    await until("the new process serving", () => app.output().split("process 2 of 2").length > 2, 30_000);

    // SIGHUP while requests keep coming: each old process is replaced by a new one that serves first.
    const old = childPids(app.child.pid!);
    let going = true;
    const answers: number[] = [];
    // A request sent on a kept connection at the moment a stopping process closes it idle fails at the
    // socket, before any answer. Browsers and proxies send such a request again on a new connection
    // (RFC 9112 §9.3.1), and so does this client, once. A refused connection is never retried.
    const resets: string[] = [];
    const once = () =>
      get("/appels/ptce-emploi-2015").then(
        (r) => ({ status: r.status, code: "" }),
        (e: { cause?: { code?: string } }) => ({ status: 0, code: e.cause?.code ?? "unknown" }),
      );
    const load = (async () => {
      while (going) {
        let r = await once();
        if (r.status === 0 && r.code !== "ECONNREFUSED") {
          resets.push(r.code);
          if (resets.length <= 2) r = await once();
        }
        answers.push(r.status);
      }
    })();
    process.kill(app.child.pid!, "SIGHUP");
    await until("both processes replaced", () => app.output().includes("app processes replaced"), 60_000);
    going = false;
    await load;
    const now = childPids(app.child.pid!);
    expect(now).toHaveLength(2);
    expect(now.filter((p) => old.includes(p))).toEqual([]);
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((s) => s !== 200)).toEqual([]);
    // At most two connections closed idle under a request; two replacements close each process's own.
    expect(resets.length).toBeLessThanOrEqual(2);
  }, 120_000);

  it("stops every process on SIGTERM, the primary last, exiting 0", async () => {
    const pids = childPids(app.child.pid!);
    // "close", not "exit": a child's "exit" may come before the last of what it wrote has been read from its pipes.
    const exited = new Promise<number | null>((r) => app.child.once("close", (code) => r(code)));
    app.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    for (const p of pids) expect(() => process.kill(p, 0)).toThrow();
    expect(app.output()).toContain('"msg":"stopped"');
  });
});

describe("TRAME_PROCESSES", () => {
  it("refuses a value that is not a number of processes, saying what it takes", async () => {
    const child = spawn(process.execPath, [...SERVER_NODE_ARGS, "server/start.js"], {
      env: { PATH: process.env.PATH, TRAME_PROCESSES: "deux" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    const code = await new Promise((r) => child.once("close", r));
    expect(code).toBe(2);
    expect(out).toContain("TRAME_PROCESSES");
    expect(out).toContain("un nombre entier de 1 à 64, ou « auto »");
  });
});
