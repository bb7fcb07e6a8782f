// Part of `npm run bench` (issue 2): on SQLite and PostgreSQL, seeds 5,000 submitted dossiers (answers,
// facts, French search index, reviews) and measures
//   1. the organiser's list with filters and full-text search, over HTTP (autocannon, 10 connections);
//   2. the XLSX export of the 5,000 dossiers, in its own process with the JavaScript heap capped at
//      128 MiB (finishing under the cap shows its live memory does not grow with the number of
//      dossiers): duration and peak memory (max RSS).
// Prints figures; asserts nothing.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { configFromEnv } from "../app/config.server";
import { startServices } from "../app/services.server";
import { findCallBySlug, formDefinition } from "../app/domain/calls/calls.server";
import { recordDossierFacts } from "../app/domain/calls/instruction.server";
import { dossierProfile } from "../app/domain/applications/profile";
import { indexDossier, searchableText } from "../app/domain/applications/search.server";
import { recomputeDossierScore } from "../app/domain/review/reviews.server";
import { completeAnswers } from "../tests/support/fixtures";
import { createTestDatabase } from "../tests/support/postgres";
import { startServer } from "./bench-support";

const N = Number(process.env.BENCH_LIST_DOSSIERS ?? 5000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PLACES = [
  { query: "Figeac", code: "46102" },
  { query: "Rennes", code: "35238" },
  { query: "Lyon", code: "69123" },
  { query: "Lille", code: "59350" },
  { query: "Toulouse", code: "31555" },
  { query: "Nantes", code: "44109" },
];
const WORDS = ["recyclerie", "cantine", "mobilité", "insertion", "numérique", "énergie", "tourisme", "agriculture", "culture", "formation"];

async function seed(env: Record<string, string>) {
  const services = await startServices(configFromEnv({ ...env, TRAME_WORKER: "0", LOG_LEVEL: "warn" }), { quiet: true });
  const db = services.db;
  const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
  const def = await formDefinition(db, call.formVersionId);
  const now = new Date().toISOString();
  const organiser = { id: randomUUID(), token: randomBytes(24).toString("base64url") };
  await db.insertInto("user").values({ id: organiser.id, name: "Bench organiser", email: "bench-organiser@example.org", emailVerified: services.database.kind === "postgres" ? true : 1, role: "organiser", locale: "fr", createdAt: now, updatedAt: now } as never).execute();
  await db.insertInto("session").values({ id: randomUUID(), token: organiser.token, userId: organiser.id, expiresAt: new Date(Date.now() + 86400000).toISOString(), createdAt: now, updatedAt: now } as never).execute();
  const reviewers = Array.from({ length: 6 }, () => randomUUID());
  for (const [i, id] of reviewers.entries()) {
    await db.insertInto("user").values({ id, name: `Reviewer ${i}`, email: `bench-reviewer${i}@example.org`, emailVerified: services.database.kind === "postgres" ? true : 1, role: "applicant", locale: "fr", createdAt: now, updatedAt: now } as never).execute();
    await db.insertInto("call_member").values({ call_id: call.id, user_id: id, role: "reviewer", invited_by: organiser.id, created_at: now }).execute();
  }
  const base = completeAnswers();
  for (let start = 0; start < N; start += 250) {
    await db.transaction().execute(async (trx) => {
      for (let n = start; n < Math.min(N, start + 250); n++) {
        const orgId = randomUUID();
        const dossierId = randomUUID();
        const place = PLACES[n % PLACES.length];
        const answers = { ...base, ptce_name: `PTCE n° ${n}`, commune: place, stage: n % 3 ? "operational" : "project", operational_since: String(2000 + (n % 15)), q3_experiences: `Une ${WORDS[n % WORDS.length]} solidaire, ${base.q3_experiences}` };
        await trx.insertInto("organization").values({ id: orgId, name: `Association n° ${n}`, created_by: organiser.id, created_at: now }).execute();
        await trx
          .insertInto("dossier")
          .values({ id: dossierId, call_id: call.id, organization_id: orgId, form_version_id: call.formVersionId, state: "submitted", lock_version: 1, submission_count: 1, last_submitted_at: now, created_by: organiser.id, created_at: now, updated_at: now })
          .execute();
        await trx
          .insertInto("submission")
          .values({ id: randomUUID(), dossier_id: dossierId, number: 1, form_version_id: call.formVersionId, answers_json: JSON.stringify(answers), attachments_json: "[]", submitted_by: organiser.id, submitted_at: now, profile_json: JSON.stringify(dossierProfile(def, answers)) })
          .execute();
        await recordDossierFacts(trx, { dossierId, callId: call.id, organisationName: `Association n° ${n}`, profile: dossierProfile(def, answers) });
        await indexDossier(trx, { dossierId, callId: call.id, content: searchableText(def, answers, `Association n° ${n}`) });
        for (const r of [reviewers[n % 6], reviewers[(n + 1) % 6]]) {
          await trx.insertInto("review_assignment").values({ dossier_id: dossierId, reviewer_id: r, assigned_by: organiser.id, assigned_at: now }).execute();
          const s = (k: number) => (n * 7 + k) % 5;
          await trx
            .insertInto("review")
            .values({ dossier_id: dossierId, reviewer_id: r, scores_json: JSON.stringify({ condition_ptce: s(1), condition_volunteer: s(2), experiences: s(3), visit_offer: s(4) }), comment: "", opinion: null, updated_at: now })
            .execute();
        }
      }
    });
  }
  const ids = await db.selectFrom("dossier").select("id").where("call_id", "=", call.id).execute();
  for (const { id } of ids) await recomputeDossierScore(db, id);
  await services.stop();
  return { callId: call.id, organiser };
}


async function listBench(url: string, callId: string, cookie: string) {
  const paths = [
    `/admin/appels/${callId}`,
    `/admin/appels/${callId}?q=recyclerie&tri=score`,
    `/admin/appels/${callId}?region=76&stade=operational&anciennete=5`,
    `/admin/appels/${callId}?q=mobilit%C3%A9&departement=46&note_min=1`,
    `/admin/appels/${callId}?secteur=emploi&tri=submitted&page=20`,
  ];
  for (const p of paths) {
    const r = await fetch(`${url}${p}`, { headers: { cookie } });
    const text = await r.text();
    if (r.status !== 200) throw new Error(`${p} → ${r.status}`);
    const count = /(\d+) dossier\(s\)/.exec(text)?.[1];
    console.log(`  ${p.replace(`/admin/appels/${callId}`, "list")} → ${count} dossier(s)`);
  }
  let i = 0;
  const result = await autocannon({
    url,
    connections: 10,
    duration: SECONDS,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, method: "GET", path: paths[i++ % paths.length], headers: { cookie } }) }],
  } as unknown as autocannon.Options);
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function benchOn(kind: "sqlite" | "postgres") {
  const dataDir = mkdtempSync(join(tmpdir(), `trame-bench-list-${kind}-`));
  const pgdb = kind === "postgres" ? await createTestDatabase() : null;
  const env: Record<string, string> = { TRAME_DATA_DIR: dataDir, ...(pgdb ? { DATABASE_URL: pgdb.url } : {}) };
  const t0 = Date.now();
  const { callId, organiser } = await seed(env);
  console.log(`[${kind}] seeded ${N} submitted dossiers with reviews in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const { proc, url } = await startServer(env, { profileDir: process.env.BENCH_PROFILE });
  const list = await listBench(url, callId, `better-auth.session_token=${organiser.token}.bench`);
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
  // The export runs alone in a fresh process: its max RSS is the export's memory, plus the app's own.
  const child = spawnSync(process.execPath, ["--max-old-space-size=128", "--import", "tsx", "scripts/bench-export.ts", callId, organiser.id], { env: { ...process.env, ...env }, encoding: "utf8" });
  if (child.status !== 0) throw new Error(child.stderr);
  const exp = JSON.parse(child.stdout.trim().split("\n").pop()!) as { seconds: number; maxRssMiB: number; baselineRssMiB: number; sizeKiB: number; rows: number };
  await pgdb?.drop();
  rmSync(dataDir, { recursive: true, force: true });
  return { kind, list, exp };
}

const kinds = (process.env.BENCH_DB ?? "sqlite,postgres").split(",") as ("sqlite" | "postgres")[];
const results = [];
for (const kind of kinds) results.push(await benchOn(kind));
console.log(`\nInstruction on ${N} submitted dossiers (10 connections, ${SECONDS} s; list pages mix filters, French full-text search, sorts, pagination)`);
console.log("db        list req/s  p50 ms  p99 ms  non-2xx | XLSX export (heap cap 128 MiB): rows  seconds  file KiB  peak RSS MiB (before export)");
for (const r of results) {
  console.log(
    `${r.kind.padEnd(9)} ${String(r.list.rps).padStart(10)} ${String(r.list.p50).padStart(7)} ${String(r.list.p99).padStart(7)} ${String(r.list.non2xx).padStart(8)} | ${String(r.exp.rows).padStart(34)} ${r.exp.seconds.toFixed(1).padStart(8)} ${String(r.exp.sizeKiB).padStart(9)} ${String(r.exp.maxRssMiB).padStart(13)} (${r.exp.baselineRssMiB})`,
  );
}
