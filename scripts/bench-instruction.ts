// Part of `npm run bench` (issues 2 and 11): how the costs grow with the size of a call. On SQLite and
// PostgreSQL, seeds submitted dossiers (answers, facts, French search index, two reviews each) up to each
// size of BENCH_LIST_SIZES (5,000, 20,000 and 50,000 by default, topped up from one size to the next)
// and measures at each size:
//   1. the organiser's list over HTTP (autocannon, 10 connections): a mix of filters, sorts and a page
//      deep in the list reached by its cursor; beside it, a plain filtered list on bare Node + the same
//      database (scripts/bench-reference.ts), in the same run;
//   2. French full-text search through the same page (10 connections);
//   3. submission of new dossiers while the call holds that many (50 connections, 50 accounts);
//   3b. search right after those submissions, their indexing still queued (10 connections, counted from
//      the first request): how fast pages answer, and how many say that some submissions are not yet found;
//   4. the XLSX export of every submitted dossier, in its own process with the JavaScript heap capped at
//      128 MiB: duration and peak memory (max RSS), and the process's RSS before the export.
// Prints figures; asserts nothing. BENCH_LIST_SIZES=5000 BENCH_DB=sqlite narrow a run.
import { rowCounts } from "../app/domain/applications/row-counts";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { configFromEnv } from "../app/config.server";
import { startServices, type Services } from "../app/services.server";
import { findCallBySlug, formDefinition } from "../app/domain/calls/calls.server";
import { LIST_SEARCH_WAIT_MS, recordDossierFacts } from "../app/domain/calls/instruction.server";
import { dossierProfile } from "../app/domain/applications/profile";
import { catchUpIndex, indexDossier, searchableText, waitingToBeIndexed } from "../app/domain/applications/search.server";
import { recomputeDossierScore } from "../app/domain/review/reviews.server";
import { recountStates } from "../app/domain/applications/state-counts.server";
import { completeAnswers } from "../tests/support/fixtures";
import { createTestDatabase } from "../tests/support/postgres";
import { cpuPerRequest, measureLoad, PROCESSES, startReference, startServer } from "./bench-support";

const SIZES = (process.env.BENCH_LIST_SIZES ?? process.env.BENCH_LIST_DOSSIERS ?? "5000,20000,50000").split(",").map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Requests sent one at a time for each CPU-per-request figure (BENCH_CPU_REQUESTS). */
const CPU_REQUESTS = Number(process.env.BENCH_CPU_REQUESTS ?? 500);
const SUBMITTERS = 50;
const DRAFTS_EACH = 30;
const PLACES = [
  { query: "Figeac", code: "46102" },
  { query: "Rennes", code: "35238" },
  { query: "Lyon", code: "69123" },
  { query: "Lille", code: "59350" },
  { query: "Toulouse", code: "31555" },
  { query: "Nantes", code: "44109" },
];
const WORDS = ["recyclerie", "cantine", "mobilité", "insertion", "numérique", "énergie", "tourisme", "agriculture", "culture", "formation"];

interface Seeded {
  callId: string;
  organiser: { id: string; token: string };
  reviewers: string[];
}

async function open(env: Record<string, string>): Promise<Services> {
  return startServices(configFromEnv({ ...env, TRAME_WORKER: "0", LOG_LEVEL: "warn" }), { quiet: true });
}

/** The organiser and reviewers, once. */
async function seedTeam(services: Services): Promise<Seeded> {
  const db = services.db;
  const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
  const now = new Date().toISOString();
  const verified = services.database.kind === "postgres" ? true : 1;
  const organiser = { id: randomUUID(), token: randomBytes(24).toString("base64url") };
  await db
    .insertInto("user")
    .values({
      id: organiser.id,
      name: "Bench organiser",
      email: "bench-organiser@example.org",
      emailVerified: verified,
      role: "organiser",
      locale: "fr",
      createdAt: now,
      updatedAt: now,
    } as never)
    .execute();
  await db
    .insertInto("session")
    .values({
      id: randomUUID(),
      token: organiser.token,
      userId: organiser.id,
      expiresAt: new Date(Date.now() + 86400000).toISOString(),
      createdAt: now,
      updatedAt: now,
    } as never)
    .execute();
  const reviewers = Array.from({ length: 6 }, () => randomUUID());
  for (const [i, id] of reviewers.entries()) {
    await db
      .insertInto("user")
      .values({
        id,
        name: `Reviewer ${i}`,
        email: `bench-reviewer${i}@example.org`,
        emailVerified: verified,
        role: "applicant",
        locale: "fr",
        createdAt: now,
        updatedAt: now,
      } as never)
      .execute();
    await db
      .insertInto("call_member")
      .values({ call_id: call.id, user_id: id, role: "reviewer", invited_by: organiser.id, created_at: now })
      .execute();
  }
  return { callId: call.id, organiser, reviewers };
}

