// French full-text search over submitted dossiers, same behaviour on both databases (issue 2, first part).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createVerifiedUser, testEnv, type TestEnv } from "../support/services";
import { startServices } from "../../app/services.server";
import { asChanges, completeAnswers } from "../support/fixtures";
import { findCallBySlug } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { openOrCreateDossier, reopenDossier, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import {
  catchUpIndex,
  INDEX_JOB,
  indexLatestSubmission,
  notYetSearchable,
  searchDossiers,
  searchTerms,
  waitingToBeIndexed,
} from "../../app/domain/applications/search.server";
import { instructionList, matchingDossierIds } from "../../app/domain/calls/instruction.server";
import { claimDueJobs, enqueue, enqueueAll, runJob } from "../../app/jobs/queue.server";
import { randomUUID } from "node:crypto";
import { DomainError } from "../../app/lib/errors";
import { indexDocument, searchDocuments } from "../../app/db/text-search.server";
import pg from "pg";
import { Kysely, sql, type CompiledQuery } from "kysely";
import type { DB } from "../../app/db/schema";
import { endsBeforeNextTurn } from "../support/event-loop";

/** Submits dossiers whose text holds `word`; their index jobs wait in the queue (no worker runs here). */
async function submitWith(env: TestEnv, word: string, n: number): Promise<string[]> {
  const db = env.services.db;
  const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const user = await createVerifiedUser(env.services, `Membre ${word} ${i}`);
    const org = await createOrganisation(db, { name: `PTCE ${word} ${i}`, userId: user.id });
    const id = await openOrCreateDossier(db, { call, organizationId: org, userId: user.id });
    await saveAnswers(db, {
      dossier: await dossierForMember(db, user.id, id),
      userId: user.id,
      changes: asChanges({ ...completeAnswers(), q3_experiences: `Une ${word} coopérative.` }),
    });
    await submitDossier(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id, locale: "fr" });
    out.push(id);
  }
  return out;
}

