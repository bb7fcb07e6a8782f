// The job queue (ADR 005, issue 11) on both databases: jobs claimed by batch in one statement, each by one
// claimer only; a worker that finds a full batch goes on at once until the queue is drained; a stopping
// worker puts back what it has not started; jobs run a month ago (failed: three months) are purged, a
// batch at a time, and those still to run are kept whatever their age.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, testEnv, type TestEnv } from "../support/services";
import { claimDueJobs, drainDueJobs, enqueueAll, purgeFinishedJobs, runDueJobs } from "../../app/jobs/queue.server";
import { endsBeforeNextTurn } from "../support/event-loop";

describe.each(DATABASES)("the job queue on %s", (kind) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(kind);
  });
  afterAll(async () => env?.close());

  const queue = async (type: string, n: number) =>
    enqueueAll(
      env.services.db,
      Array.from({ length: n }, (_, i) => ({ type, payload: { i } })),
    );
  const statusOf = async (type: string) =>
    (await env.services.db.selectFrom("job").select("status").where("type", "=", type).execute()).map((j) => j.status);

  it("drains more than a batch at once: every due job runs, once", async () => {
    await queue("test-drain", 45);
    const seen: number[] = [];
    const ran = await drainDueJobs(env.services.db, { "test-drain": async (p) => void seen.push((p as { i: number }).i) }, { batch: 20 });
    expect(ran).toBe(45);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 45 }, (_, i) => i));
    expect(new Set(await statusOf("test-drain"))).toEqual(new Set(["done"]));
  });

  it("gives each job to one claimer only when several claim at once", async () => {
    await queue("test-claim", 30);
    const claims = await Promise.all(Array.from({ length: 4 }, () => claimDueJobs(env.services.db, { limit: 10, type: "test-claim" })));
    const ids = claims.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(30);
    expect(new Set(await statusOf("test-claim"))).toEqual(new Set(["running"]));
  });

  it("puts back the jobs a stopping worker claimed but had not started", async () => {
    await queue("test-stop", 5);
    let started = 0;
    const ran = await runDueJobs(env.services.db, { "test-stop": async () => void started++ }, { limit: 5, stopped: () => started >= 2 });
    expect(ran).toBe(2);
    const rows = await env.services.db.selectFrom("job").select(["status", "locked_at"]).where("type", "=", "test-stop").execute();
    expect(rows.filter((r) => r.status === "done")).toHaveLength(2);
    expect(rows.filter((r) => r.status === "pending" && r.locked_at === null)).toHaveLength(3);
  });

  it("purges the jobs run over 30 days ago and those failed for good over 90 days ago, keeping every job still to run", async () => {
    const now = new Date("2026-12-01T10:00:00Z");
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const db = env.services.db;
    const put = async (label: string, status: "pending" | "running" | "done" | "failed", days: number, n = 1) => {
      const ids = await enqueueAll(
        db,
        Array.from({ length: n }, () => ({ type: "test-purge", payload: { label } })),
        daysAgo(days),
      );
      await db.updateTable("job").set({ status }).where("id", "in", ids).execute();
    };
    // More than a batch (500) of a deadline's jobs run long ago.
    await put("done long ago", "done", 31, 1_200);
    await put("done lately", "done", 29);
    await put("failed long ago", "failed", 91);
    await put("failed lately", "failed", 89);
    await put("still to run", "pending", 200);
    await put("running", "running", 200);
    expect(await purgeFinishedJobs(db, now)).toBe(1_201);
    const left = await db.selectFrom("job").select(["payload_json", "status"]).where("type", "=", "test-purge").execute();
    expect(left.map((j) => (JSON.parse(j.payload_json) as { label: string }).label).sort()).toEqual(
      ["done lately", "failed lately", "running", "still to run"].sort(),
    );
    // Nothing left to purge: a second pass deletes nothing.
    expect(await purgeFinishedJobs(db, now)).toBe(0);
    await db.deleteFrom("job").where("type", "=", "test-purge").execute();
  });

  it("lets the process's other requests in between jobs (SQLite held them for the whole batch)", async () => {
    await queue("test-turns", 3);
    const run = runDueJobs(env.services.db, { "test-turns": async () => undefined }, { limit: 20 });
    // (With what the stopping worker above put back.)
    expect((await endsBeforeNextTurn(run)).ended).toBe(false);
    expect(await statusOf("test-turns")).toEqual(["done", "done", "done"]);
  });
});