/** Submitted dossiers numbered from `from` to `to` (excluded), as a submission would have left them. */
async function seedSubmitted(services: Services, s: Seeded, from: number, to: number) {
  const db = services.db;
  const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
  const def = await formDefinition(db, call.formVersionId);
  const now = new Date().toISOString();
  const base = completeAnswers();
  for (let start = from; start < to; start += 250) {
    const ids: string[] = [];
    await db.transaction().execute(async (trx) => {
      for (let n = start; n < Math.min(to, start + 250); n++) {
        const orgId = randomUUID();
        const dossierId = randomUUID();
        ids.push(dossierId);
        const place = PLACES[n % PLACES.length];
        const answers = {
          ...base,
          ptce_name: `PTCE n° ${n}`,
          commune: place,
          stage: n % 3 ? "operational" : "project",
          operational_since: String(2000 + (n % 15)),
          q3_experiences: `Une ${WORDS[n % WORDS.length]} solidaire, ${base.q3_experiences}`,
        };
        await trx
          .insertInto("organization")
          .values({ id: orgId, name: `Association n° ${n}`, created_by: s.organiser.id, created_at: now })
          .execute();
        await trx
          .insertInto("dossier")
          .values({
            id: dossierId,
            call_id: call.id,
            organization_id: orgId,
            form_version_id: call.formVersionId,
            state: "submitted",
            lock_version: 1,
            submission_count: 1,
            last_submitted_at: now,
            created_by: s.organiser.id,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await trx
          .insertInto("submission")
          .values({
            id: randomUUID(),
            dossier_id: dossierId,
            number: 1,
            form_version_id: call.formVersionId,
            answers_json: JSON.stringify(answers),
            attachments_json: "[]",
            submitted_by: s.organiser.id,
            submitted_at: now,
            profile_json: JSON.stringify(dossierProfile(def, answers)),
            row_counts_json: JSON.stringify(rowCounts(answers)),
          })
          .execute();
        await recordDossierFacts(trx, {
          dossierId,
          callId: call.id,
          organisationName: `Association n° ${n}`,
          state: "submitted",
          profile: dossierProfile(def, answers),
          submittedAt: now,
        });
        await indexDossier(trx, { dossierId, callId: call.id, content: searchableText(def, answers, `Association n° ${n}`) });
        for (const r of [s.reviewers[n % 6], s.reviewers[(n + 1) % 6]]) {
          await trx
            .insertInto("review_assignment")
            .values({ dossier_id: dossierId, reviewer_id: r, assigned_by: s.organiser.id, assigned_at: now })
            .execute();
          const k = (i: number) => (n * 7 + i) % 5;
          await trx
            .insertInto("review")
            .values({
              dossier_id: dossierId,
              reviewer_id: r,
              scores_json: JSON.stringify({ condition_ptce: k(1), condition_volunteer: k(2), experiences: k(3), visit_offer: k(4) }),
              comment: "",
              opinion: null,
              updated_at: now,
            })
            .execute();
        }
      }
    });
    for (const id of ids) await recomputeDossierScore(db, id);
  }
  await recountStates(db);
}

/** Fifty applicants, each with complete drafts to submit during the submission run. */
async function seedDrafts(services: Services, round: number) {
  const db = services.db;
  const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
  const now = new Date().toISOString();
  const verified = services.database.kind === "postgres" ? true : 1;
  const answers = completeAnswers();
  const queue: { cookie: string; dossier: string }[] = [];
  for (let u = 0; u < SUBMITTERS; u++) {
    const user = { id: randomUUID(), token: randomBytes(24).toString("base64url") };
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("user")
        .values({
          id: user.id,
          name: `Déposant ${round}-${u}`,
          email: `submitter-${round}-${u}@example.org`,
          emailVerified: verified,
          role: "applicant",
          locale: "fr",
          createdAt: now,
          updatedAt: now,
        } as never)
        .execute();
      await trx
        .insertInto("session")
        .values({
          id: randomUUID(),
          token: user.token,
          userId: user.id,
          expiresAt: new Date(Date.now() + 86400000).toISOString(),
          createdAt: now,
          updatedAt: now,
        } as never)
        .execute();
      for (let d = 0; d < DRAFTS_EACH; d++) {
        const orgId = randomUUID();
        const dossierId = randomUUID();
        await trx
          .insertInto("organization")
          .values({ id: orgId, name: `Brouillon ${round}-${u}-${d}`, created_by: user.id, created_at: now })
          .execute();
        await trx.insertInto("membership").values({ organization_id: orgId, user_id: user.id, role: "owner", created_at: now }).execute();
        await trx
          .insertInto("dossier")
          .values({
            id: dossierId,
            call_id: call.id,
            organization_id: orgId,
            form_version_id: call.formVersionId,
            state: "draft",
            lock_version: 0,
            submission_count: 0,
            last_submitted_at: null,
            created_by: user.id,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await trx
          .insertInto("answer")
          .values(
            Object.entries(answers).map(([key, value]) => ({
              dossier_id: dossierId,
              field_key: key,
              value_json: JSON.stringify(value),
              version: 1,
              updated_by: user.id,
              updated_at: now,
            })),
          )
          .execute();
        queue.push({ cookie: `better-auth.session_token=${user.token}.bench`, dossier: dossierId });
      }
    });
  }
  await recountStates(db);
  // Interleaved: consecutive requests come from different accounts.
  return queue.map((_, i) => queue[(i % SUBMITTERS) * DRAFTS_EACH + Math.floor(i / SUBMITTERS)]);
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  other: number;
  /** The other answers, by status ("error" for connection errors and timeouts). */
  otherKinds: Record<string, number>;
}

async function load(url: string, connections: number, request: (i: number) => Record<string, unknown>, expected: number): Promise<Figures> {
  let i = 0;
  let other = 0;
  const otherKinds: Record<string, number> = {};
  const result = await measureLoad({
    url,
    connections,
    seconds: SECONDS,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => ({ ...req, ...request(i++) }),
        onResponse: (status: number) => {
          if (status === expected) return;
          other++;
          otherKinds[String(status)] = (otherKinds[String(status)] ?? 0) + 1;
        },
      },
    ],
  });
  if (result.errors) otherKinds.error = result.errors;
  return { rps: result.rps, p50: result.p50, p99: result.p99, other: other + result.errors, otherKinds };
}