describe.each(DATABASES)("dossier search on %s", (kind) => {
  let env: TestEnv;
  const ids: Record<string, string> = {};
  let callId = "";

  beforeAll(async () => {
    env = await testEnv(kind);
    const db = env.services.db;
    const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    callId = call.id;
    const texts: Record<string, string> = {
      recyclerie: "Nous avons créé une recyclerie solidaire et des emplois durables pour les personnes éloignées de l’emploi.",
      cantine: "Une cantine bio approvisionnée en circuits courts par les maraîchers du territoire.",
      geiq: "Un groupement d’employeurs (GEIQ) sécurise les parcours des salariés saisonniers.",
    };
    for (const [name, text] of Object.entries(texts)) {
      const user = await createVerifiedUser(env.services, `Membre ${name}`);
      const org = await createOrganisation(db, { name: `PTCE ${name}`, userId: user.id });
      const id = await openOrCreateDossier(db, { call, organizationId: org, userId: user.id });
      await saveAnswers(db, {
        dossier: await dossierForMember(db, user.id, id),
        userId: user.id,
        changes: asChanges({ ...completeAnswers(), q3_experiences: text }),
      });
      await submitDossier(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id, locale: "fr" });
      ids[name] = id;
    }
    // A draft is never found: only submitted versions are indexed.
    const u = await createVerifiedUser(env.services, "Brouillon");
    const org = await createOrganisation(db, { name: "PTCE brouillon recyclerie", userId: u.id });
    await openOrCreateDossier(db, { call, organizationId: org, userId: u.id });
  });
  afterAll(async () => env?.close());

  it("finds dossiers by words of their answers, ignoring accents and case", async () => {
    expect(await searchDossiers(env.services.db, callId, "recyclerie")).toEqual([ids.recyclerie]);
    expect(await searchDossiers(env.services.db, callId, "MARAICHERS")).toEqual([ids.cantine]);
    expect(await searchDossiers(env.services.db, callId, "sécurise saisonniers")).toEqual([ids.geiq]);
    expect(await searchDossiers(env.services.db, callId, "emploi recyclerie")).toEqual([ids.recyclerie]);
  });
  it("matches plural and singular forms, and the organisation's name", async () => {
    expect(await searchDossiers(env.services.db, callId, "emploi")).toContain(ids.recyclerie);
    // Words whose singular the French stemmer cuts shorter than their plural (maraich / maraicher): the
    // texts say only « maraîchers », « salariés » and « employeurs ». PostgreSQL's stems alone missed the first.
    expect(await searchDossiers(env.services.db, callId, "maraîcher")).toEqual([ids.cantine]);
    expect(await searchDossiers(env.services.db, callId, "salarié employeur")).toEqual([ids.geiq]);
    // The same rule for the community's documents (experience sheets, posts).
    const scopeId = randomUUID();
    await indexDocument(env.services.db, { kind: "sheet", refId: "s1", scopeId, content: "Des maraîchers et une cantine solidaire." });
    await indexDocument(env.services.db, { kind: "sheet", refId: "s2", scopeId, content: "Un atelier vélo." });
    expect(await searchDocuments(env.services.db, { kind: "sheet", scopeId, query: "maraîcher cantine" })).toEqual(["s1"]);
    expect(await searchDocuments(env.services.db, { kind: "sheet", scopeId, query: "velo" })).toEqual(["s2"]);
    expect(await searchDossiers(env.services.db, callId, "cantine")).toEqual([ids.cantine]);
    expect(await searchDossiers(env.services.db, callId, "PTCE geiq")).toEqual([ids.geiq]);
  });
  it("is safe with any typed punctuation and finds nothing for unknown words", async () => {
    expect(searchTerms(`"a" OR b* (c) -d:'e'`)).toEqual(["a", "OR", "b", "c", "d", "e"]);
    expect(await searchDossiers(env.services.db, callId, `"recyclerie" * (:) - '' &|!`)).toEqual([ids.recyclerie]);
    expect(await searchDossiers(env.services.db, callId, "zzzinexistant")).toEqual([]);
    expect(await searchDossiers(env.services.db, callId, "   ")).toEqual([]);
  });

  it("shares one catch-up of the queue among searches made at once, and leaves a job waiting for its retry to the worker", async () => {
    const db = env.services.db;
    const call = (await findCallBySlug(db, "ptce-emploi-2015"))!;
    const fresh: string[] = [];
    for (const n of [1, 2, 3]) {
      const user = await createVerifiedUser(env.services, `Membre boulangerie ${n}`);
      const org = await createOrganisation(db, { name: `PTCE boulangerie ${n}`, userId: user.id });
      const id = await openOrCreateDossier(db, { call, organizationId: org, userId: user.id });
      await saveAnswers(db, {
        dossier: await dossierForMember(db, user.id, id),
        userId: user.id,
        changes: asChanges({ ...completeAnswers(), q3_experiences: "Une boulangerie coopérative d’insertion." }),
      });
      await submitDossier(db, { dossier: await dossierForMember(db, user.id, id), userId: user.id, locale: "fr" });
      fresh.push(id);
    }
    // A job that failed and waits for its retry: the worker retries it, not a search.
    await enqueue(db, INDEX_JOB, { dossierId: ids.geiq, callId }, new Date(Date.now() + 3_600_000));
    const first = catchUpIndex(db, callId);
    expect(catchUpIndex(db, callId)).toBe(first);
    const found = await Promise.all(Array.from({ length: 10 }, () => searchDossiers(db, callId, "boulangerie")));
    await first;
    for (const f of found) expect([...f].sort()).toEqual([...fresh].sort());
    const jobs = await db.selectFrom("job").select(["status", "attempts", "payload_json"]).where("type", "=", INDEX_JOB).execute();
    const of = (id: string) => jobs.filter((j) => j.payload_json.includes(id));
    for (const id of fresh) expect(of(id).map((j) => [j.status, j.attempts])).toEqual([["done", 0]]);
    expect(of(ids.geiq).map((j) => j.status)).toContain("pending");
  });

  /**
   * Another process's worker claims the call's due index jobs; the returned function has it index them.
   */
  async function anotherProcessIndexing(): Promise<() => Promise<void>> {
    const db = env.services.db;
    const claimed = await claimDueJobs(db, { limit: 100, type: INDEX_JOB });
    return async () => {
      for (const job of claimed) await runJob(db, job, (p) => indexLatestSubmission(db, p as { dossierId: string }));
    };
  }

  it("says how many submissions the search does not find yet, refuses a bulk action meanwhile, and finds them once indexed", async () => {
    const db = env.services.db;
    // What is already waiting (the job above waits for its retry, an hour from now) counts as well.
    const waiting = await notYetSearchable(db, callId, Infinity);
    const fresh = await submitWith(env, "fromagerie", 3);
    const finish = await anotherProcessIndexing();
    try {
      // The list's search goes on without them, and says so.
      const list = await instructionList(db, callId, { q: "fromagerie" }, new Date(), { searchWaitMs: 100 });
      expect(list.rows).toEqual([]);
      expect(list.notYetSearchable).toBe(waiting + 3);
      // A bulk action refuses rather than act on fewer dossiers than match.
      const refused = await matchingDossierIds(db, callId, { q: "fromagerie" }, { refuseAfterMs: 50 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ messageKey: "search.notYetSearchable", status: 409, vars: { n: waiting + 3 } });
    } finally {
      await finish();
    }
    // Once the other process has indexed them, the search finds them all.
    expect(await notYetSearchable(db, callId, Infinity)).toBe(waiting);
    const list = await instructionList(db, callId, { q: "fromagerie" }, new Date(), { searchWaitMs: 100 });
    expect(list.rows.map((r) => r.id).sort()).toEqual([...fresh].sort());
    expect(list.notYetSearchable).toBe(waiting);
    // An export waits for the catch-up, and leaves a job waiting for its retry to the worker.
    expect([...((await matchingDossierIds(db, callId, { q: "fromagerie" })) ?? [])].sort()).toEqual([...fresh].sort());
  });

  it("does not wait when more than a batch of submissions is behind: it answers at once, and the catch-up goes on", async () => {
    const db = env.services.db;
    const waiting = await notYetSearchable(db, callId, Infinity);
    // Sixty submissions' indexing queued (of dossiers since purged: each is done in no time).
    await enqueueAll(
      db,
      Array.from({ length: 60 }, () => ({ type: INDEX_JOB, payload: { dossierId: randomUUID(), callId } })),
    );
    // Waiting would have indexed them all within the minute: it answers at once with what is not searchable.
    expect(await notYetSearchable(db, callId, 60_000)).toBe(waiting + 60);
    await catchUpIndex(db, callId);
    expect(await notYetSearchable(db, callId, 0)).toBe(waiting);
  });

  it("puts back the jobs a catch-up had claimed when its process stops, and claims nothing while every job is under way", async () => {
    // Its own services on their own data: stopping them, as a restart does, is the point.
    const own = await testEnv(kind);
    const QUEUED = 2000;
    try {
      const db = own.services.db;
      const id = (await findCallBySlug(db, "ptce-emploi-2015"))!.id;
      // Indexing queued for 2,000 submissions (of dossiers since purged: each job is done in no time, and
      // SQLite's catch-up lets the timer in after 50 ms of them, long before the last).
      await enqueueAll(
        db,
        Array.from({ length: QUEUED }, () => ({ type: INDEX_JOB, payload: { dossierId: randomUUID(), callId: id } })),
      );
      const work = catchUpIndex(db, id);
      await new Promise((r) => setTimeout(r, 20));
      await own.services.stop();
      const ran = await work;
      // Started again on the same data: no job is left marked running by the stopped process.
      own.services = await startServices(own.services.config, { quiet: true });
      const again = own.services.db;
      const statuses = await again.selectFrom("job").select("status").where("type", "=", INDEX_JOB).execute();
      const count = (status: string) => statuses.filter((j) => j.status === status).length;
      expect(count("running")).toBe(0);
      expect(count("done")).toBe(ran);
      expect(count("pending")).toBe(QUEUED - ran);
      expect(count("pending")).toBeGreaterThan(0);
      expect(await catchUpIndex(again, id)).toBe(QUEUED - ran);

      // Every job under way in another process (or waiting for its retry): a search counts them and claims none.
      await enqueueAll(
        again,
        Array.from({ length: 3 }, () => ({ type: INDEX_JOB, payload: { dossierId: randomUUID(), callId: id } })),
      );
      await claimDueJobs(again, { limit: 10, type: INDEX_JOB });
      await enqueue(again, INDEX_JOB, { dossierId: randomUUID(), callId: id }, new Date(Date.now() + 3_600_000));
      const statements: string[] = [];
      const watched = again.withPlugin({
        transformQuery: ({ node }) => (statements.push(node.kind), node),
        transformResult: async ({ result }) => result,
      });
      expect(await notYetSearchable(watched, id, 60_000)).toBe(4);
      expect(statements).toEqual(["SelectQueryNode", "SelectQueryNode"]);
    } finally {
      await own.close();
    }
  });

  it("lets other work run between the jobs of a catch-up", async () => {
    // SQLite's statements answer at once: a catch-up with no turn of the event loop between its jobs held
    // every other request (and its searches' time limit) until the whole queue was indexed.
    await submitWith(env, "conserverie", 4);
    expect(await endsBeforeNextTurn(catchUpIndex(env.services.db, callId))).toEqual({ ended: false, value: 4 });
  });

  it("indexes the latest submitted version only", async () => {
    const db = env.services.db;
    const owner = (await db.selectFrom("dossier").select("created_by").where("id", "=", ids.cantine).executeTakeFirstOrThrow()).created_by;
    await reopenDossier(db, { dossier: await dossierForMember(db, owner, ids.cantine), userId: owner });
    const v = (
      await db
        .selectFrom("answer")
        .select("version")
        .where("dossier_id", "=", ids.cantine)
        .where("field_key", "=", "q3_experiences")
        .executeTakeFirstOrThrow()
    ).version;
    await saveAnswers(db, {
      dossier: await dossierForMember(db, owner, ids.cantine),
      userId: owner,
      changes: [{ key: "q3_experiences", value: "Une ressourcerie de matériaux du bâtiment.", baseVersion: v }],
    });
    await submitDossier(db, { dossier: await dossierForMember(db, owner, ids.cantine), userId: owner, locale: "fr" });
    expect(await searchDossiers(db, callId, "maraichers")).toEqual([]);
    expect(await searchDossiers(db, callId, "ressourcerie")).toEqual([ids.cantine]);
    expect(await searchDossiers(db, callId, "cantine")).toEqual([ids.cantine]); // still its organisation's name
  });
});

