// A durable job queue in our own database, the same on SQLite and PostgreSQL: jobs survive restarts,
// jobs are claimed by one conditional update (a batch at a time, ADR 046), failures are retried with
// backoff. (ADR 005)
import { sql, type SqlBool } from "kysely";
import { daysBefore, deleteChosenInBatches, isPostgres, requestTurns, type Kdb } from "../db/database.server";
import { newId } from "../lib/ids";
import { executePlannedOnce } from "../db/reusable-query.server";

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
  // A few jobs at once (a submission queues two: its indexing and its receipt): planned once per number of
  // jobs. Longer lists (a bulk action's e-mails) take as many shapes as lengths: planned each time.
  const insert = db.insertInto("job").values(rows);
  if (rows.length > 4) await insert.execute();
  else if (rows.length) await executePlannedOnce(db, insert);
  return rows.map((r) => r.id);
}

/** A job its process has claimed: marked running, so that no other process runs it too. */
export interface ClaimedJob {
  id: string;
  type: string;
  payload_json: string;
  attempts: number;
  run_at: string;
}

/** The ids of the jobs due now and not yet claimed: of one type, and whose payload is like a pattern, when asked. */
export function dueJobs(db: Kdb, options: { now?: Date; type?: string; payloadLike?: string }) {
  const now = (options.now ?? new Date()).toISOString();
  let due = db.selectFrom("job").select("id").where("status", "=", "pending").where("run_at", "<=", now);
  if (options.type) due = due.where("type", "=", options.type);
  if (options.payloadLike) due = due.where("payload_json", "like", options.payloadLike);
  return due;
}

/**
 * Claims up to `limit` due jobs in one statement, oldest first: those of one type (and whose payload is
 * like a pattern) when asked. On PostgreSQL the rows another process is claiming at the same moment are
 * skipped, not waited for; SQLite writes one statement at a time. Each job is claimed by one process only.
 * Before: each reader listed the due jobs, then tried to claim each in turn — with ten readers of one
 * queue, nine tries in ten were refused, each a round trip (issue 11).
 */
export async function claimDueJobs(
  db: Kdb,
  options: { limit: number; now?: Date; type?: string; payloadLike?: string },
): Promise<ClaimedJob[]> {
  const at = options.now ?? new Date();
  const now = at.toISOString();
  const due = dueJobs(db, { ...options, now: at })
    .orderBy("run_at")
    .limit(options.limit);
  // PostgreSQL: the due rows are picked once (an array), not probed for every pending job as `in` may plan it.
  const claimed = await db
    .updateTable("job")
    .set({ status: "running", locked_at: now })
    .where((eb) => (isPostgres(db) ? sql<SqlBool>`id = any(array(${due.forUpdate().skipLocked()}))` : eb("id", "in", due)))
    .where("status", "=", "pending")
    .returning(["id", "type", "payload_json", "attempts", "run_at"])
    .execute();
  return claimed.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : 0));
}

/** Puts claimed jobs that were not run back in the queue (a process stopping before their turn). */
export async function releaseJobs(db: Kdb, jobs: ClaimedJob[]): Promise<void> {
  if (!jobs.length) return;
  await db
    .updateTable("job")
    .set({ status: "pending", locked_at: null })
    .where(
      "id",
      "in",
      jobs.map((j) => j.id),
    )
    .where("status", "=", "running")
    .execute();
}

/** Runs a claimed job, with the queue's retries on failure. */
export async function runJob(db: Kdb, job: ClaimedJob, handler: JobHandler | undefined, now = new Date()): Promise<void> {
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
}

/** How long a job already run is kept (for a look at what was sent), and a job that failed for good (to diagnose it). */
export const DONE_JOBS_KEPT_DAYS = 30;
export const FAILED_JOBS_KEPT_DAYS = 90;

/**
 * Deletes the jobs run more than 30 days ago and those failed for good more than 90 days ago, a batch at
 * a time (a purge of a deadline's jobs does not hold SQLite's write lock in one go); returns how many went.
 * Without it the queue kept every job ever run — three or four per submission, and every e-mail sent with
 * its address and text — and whatever read it grew with them (issue 11). Jobs still to run are kept.
 */
export async function purgeFinishedJobs(db: Kdb, now = new Date()): Promise<number> {
  let purged = 0;
  for (const [status, days] of [
    ["done", DONE_JOBS_KEPT_DAYS],
    ["failed", FAILED_JOBS_KEPT_DAYS],
  ] as const) {
    const before = daysBefore(now, days);
    purged += await deleteChosenInBatches(db, "job", (limit) =>
      db.selectFrom("job").select("id").where("status", "=", status).where("run_at", "<", before).limit(limit),
    );
  }
  return purged;
}

/** Runs the jobs due now, at most `limit` (20); returns how many ran. Safe to call from several processes. */
export async function runDueJobs(
  db: Kdb,
  handlers: Record<string, JobHandler>,
  options: { limit?: number; now?: Date; stopped?: () => boolean; recover?: boolean } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  // A job left "running" by a crashed process for 10 minutes is taken up again (once per drain, not per batch).
  if (options.recover !== false)
    await db
      .updateTable("job")
      .set({ status: "pending", locked_at: null })
      .where("status", "=", "running")
      .where("locked_at", "<", new Date(now.getTime() - 600000).toISOString())
      .execute();
  const claimed = await claimDueJobs(db, { limit: options.limit ?? 20, now });
  let ran = 0;
  const letRequestsIn = requestTurns(db);
  for (const job of claimed) {
    if (options.stopped?.()) {
      // Shutting down: what this process has not started goes back to the queue, for another process.
      await releaseJobs(db, claimed.slice(ran));
      break;
    }
    await runJob(db, job, handlers[job.type], now);
    ran++;
    await letRequestsIn();
  }
  return ran;
}

/**
 * Runs due jobs batch after batch until fewer than a batch are due (or the process stops), letting
 * requests in between (runDueJobs' turns); returns how many ran. One batch per tick of the worker was at most 40 jobs a
 * second, while the deadline's surge queues two per submission (the search index, the receipt) at
 * hundreds of submissions a second (issue 11).
 */
export async function drainDueJobs(
  db: Kdb,
  handlers: Record<string, JobHandler>,
  options: { batch?: number; stopped?: () => boolean } = {},
): Promise<number> {
  const batch = options.batch ?? 20;
  let total = 0;
  for (;;) {
    const ran = await runDueJobs(db, handlers, { limit: batch, stopped: options.stopped, recover: total === 0 });
    total += ran;
    if (ran < batch || options.stopped?.()) return total;
  }
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
  const drain = () => drainDueJobs(db, handlers, { stopped: () => stopped });
  const timer = setInterval(() => {
    if (stopped || running) return;
    running = drain()
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