/** The call's index jobs still queued, read by a process of its own. */
async function indexJobsQueued(env: Record<string, string>, callId: string): Promise<number> {
  const services = await open(env);
  const n = await waitingToBeIndexed(services.db, callId);
  await services.stop();
  return n;
}

async function measureSize(
  kind: "sqlite" | "postgres",
  env: Record<string, string>,
  target: string,
  s: Seeded,
  size: number,
  round: number,
) {
  const services = await open(env);
  const drafts = await seedDrafts(services, round);
  // The previous round's submissions were indexed by no one (the bench's server runs no worker): in
  // service the worker indexes each within seconds. Done here, so that search measures searching — not
  // the catching up a search does when it finds the queue behind (up to 1,000 submissions inline).
  let indexed = 0;
  for (;;) {
    const n = await catchUpIndex(services.db, s.callId);
    if (n === 0) break;
    indexed += n;
  }
  if (indexed) console.log(`[${kind}] ${indexed} submissions of the previous round indexed, as the worker does in service`);
  await services.stop();
  const { proc, url } = await startServer(env, { profileDir: process.env.BENCH_PROFILE });
  const cookie = `better-auth.session_token=${s.organiser.token}.bench`;
  const list = `/admin/appels/${s.callId}`;
  // A page deep in the list (the 20th), reached as a person would: following « Page suivante ».
  let deep = `${list}?tri=submitted`;
  for (let p = 1; p < 20; p++) {
    const html = await (await fetch(`${url}${deep}`, { headers: { cookie } })).text();
    // The link « Page suivante » (React Router writes it as a path, not as a bare query). A list of more
    // than one page that has none on its first page means the pattern no longer finds it.
    const next = /href="([^"?]*\?[^"]*apres=[^"]+)"/.exec(html)?.[1];
    if (!next && p === 1) throw new Error(`no « Page suivante » link on ${deep}`);
    if (!next) break;
    deep = next.replace(/&amp;/g, "&");
  }
  const listPaths = [
    list,
    `${list}?region=76&stade=operational&anciennete=5`,
    `${list}?tri=score`,
    `${list}?secteur=emploi&etat=submitted`,
    deep,
  ];
  const searchPaths = [
    `${list}?q=recyclerie&tri=score`,
    `${list}?q=mobilit%C3%A9&departement=46&note_min=1`,
    `${list}?q=cantine+solidaire`,
  ];
  let listBytes = 0;
  for (const p of [...listPaths, ...searchPaths]) {
    const r = await fetch(`${url}${p}`, { headers: { cookie } });
    if (r.status !== 200) throw new Error(`${p} → ${r.status}`);
    const bytes = Buffer.byteLength(await r.text());
    if (listPaths.includes(p)) listBytes = Math.max(listBytes, bytes);
  }
  const get = (paths: string[]) => (i: number) => ({ method: "GET", path: paths[i % paths.length], headers: { cookie } });
  const listFigures = await load(url, 10, get(listPaths), 200);
  const searchFigures = await load(url, 10, get(searchPaths), 200);
  // What a list page costs the server, one request at a time: the whole page, its data alone (as a client
  // navigation asks for it: `.data`, loaders and encoding, no rendering), and a near-empty page of the site.
  const asData = (p: string) => p.replace(/^([^?]*)/, "$1.data");
  const cpu = {
    page: await cpuPerRequest(url, proc.pid!, listPaths, { cookie }, CPU_REQUESTS),
    data: await cpuPerRequest(url, proc.pid!, listPaths.map(asData), { cookie }, CPU_REQUESTS),
    empty: await cpuPerRequest(url, proc.pid!, ["/mot-de-passe-oublie"], {}, CPU_REQUESTS),
    // Each search on its own: how its cost grows with the call is the growth target's question (issue 11).
    searches: [] as number[],
    bare: 0,
  };
  for (const p of searchPaths) cpu.searches.push(await cpuPerRequest(url, proc.pid!, [p], { cookie }, Math.ceil(CPU_REQUESTS / 2)));
  const submitFigures = await load(
    url,
    SUBMITTERS,
    (i) => {
      const d = drafts[i % drafts.length];
      return {
        method: "POST",
        path: `/dossiers/${d.dossier}`,
        headers: { origin: url, "content-type": "application/x-www-form-urlencoded", cookie: d.cookie },
        body: "intent=submit&confirm=yes",
      };
    },
    303,
  );
  // Search right after those submissions, their indexing still queued (the bench's server runs no worker):
  // a page waits for the index at most LIST_SEARCH_WAIT_MS, then says how many it does not find yet.
  const queued = await indexJobsQueued(env, s.callId);
  let withNotice = 0;
  let sent = 0;
  // Measured from the first request: the waits are at the start, while the queue is long.
  const surgeFigures = await measureLoad({
    url,
    connections: 10,
    seconds: SECONDS,
    warmUpSeconds: 0,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => ({ ...req, ...get(searchPaths)(sent++) }),
        onResponse: (status: number, body: string) => {
          if (status === 200 && body.includes("pas encore dans la recherche")) withNotice++;
        },
      },
    ],
  });
  const afterSurge = { queued, ...surgeFigures, withNotice, left: await indexJobsQueued(env, s.callId) };
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  const ref = await startReference("list", target);
  const refPaths = ["76", "53", "84", "32", "52"].map((r) => `${list}?region=${r}`);
  const refFigures = await load(ref.url, 10, (i) => ({ method: "GET", path: refPaths[i % refPaths.length] }), 200);
  cpu.bare = await cpuPerRequest(ref.url, ref.pid, refPaths, {}, CPU_REQUESTS);
  await ref.stop();
  // Bare Node spending the list page's own CPU time per request and answering as many bytes, under the same
  // load: the latency that cost alone implies here. Node reads the requests of several connections in one
  // turn and answers them in turn, so at 10 connections p99 is about twice p50 for any server; the list's
  // p99 target is a CPU budget per page (issue 11).
  const costRef = await startReference("cost", cpu.page.toFixed(2), { BODY_BYTES: String(listBytes) });
  const sameCost = await load(costRef.url, 10, () => ({ method: "GET", path: "/" }), 200);
  await costRef.stop();
  // The CPU budget that the p99 target implies on this machine, found once per database (it depends on the
  // machine and the page's bytes, not on the call's size): the largest of a few costs below the list's own
  // at which the same reference answers with p99 under 100 ms. Null for the later sizes (not searched).
  let budget: { ms: number; figures: Figures } | "not met" | null = null;
  if (round === 0) {
    budget = "not met";
    for (const c of [12, 10, 8, 6, 5, 4, 3, 2, 1.5, 1].filter((c) => c < cpu.page)) {
      const r = await startReference("cost", String(c), { BODY_BYTES: String(listBytes) });
      const figures = await load(r.url, 10, () => ({ method: "GET", path: "/" }), 200);
      await r.stop();
      if (figures.p99 < 100) {
        budget = { ms: c, figures };
        break;
      }
    }
  }
  // The export runs alone in a fresh process on the built code: its max RSS is the export's memory, plus the app's own.
  const child = spawnSync(process.execPath, ["--max-old-space-size=128", "scripts/bench-export.mjs", s.callId, s.organiser.id], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(child.stderr);
  const exp = JSON.parse(child.stdout.trim().split("\n").pop()!) as {
    seconds: number;
    maxRssMiB: number;
    baselineRssMiB: number;
    sizeKiB: number;
    rows: number;
  };
  return {
    kind,
    size,
    list: listFigures,
    search: searchFigures,
    submit: submitFigures,
    reference: refFigures,
    sameCost,
    budget,
    listBytes,
    exp,
    afterSurge,
    cpu,
  };
}

