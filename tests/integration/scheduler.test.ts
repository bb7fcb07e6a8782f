// Periodic tasks (ADR 027): a process that is stopping claims no further slot. Before, a stop that came while
// the scheduler ran its due tasks waited for every one of them, each claimed and run by a process about to
// close its pools; now the task under way finishes and the others' slots stay free for another process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, testEnv, type TestEnv } from "../support/services";
import { claimSlot, runDueTasks, slotOf, startScheduler, type PeriodicTask } from "../../app/jobs/scheduler.server";

describe.each(DATABASES)("the scheduler on %s", (kind) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(kind);
  });
  afterAll(async () => env?.close());

  it("claims no further slot once it is stopping, and leaves those slots to another process", async () => {
    const db = env.services.db;
    const now = Date.now();
    let stopping = false;
    const ran: string[] = [];
    const task = (name: string, stop = false): PeriodicTask => ({
      name,
      everyMs: 3_600_000,
      run: async () => {
        ran.push(name);
        if (stop) stopping = true;
      },
    });
    const tasks = [task("test-first", true), task("test-second"), task("test-third")];
    const done = await runDueTasks(db, tasks, { by: "process-a", now, stopping: () => stopping });
    expect(done).toEqual(["test-first"]);
    expect(ran).toEqual(["test-first"]);
    // The slots it did not run are free: another process takes them; the one it ran is taken.
    const slot = slotOf(tasks[0], now);
    expect(await claimSlot(db, { task: "test-first", slot, by: "process-b" })).toBe(false);
    expect(await claimSlot(db, { task: "test-second", slot, by: "process-b" })).toBe(true);
    expect(await claimSlot(db, { task: "test-third", slot, by: "process-b" })).toBe(true);
  });

  it("stops between tasks: the stop waits for the task under way only", async () => {
    const db = env.services.db;
    const ran: string[] = [];
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => (release = r));
    let started: () => void = () => {};
    const firstStarted = new Promise<void>((r) => (started = r));
    // Short periods, so that the next slot comes while the test runs (a process runs nothing in its first slot).
    const tasks: PeriodicTask[] = [
      {
        name: "test-slow",
        everyMs: 200,
        run: async () => {
          ran.push("test-slow");
          started();
          await slow;
        },
      },
      { name: "test-after", everyMs: 200, run: async () => void ran.push("test-after") },
    ];
    const stop = startScheduler(db, tasks, { by: `test-${kind}`, tickMs: 20 });
    await firstStarted;
    const stopped = stop();
    release();
    await stopped;
    expect(ran).toEqual(["test-slow"]);
  });
});
