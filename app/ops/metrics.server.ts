// Prometheus metrics (issue 11, operations): requests by route and status with latency histograms, jobs
// queued and failed (read at scrape time from the shared queue, so every server reports the same), e-mails
// sent and failed, autosaves and submissions. One registry per process; Prometheus sums across servers.
// With several processes on one server (TRAME_PROCESSES, ADR 042), the one that answers asks the primary
// for the sum over all of them, so that a scrape never sees one process at random.
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Kdb } from "../db/database.server";

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "trame_" });
/** The shared queue's figures: read from the database at scrape time, the same for every process (not summed). */
const queueRegistry = new Registry();
// The primary's AggregatorRegistry gathers this registry from each process. prom-client answers the
// primary's requests only once an AggregatorRegistry exists in the process: one is made for that.
if (cluster.isWorker) {
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry();
}

export const httpRequests = new Counter({
  name: "trame_http_requests_total",
  help: "HTTP requests by route, method and status",
  labelNames: ["route", "method", "status"] as const,
  registers: [registry],
});
export const httpDuration = new Histogram({
  name: "trame_http_request_duration_seconds",
  help: "HTTP request latency by route and method",
  labelNames: ["route", "method"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
export const emails = new Counter({
  name: "trame_emails_total",
  help: "E-mails by outcome",
  labelNames: ["outcome"] as const,
  registers: [registry],
});
export const autosaves = new Counter({
  name: "trame_autosaves_total",
  help: "Autosave requests by status",
  labelNames: ["status"] as const,
  registers: [registry],
});
export const submissions = new Counter({
  name: "trame_submissions_total",
  help: "Submissions by outcome",
  labelNames: ["outcome"] as const,
  registers: [registry],
});
export const periodicRuns = new Counter({
  name: "trame_periodic_runs_total",
  help: "Periodic tasks run by this process (each slot runs on one process only)",
  labelNames: ["task"] as const,
  registers: [registry],
});
const jobs = new Gauge({
  name: "trame_jobs",
  help: "Jobs in the shared queue by status",
  labelNames: ["status"] as const,
  registers: [queueRegistry],
});

/**
 * A route label with bounded cardinality: ids (UUIDs, numbers, tokens) become « :id », so
 * /dossiers/3f…/parties/identite and /dossiers/9a…/parties/identite count together.
 */
export function routeLabel(path: string): string {
  const clean = path.split("?")[0].replace(/\.data$/, "");
  const parts = clean
    .split("/")
    .slice(0, 8)
    .map((p) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p) || /^\d+$/.test(p) || p.length > 40 ? ":id" : p,
    );
  const label = parts.join("/") || "/";
  return label.startsWith("/assets/") ? "/assets/*" : label;
}

/** The metrics text; the queue's figures are read now from the database shared by every server. */
export async function metricsText(db: Kdb): Promise<string> {
  const rows = await db
    .selectFrom("job")
    .select(["status", db.fn.countAll<number>().as("n")])
    .where("status", "in", ["pending", "running", "failed"])
    .groupBy("status")
    .execute();
  jobs.reset();
  for (const status of ["pending", "running", "failed"]) jobs.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
  const own = cluster.isWorker && process.send ? await allProcesses() : await registry.metrics();
  return own + (await queueRegistry.metrics());
}

/** Every app process's metrics, summed by the primary (a worker of TRAME_PROCESSES). */
function allProcesses(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error("the primary process did not answer")), 5000);
    function finish(error: Error | null, text?: string) {
      clearTimeout(timer);
      process.off("message", onMessage);
      if (error) reject(error);
      else resolve(text!.endsWith("\n") ? text! : `${text}\n`);
    }
    function onMessage(m: { type?: string; id?: string; text?: string; error?: string }) {
      if (m?.type !== "trame:metrics" || m.id !== id) return;
      finish(m.error ? new Error(m.error) : null, m.text);
    }
    process.on("message", onMessage);
    process.send!({ type: "trame:metrics?", id });
  });
}