async function benchOn(kind: "sqlite" | "postgres") {
  const dataDir = mkdtempSync(join(tmpdir(), `trame-bench-growth-${kind}-`));
  const pgdb = kind === "postgres" ? await createTestDatabase() : null;
  const env: Record<string, string> = { TRAME_DATA_DIR: dataDir, ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) };
  const target = pgdb ? pgdb.url : join(dataDir, "trame.sqlite");
  const out = [];
  let services = await open(env);
  const team = await seedTeam(services);
  await services.stop();
  let seeded = 0;
  for (const [round, size] of SIZES.entries()) {
    const t0 = Date.now();
    services = await open(env);
    await seedSubmitted(services, team, seeded, size);
    // Statistics after a bulk load, as autovacuum (PostgreSQL) or a maintenance task would have them.
    await sql`analyze`.execute(services.db);
    await services.stop();
    seeded = size;
    console.log(`[${kind}] ${size} submitted dossiers with reviews (seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    out.push(await measureSize(kind, env, target, team, size, round));
  }
  // BENCH_KEEP=1 keeps the seeded data (for a profiler or a closer look): its folder is printed.
  if (process.env.BENCH_KEEP === "1")
    console.log(`[${kind}] data kept: TRAME_DATA_DIR=${dataDir}${pgdb ? ` DATABASE_URL=${pgdb.url}` : ""}`);
  else {
    await pgdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}

const kinds = (process.env.BENCH_DB ?? "sqlite,postgres").split(",") as ("sqlite" | "postgres")[];
const results: Awaited<ReturnType<typeof measureSize>>[] = [];
for (const kind of kinds) results.push(...(await benchOn(kind)));
const f = (x: Pick<Figures, "rps" | "p50" | "p99">) =>
  `${String(x.rps).padStart(6)} ${String(x.p50).padStart(5)} ${String(x.p99).padStart(5)}`;
console.log(
  `\nGrowth (${SECONDS} s per measure; req/s, p50 ms, p99 ms). List and search: 10 connections; submission: 50. Bare list: bare Node + the same database, same run. ${PROCESSES} app process${PROCESSES > 1 ? "es (TRAME_PROCESSES) for Trame and for the bare list" : ""}.`,
);
console.log(
  "db        dossiers |   list req/s p50 p99 | bare list req/s p50 p99 | ratio | search req/s p50 p99 | submit req/s p50 p99 | XLSX rows    s  s/5k  peak RSS (before)",
);
for (const r of results) {
  const ratio = r.reference.rps ? `${Math.round((100 * r.list.rps) / r.reference.rps)} %` : "—";
  const other = r.list.other + r.search.other + r.submit.other;
  const kinds = (name: string, x: Figures) =>
    x.other
      ? `${name} ${Object.entries(x.otherKinds)
          .map(([k, n]) => `${n}×${k}`)
          .join(", ")}`
      : "";
  const otherText = [kinds("list", r.list), kinds("search", r.search), kinds("submission", r.submit)].filter(Boolean).join("; ");
  console.log(
    `${r.kind.padEnd(9)} ${String(r.size).padStart(8)} | ${f(r.list)}        | ${f(r.reference)}           | ${ratio.padStart(5)} | ${f(r.search)}        | ${f(r.submit)}        | ${String(r.exp.rows).padStart(6)} ${r.exp.seconds.toFixed(1).padStart(5)} ${((r.exp.seconds * 5000) / Math.max(1, r.exp.rows)).toFixed(1).padStart(5)} ${String(r.exp.maxRssMiB).padStart(6)} (${r.exp.baselineRssMiB})${other ? `  [${other} unexpected answers: ${otherText}]` : ""}`,
  );
}
console.log(
  `\nCPU per request, sent one at a time (${CPU_REQUESTS} after ${Math.ceil(CPU_REQUESTS / 5)} to warm up; the server's CPU time from /proc, every thread): the list's pages, their data alone (.data: loaders and encoding, no rendering), a near-empty page (/mot-de-passe-oublie), the bare list; then each search page on its own (half as many requests): 1, a word sorted by score; 2, a word, a department and a minimum score; 3, two words.`,
);
console.log(
  "db        dossiers | list page ms | its data ms | near-empty page ms | bare list ms | search 1 ms | search 2 ms | search 3 ms",
);
const ms = (x: number) => x.toFixed(2).padStart(6);
for (const r of results)
  console.log(
    `${r.kind.padEnd(9)} ${String(r.size).padStart(8)} |       ${ms(r.cpu.page)} |      ${ms(r.cpu.data)} |             ${ms(r.cpu.empty)} |       ${ms(r.cpu.bare)} | ${r.cpu.searches.map((x) => `     ${ms(x)}`).join(" | ")}`,
  );
console.log(
  `\nThe list's CPU cost alone, on bare Node: a server that spends the list page's CPU time above per request and answers as many bytes, loaded as the list (10 connections). Its p99 is the least Trame's could be at that cost; p99 under 100 ms needs a cost at which this reference meets it.`,
);
console.log("db        dossiers | list page ms | bytes  | Trame's list req/s p50 p99 | bare at the same cost req/s p50 p99");
for (const r of results)
  console.log(
    `${r.kind.padEnd(9)} ${String(r.size).padStart(8)} |       ${ms(r.cpu.page)} | ${String(r.listBytes).padStart(6)} | ${f(r.list)}                | ${f(r.sameCost)}`,
  );
for (const r of results)
  if (r.budget)
    console.log(
      r.budget !== "not met"
        ? `${r.kind}: the largest cost tried at which that reference's p99 is under 100 ms: ${r.budget.ms} ms per page (${f(r.budget.figures).trim()}), against ${r.cpu.page.toFixed(2)} ms for Trame's list page.`
        : `${r.kind}: that reference's p99 was 100 ms or more at every cost tried below the list page's, down to 1 ms.`,
    );
console.log(
  `\nSearch right after the submissions above, their indexing queued (10 connections, ${SECONDS} s from the first request, no warm-up; a page waits at most ${LIST_SEARCH_WAIT_MS / 1000} s for a short queue, not at all for a long one, and says how many submissions it does not find yet).`,
);
console.log("db        dossiers | queued | search req/s p50 p99 | pages saying so | still queued after");
for (const r of results) {
  const a = r.afterSurge;
  console.log(
    `${r.kind.padEnd(9)} ${String(r.size).padStart(8)} | ${String(a.queued).padStart(6)} | ${f(a)}        | ${String(a.withNotice).padStart(15)} | ${String(a.left).padStart(18)}`,
  );
}
