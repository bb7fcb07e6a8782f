// npm run bench — builds Trame, starts it on SQLite and on PostgreSQL with 10,000 seeded dossiers, and
// measures with autocannon on 127.0.0.1, at 50 concurrent connections, each signed in as its own user:
//   1. autosave of one answer (POST /api/dossiers/:id/answers, version-checked write), and beside it the
//      bare-Node reference (Node's http + the driver updating one row, scripts/bench-reference.ts) on the
//      same database in the same run: the ratio is the figure to compare from run to run;
//   2. dossier submission (POST /dossiers/:id, the no-JavaScript form, answered by a 303).
//   3. (scripts/bench-instruction.ts) growth: the organiser's list, search, submission and the XLSX export
//      at 5,000, 20,000 and 50,000 submitted dossiers, with a bare-Node filtered list as reference.
// Prints requests/s, p50/p99 latency and the server's peak RSS. No threshold is asserted.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { completeAnswers } from "../tests/support/fixtures";
import { createTestDatabase } from "../tests/support/postgres";
import {
  memoryNow,
  measureLoad,
  peakRssMiB,
  PROCESSES,
  procStatusMiB,
  startReference,
  startServer,
  WARM_UP_SECONDS,
} from "./bench-support";

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 10_000);
const CONNECTIONS = 50;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

type Row = Record<string, unknown>;
interface Sink {
  insert(table: string, rows: Row[]): Promise<void>;
  one(sql: string): Promise<Row>;
  close(): Promise<void>;
}