describe("dossier search on postgres, while indexing is held up", () => {
  let env: TestEnv;
  let callId = "";
  beforeAll(async () => {
    env = await testEnv("postgres");
    callId = (await findCallBySlug(env.services.db, "ptce-emploi-2015"))!.id;
  });
  afterAll(async () => env?.close());

  it("waits for the index at most its time limit, then says how many submissions it does not find yet", async () => {
    const db = env.services.db;
    const fresh = await submitWith(env, "biscuiterie", 3);
    // Another transaction holds one dossier's facts: indexing it waits for them.
    const other = new pg.Client({ connectionString: env.services.config.databaseUrl });
    await other.connect();
    await other.query("begin");
    await other.query("select 1 from dossier_fact where dossier_id = $1 for update", [fresh[0]]);
    let list: Awaited<ReturnType<typeof instructionList>>;
    try {
      // Without a time limit this would wait for the other transaction, which waits for this test.
      list = await instructionList(db, callId, { q: "biscuiterie" }, new Date(), { searchWaitMs: 200 });
    } finally {
      await other.query("commit");
      await other.end();
    }
    expect(list.notYetSearchable).toBe(1);
    expect(list.rows.map((r) => r.id).sort()).toEqual(fresh.slice(1).sort());
    // The catch-up went on meanwhile.
    expect(await notYetSearchable(db, callId, Infinity)).toBe(0);
    expect((await instructionList(db, callId, { q: "biscuiterie" })).rows.map((r) => r.id).sort()).toEqual([...fresh].sort());
  });
});

