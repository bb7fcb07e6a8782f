// Periodic tasks (reminders, digests, retention, clean-ups) run once per time slot, whatever the number
// of app processes: each process looks every half minute, and the one whose insert of (task, slot)
// succeeds runs it; the others find the slot taken. (Issue 11, ADR 027.) Jobs of the queue are claimed
// one by one with a conditional update (queue.server.ts); this is the same idea for the clock.
import type { Kdb } from "../db/database.server";

export interface PeriodicTask {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/** The slot an instant falls in: slots start at multiples of the period since the epoch. */
export const slotOf = (task: Pick<PeriodicTask, "everyMs">, now: number) => String(Math.floor(now / task.everyMs));

/** Takes a task's slot for this process; false when another process already has it. */
export async function claimSlot(db: Kdb, input: { task: string; slot: string; by: string; now?: Date }): Promise<boolean> {
  const r = await db
    .insertInto("schedule_claim")
    .values({ task: input.task, slot: input.slot, claimed_by: input.by, claimed_at: (input.now ?? new Date()).toISOString() })
    .onConflict((oc) => oc.columns(["task", "slot"]).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Runs the tasks whose current slot this process could claim; returns their names. Once `stopping` says so,
 * it claims no further slot: the task under way finishes, and the slots of the others stay free for another
 * process (or this one after its restart) rather than being claimed by a process about to close its pools.
 */
export async function runDueTasks(
  db: Kdb,
  tasks: PeriodicTask[],
  input: {
    by: string;
    now?: number;
    onError?: (task: string, e: unknown) => void;
    /** Called as each task's run ends (the metrics count it then, not once the whole turn is over). */
    onRun?: (task: string) => void;
    stopping?: () => boolean;
  },
): Promise<string[]> {
  const now = input.now ?? Date.now();
  const ran: string[] = [];
  for (const task of tasks) {
    if (input.stopping?.()) break;
    if (!(await claimSlot(db, { task: task.name, slot: slotOf(task, now), by: input.by, now: new Date(now) }))) continue;
    try {
      await task.run();
    } catch (e) {
      input.onError?.(task.name, e);
    }
    ran.push(task.name);
    input.onRun?.(task.name);
  }
  return ran;
}

/** Claims older than a week say nothing any more. */
export async function purgeScheduleClaims(db: Kdb, now = new Date()): Promise<void> {
  await db
    .deleteFrom("schedule_claim")
    .where("claimed_at", "<", new Date(now.getTime() - 7 * 86_400_000).toISOString())
    .execute();
}

/** Looks for due tasks every `tickMs`; the returned function stops looking and waits for the task under way. */
// A process runs nothing in the slot it started in (a restart does not repeat a run just made); the
// first run comes with the next slot, as a timer started with the process would.
export function startScheduler(
  db: Kdb,
  tasks: PeriodicTask[],
  options: { by: string; tickMs?: number; onError?: (task: string, e: unknown) => void; onRun?: (task: string) => void },
): () => Promise<void> {
  let current: Promise<unknown> | null = null;
  let stopped = false;
  const started = Date.now();
  const tick = () => {
    if (stopped || current) return;
    const now = Date.now();
    const due = tasks.filter((t) => slotOf(t, now) !== slotOf(t, started));
    current = runDueTasks(db, due, { by: options.by, now, onError: options.onError, onRun: options.onRun, stopping: () => stopped })
      .catch((e) => options.onError?.("scheduler", e))
      .finally(() => (current = null));
  };
  const timer = setInterval(tick, options.tickMs ?? 30_000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await current;
  };
}