function sqliteSink(file: string): Sink {
  const db = new Database(file);
  db.pragma("busy_timeout = 10000");
  return {
    async insert(table, rows) {
      if (!rows.length) return;
      const cols = Object.keys(rows[0]);
      const stmt = db.prepare(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(",")}) values (${cols.map(() => "?").join(",")})`);
      db.transaction(() => rows.forEach((r) => stmt.run(...cols.map((c) => (typeof r[c] === "boolean" ? (r[c] ? 1 : 0) : r[c])))))();
    },
    async one(sql) {
      return db.prepare(sql).get() as Row;
    },
    async close() {
      db.close();
    },
  };
}

function pgSink(url: string): Sink {
  const pool = new pg.Pool({ connectionString: url });
  return {
    async insert(table, rows) {
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        const cols = Object.keys(chunk[0]);
        const params: unknown[] = [];
        const values = chunk.map((r) => `(${cols.map((c) => (params.push(r[c]), `$${params.length}`)).join(",")})`);
        await pool.query(`insert into "${table}" (${cols.map((c) => `"${c}"`).join(",")}) values ${values.join(",")}`, params);
      }
    },
    async one(sql) {
      return (await pool.query(sql)).rows[0];
    },
    async close() {
      await pool.end();
    },
  };
}

/** Seeds users with sessions, organisations and complete draft dossiers; returns what each connection uses. */
async function seed(sink: Sink, kind: "sqlite" | "postgres") {
  const call = await sink.one(`select id, current_form_version_id from "call" where slug = 'ptce-emploi-2015'`);
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 7 * 86400000).toISOString();
  const users = Array.from({ length: CONNECTIONS }, (_, i) => ({ id: randomUUID(), token: randomBytes(24).toString("base64url"), i }));
  await sink.insert(
    "user",
    users.map((u) => ({
      id: u.id,
      name: `Bench ${u.i}`,
      email: `bench${u.i}@example.org`,
      emailVerified: kind === "postgres" ? true : 1,
      createdAt: now,
      updatedAt: now,
      role: "applicant",
      locale: "fr",
    })),
  );
  await sink.insert(
    "session",
    users.map((u) => ({ id: randomUUID(), token: u.token, userId: u.id, expiresAt: expires, createdAt: now, updatedAt: now })),
  );
  const answers = completeAnswers();
  const perUser: string[][] = users.map(() => []);
  const orgs: Row[] = [];
  const members: Row[] = [];
  const dossiers: Row[] = [];
  let answerRows: Row[] = [];
  for (let n = 0; n < DOSSIERS; n++) {
    const owner = users[n % CONNECTIONS];
    const orgId = randomUUID();
    const dossierId = randomUUID();
    orgs.push({ id: orgId, name: `PTCE n° ${n}`, created_by: owner.id, created_at: now });
    members.push({ organization_id: orgId, user_id: owner.id, role: "owner", created_at: now });
    dossiers.push({
      id: dossierId,
      call_id: call.id,
      organization_id: orgId,
      form_version_id: call.current_form_version_id,
      state: "draft",
      lock_version: 0,
      submission_count: 0,
      last_submitted_at: null,
      created_by: owner.id,
      created_at: now,
      updated_at: now,
    });
    for (const [key, value] of Object.entries(answers))
      answerRows.push({
        dossier_id: dossierId,
        field_key: key,
        value_json: JSON.stringify(value),
        version: 1,
        updated_by: owner.id,
        updated_at: now,
      });
    perUser[n % CONNECTIONS].push(dossierId);
    if (answerRows.length > 20_000) {
      await flush();
    }
  }
  await flush();
  async function flush() {
    await sink.insert("organization", orgs.splice(0));
    await sink.insert("membership", members.splice(0));
    await sink.insert("dossier", dossiers.splice(0));
    await sink.insert("answer", answerRows);
    answerRows = [];
  }
  return users.map((u, i) => ({ cookie: `better-auth.session_token=${u.token}.bench`, dossiers: perUser[i] }));
}

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** Answers other than the expected one (200 JSON for autosave, 303 to the dossier page for submission); a saved conflict counts. */
  unexpected: number;
  errors: number;
}

async function run(
  name: string,
  url: string,
  users: { cookie: string; dossiers: string[] }[],
  mode: "autosave" | "submit",
): Promise<Result> {
  // autocannon resets a connection's context after each request, so the state lives here: the version
  // each user's answer is at (autosave), and the next dossier to submit (each submission is a new one).
  const versions = users.map(() => 1);
  // One autosave in flight per person, as the page sends them (the next waits for the answer): two saves
  // of one person's field from the same version would make the second a conflict, which no browser sends.
  const inFlight = users.map(() => false);
  let nextUser = 0;
  const expected = mode === "autosave" ? 200 : 303;
  let unexpected = 0;
  const queue = users.flatMap((u) => u.dossiers.map((d) => ({ cookie: u.cookie, dossier: d })));
  let next = 0;
  const r = await measureLoad({
    url,
    connections: CONNECTIONS,
    seconds: DURATION,
    requests: [
      {
        setupRequest: (req: Row, context: Row) => {
          const n = next++;
          const headers = { origin: url, "content-type": "application/x-www-form-urlencoded" };
          if (mode === "autosave") {
            // At most CONNECTIONS − 1 others are in flight when a connection sends again: one person is free
            // (unless a request failed without an answer; then the next person goes anyway).
            for (let tries = 0; tries < users.length && inFlight[nextUser % users.length]; tries++) nextUser++;
            const u = nextUser++ % users.length;
            inFlight[u] = true;
            context.user = u;
            const body = new URLSearchParams({
              _fields: "q4_projects",
              "f.q4_projects": `Projet révisé n° ${n} — « emploi »`,
              "v.q4_projects": String(versions[u]),
            });
            return {
              ...req,
              method: "POST",
              path: `/api/dossiers/${users[u].dossiers[0]}/answers`,
              headers: { ...headers, cookie: users[u].cookie },
              body: body.toString(),
            };
          }
          const item = queue[n % queue.length];
          return {
            ...req,
            method: "POST",
            path: `/dossiers/${item.dossier}`,
            headers: { ...headers, cookie: item.cookie },
            body: "intent=submit&confirm=yes",
          };
        },
        onResponse: (status: number, body: string, context: Row) => {
          if (status !== expected) unexpected++;
          if (mode === "autosave") {
            inFlight[context.user as number] = false;
            const result = status === 200 ? (JSON.parse(body) as { results: { version: number; status: string }[] }).results[0] : undefined;
            if (result?.status === "conflict") unexpected++;
            if (result?.version) versions[context.user as number] = Math.max(versions[context.user as number], result.version);
          }
        },
      },
    ],
  });
  return { name, rps: r.rps, p50: r.p50, p99: r.p99, unexpected, errors: r.errors };
}

async function benchOn(kind: "sqlite" | "postgres") {
  const dataDir = mkdtempSync(join(tmpdir(), `trame-bench-${kind}-`));
  const pgdb = kind === "postgres" ? await createTestDatabase() : null;
  const env: Record<string, string> = { TRAME_DATA_DIR: dataDir, ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) };
  const { proc, url } = await startServer(env, { profileDir: process.env.BENCH_PROFILE });
  const sink = kind === "sqlite" ? sqliteSink(join(dataDir, "trame.sqlite")) : pgSink(pgdb!.url);
  const t0 = Date.now();
  const users = await seed(sink, kind);
  console.log(`[${kind}] seeded ${DOSSIERS} dossiers in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const results: (Result & { rssMiB: number })[] = [];
  for (const mode of scenarios.filter((s) => s === "autosave" || s === "submit") as ("autosave" | "submit")[]) {
    const r = await run(mode, url, users, mode);
    results.push({ ...r, rssMiB: peakRssMiB(proc.pid!) });
    const m = await memoryNow(url);
    console.log(
      `[${kind}] after ${mode}: RSS ${m.rss} MiB now (peak ${peakRssMiB(proc.pid!)}; ${procStatusMiB(proc.pid!, "RssAnon")} anonymous, ${procStatusMiB(proc.pid!, "RssFile")} files), JavaScript heap ${m.heapUsed} MiB used of ${m.heapTotal} reserved, ${m.external} MiB outside the heap`,
    );
    if (mode === "autosave") {
      const written = await sink.one(`select count(*) as n from answer_revision`);
      console.log(`[${kind}] autosave wrote ${written.n} answer versions`);
      // The bare ceiling, measured now on the same database with the same requests.
      const ref = await startReference("autosave", pgdb ? pgdb.url : join(dataDir, "trame.sqlite"));
      const rr = await run("bare autosave", ref.url, users, "autosave");
      results.push({ ...rr, rssMiB: peakRssMiB(ref.pid) });
      await ref.stop();
    } else {
      const subs = await sink.one(`select count(*) as n from submission`);
      console.log(`[${kind}] ${subs.n} submissions recorded`);
    }
  }
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  await sink.close();
  // BENCH_KEEP=1 keeps the seeded data (for a profiler or a closer look): its folder is printed.
  if (process.env.BENCH_KEEP === "1")
    console.log(`[${kind}] data kept: TRAME_DATA_DIR=${dataDir}${pgdb ? ` DATABASE_URL=${pgdb.url}` : ""}`);
  else {
    await pgdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results.map((r) => ({ db: kind, ...r }));
}

const build = spawnSync(process.execPath, ["node_modules/@react-router/dev/bin.js", "build"], { stdio: "ignore" });
if (build.status !== 0) throw new Error("build failed");
const kinds = (process.env.BENCH_DB ?? "sqlite,postgres").split(",") as ("sqlite" | "postgres")[];
const scenarios = (process.env.BENCH_SCENARIOS ?? "autosave,submit,instruction").split(",");
const all = [];
if (scenarios.some((s) => s === "autosave" || s === "submit")) for (const kind of kinds) all.push(...(await benchOn(kind)));
console.log(
  `\n${CONNECTIONS} connections, ${DURATION} s per scenario after ${WARM_UP_SECONDS} s of warm-up, ${DOSSIERS} dossiers seeded, ${PROCESSES} app process${PROCESSES > 1 ? "es (TRAME_PROCESSES) for Trame and for the bare reference" : ""} (peak RSS of the server since start${PROCESSES > 1 ? ": the sum of its processes' peaks" : ""})`,
);
console.log("db        scenario        req/s    p50 ms  p99 ms  unexpected  errors  peak RSS MiB  of bare");
for (const r of all) {
  const bare = all.find((x) => x.db === r.db && x.name === `bare ${r.name}`);
  const ratio = bare?.rps ? `${Math.round((100 * r.rps) / bare.rps)} %` : "";
  console.log(
    `${r.db.padEnd(9)} ${r.name.padEnd(14)} ${String(r.rps).padStart(6)}  ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.unexpected).padStart(11)} ${String(r.errors).padStart(7)}  ${String(r.rssMiB).padStart(12)}  ${ratio.padStart(7)}`,
  );
}
// Issue 2: the organiser's list (filters, French search) and the XLSX export on 5,000 dossiers.
if (scenarios.includes("instruction")) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-instruction.ts"], { stdio: "inherit", env: process.env });
  if (r.status !== 0) throw new Error("instruction bench failed");
}