// Issue 11: every search page first counts its call's submissions still waiting to be indexed. With the
// planner's statistics taken while a deadline's index jobs were waiting (as they are after the surge, until
// the statistics are taken again), SQLite read the whole job table for that count — every job ever run —
// rather than the index of the jobs still to run (migration 030).
describe("the index queue's count on sqlite, with statistics taken during a surge", () => {
  let env: TestEnv;
  let callId = "";
  beforeAll(async () => {
    env = await testEnv("sqlite");
    callId = (await findCallBySlug(env.services.db, "ptce-emploi-2015"))!.id;
  });
  afterAll(async () => env?.close());

  it("reads the jobs still to run through their own index, and counts only those", async () => {
    const db = env.services.db;
    // A surge's 1,500 index jobs of another call, and their receipts, waiting: the statistics are taken then.
    const surge = await enqueueAll(
      db,
      Array.from({ length: 1_500 }, () => [
        { type: INDEX_JOB, payload: { dossierId: randomUUID(), callId: "another-call" } },
        { type: "send-receipt", payload: { submissionId: randomUUID() } },
      ]).flat(),
    );
    await sql`analyze`.execute(db);
    // Then run: the statistics still say they wait.
    await db.updateTable("job").set({ status: "done" }).where("id", "in", surge).execute();
    await enqueueAll(db, [{ type: INDEX_JOB, payload: { dossierId: randomUUID(), callId } }]);

    const seen: CompiledQuery[] = [];
    const logged = new Kysely<DB>({ dialect: env.services.database.dialect, log: (e) => void seen.push(e.query) });
    expect(await waitingToBeIndexed(logged, callId)).toBe(1);
    const count = seen.at(-1)!;
    const plan = await db.executeQuery<{ detail: string }>({ ...count, sql: `explain query plan ${count.sql}` });
    const details = plan.rows.map((r) => r.detail);
    expect(details.join(" | ")).toMatch(/USING (COVERING )?INDEX job_open/);
    expect(details.join(" | ")).not.toMatch(/SCAN job/);
  });
});
