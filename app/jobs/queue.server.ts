// A durable job queue in our own database, the same on SQLite and PostgreSQL: jobs survive restarts,
// a job is claimed by one conditional update, failures are retried with backoff. (ADR 005)
import type { Kdb } from "../db/database.server";
import { newId } from "../lib/ids";

export type JobHandler = (payload: unknown) => Promise<void>;
export const MAX_ATTEMPTS = 6;

export async function enqueue(db: Kdb, type: string, payload: unknown, runAt: Date = new Date()): Promise<string> {
  return (await enqueueAll(db, [{ type, payload }], runAt))[0];
}

/** Queues several jobs in one statement (a submission queues its indexing and its receipt together). */
export async function enqueueAll(db: Kdb, jobs: { type: string; payload: unknown }[], runAt: Date = new Date()): Promise<string[]> {
  const createdAt = new Date().toISOString();
  const rows = jobs.map((j) => ({
    id: newId(),
    type: j.type,
    payload_json: JSON.stringify(j.payload),
    status: "pending" as const,
    attempts: 0,
    run_at: runAt.toISOString(),
    locked_at: null,
    last_error: null,
    created_at: createdAt,
  }));
  if (rows.length) await db.insertInto("job").values(rows).execute();
  return rows.map((r) => r.id);
}

/**
 * Claims one job (a conditional update: one process only) and runs it, with the queue's retries on
 * failure. False when another process had it. Used by the worker, and by a reader that needs a queued
 * job's work done now (a search that must see the latest submission).
 */
export async function runClaimed(
  db: Kdb,
  job: { id: string; type: string; payload_json: string; attempts: number },
  handler: JobHandler | undefined,
  now = new Date(),
): Promise<boolean> {
  const claimed = await db
    .updateTable("job")
    .set({ status: "running", locked_at: now.toISOString() })
    .where("id", "=", job.id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return false;
  try {
    if (!handler) throw new Error(`No handler for job type ${job.type}`);
    await handler(JSON.parse(job.payload_json));
    await db.updateTable("job").set({ status: "done", locked_at: null }).where("id", "=", job.id).execute();
  } catch (err) {
    const attempts = job.attempts + 1;
    const retryAt = new Date(now.getTime() + 2 ** attempts * 30000);
    await db
      .updateTable("job")
      .set({
        status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
        attempts,
        locked_at: null,
        run_at: retryAt.toISOString(),
        last_error: String(err instanceof Error ? (err.stack ?? err.message) : err).slice(0, 4000),
      })
      .where("id", "=", job.id)
      .execute();
  }
  return true;
}

/** Runs the jobs due now; returns how many ran. Safe to call from several processes. */
export async function runDueJobs(
  db: Kdb,
  handlers: Record<string, JobHandler>,
  options: { limit?: number; now?: Date; stopped?: () => boolean } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  // A job left "running" by a crashed process for 10 minutes is taken up again.
  await db
    .updateTable("job")
    .set({ status: "pending", locked_at: null })
    .where("status", "=", "running")
    .where("locked_at", "<", new Date(now.getTime() - 600000).toISOString())
    .execute();
  const due = await db
    .selectFrom("job")
    .select(["id", "type", "payload_json", "attempts"])
    .where("status", "=", "pending")
    .where("run_at", "<=", now.toISOString())
    .orderBy("run_at")
    .limit(options.limit ?? 20)
    .execute();
  let ran = 0;
  for (const job of due) {
    if (options.stopped?.()) break; // shutting down: claim nothing more, the job stays for another process
    if (await runClaimed(db, job, handlers[job.type], now)) ran++;
  }
  return ran;
}

/** Runs due jobs every `intervalMs`; the returned function stops claiming and waits for the job under way. */
export function startWorker(
  db: Kdb,
  handlers: Record<string, JobHandler>,
  intervalMs = 1000,
  onError?: (e: unknown) => void,
): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = runDueJobs(db, handlers, { stopped: () => stopped })
      .then(
        () => undefined,
        (e) => onError?.(e),
      )
      .finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
