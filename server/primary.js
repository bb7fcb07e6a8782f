// Several app processes on one machine (TRAME_PROCESSES, issue 11, ADR 042). A Node process runs its
// JavaScript on one core: at the deadline's surge, a 2-core machine left one core to the database and
// the load. This primary starts n app processes (server/serve.js) that share the port (Node's cluster:
// the primary accepts connections and hands them out in turn), and does nothing else:
// - the first process starts alone (it applies the migrations and loads the default call), the others
//   once it serves;
// - a process that ends without being asked is started again (after 1 s, up to 30 s when it keeps ending
//   within a minute of its start); if the very first one cannot start (a wrong setting, a database that
//   refuses), the primary ends with its code, for the supervisor to see;
// - SIGTERM or SIGINT: each process stops gracefully (server/serve.js: requests in flight finish, the job
//   under way finishes), then the primary ends; SIGHUP: the processes are replaced one at a time, each
//   new one serving before an old one stops (a new build, without a refused request);
// - /metrics answered by any process gives the sum over all of them (prom-client's AggregatorRegistry).
// Everything else that must be shared already lives in the database (sessions, rate limits, caches'
// invalidation, job claims, periodic slots: ADR 027), as for several servers.
import cluster from "node:cluster";
import { availableParallelism, hostname } from "node:os";
import { exitAfterOutput } from "./exit.js";

const MAX_PROCESSES = 64;

/** The number of app processes asked for: TRAME_PROCESSES unset or 1 → 1; "auto" → one per core; else an Error saying what it takes. */
export function processCount(value) {
  if (value === undefined || value === "") return 1;
  if (value === "auto") return availableParallelism();
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= MAX_PROCESSES) return n;
  return new Error(
    `TRAME_PROCESSES=${JSON.stringify(value)} : un nombre entier de 1 à ${MAX_PROCESSES}, ou « auto » (un processus par cœur). ` +
      `(TRAME_PROCESSES must be a whole number from 1 to ${MAX_PROCESSES}, or "auto".)`,
  );
}

/** One log line as the app processes write them (pino's JSON: level 30 information, 50 error). */
const line = (level, msg, fields) =>
  JSON.stringify({
    level: level === "error" ? 50 : 30,
    time: Date.now(),
    pid: process.pid,
    hostname: hostname(),
    role: "primary",
    ...fields,
    msg,
  }) + "\n";
const log = (level, msg, fields = {}) => (level === "error" ? process.stderr : process.stdout).write(line(level, msg, fields));
/** The primary's last line, then its exit, once the line is handed over (server/exit.js). */
const logAndExit = (level, msg, fields, code) => {
  log(level, msg, fields);
  exitAfterOutput(code);
};

export async function runPrimary(count) {
  const { AggregatorRegistry } = await import("prom-client");
  const aggregator = new AggregatorRegistry();
  const drainMs = Number(process.env.TRAME_DRAIN_SECONDS ?? 0) * 1000;
  /** Each live process's slot (1…n) and start time, by cluster worker id. */
  const live = new Map();
  /** Ends in a row of each slot, each within a minute of its start (the restart's delay doubles). */
  const failures = new Map();
  let stopping = false;
  let served = false;
  let replacing = null;
  /** New processes of a replacement, until they serve. */
  const trials = new Set();

  const fork = (slot) => {
    const worker = cluster.fork({ TRAME_PROCESS_SLOT: String(slot), TRAME_PROCESS_COUNT: String(count) });
    live.set(worker.id, { slot, startedAt: Date.now() });
    return worker;
  };
  const listening = (worker) =>
    new Promise((resolve) => {
      const done = (ok) => {
        worker.off("listening", onListen);
        worker.off("exit", onExit);
        resolve(ok);
      };
      const onListen = () => done(true);
      const onExit = () => done(false);
      worker.on("listening", onListen);
      worker.on("exit", onExit);
    });

  cluster.on("exit", (worker, code, signal) => {
    const { slot, startedAt } = live.get(worker.id) ?? { slot: 0, startedAt: 0 };
    live.delete(worker.id);
    const lived = Date.now() - startedAt;
    if (stopping) {
      // Counted in `live`, not `cluster.workers`: Node drops a worker from the latter at its "disconnect",
      // which may come after its "exit"; the last exit then found one left, and the primary ended without
      // its « stopped » when nothing else kept it alive (seen in CI).
      if (live.size === 0) logAndExit("info", "stopped", {}, 0);
      return;
    }
    if (!served) {
      // The first process could not start: nothing would be better with a second try at once.
      return logAndExit(
        "error",
        "the first app process could not start",
        { code, signal },
        typeof code === "number" && code !== 0 ? code : 1,
      );
    }
    if (replacing?.has(worker.id)) return;
    // A new process of SIGHUP's that could not start: the old one still serves its slot.
    if (trials.delete(worker.id)) return;
    const n = lived < 60_000 ? (failures.get(slot) ?? 0) + 1 : 1;
    failures.set(slot, n);
    const delay = Math.min(30_000, 1000 * 2 ** (n - 1));
    log("error", "an app process ended; starting another", { slot, code, signal, inMs: delay });
    setTimeout(() => !stopping && fork(slot), delay).unref();
  });

  // Metrics: a process asks, the primary gathers every process's registry and answers with the sum.
  cluster.on("message", async (worker, message) => {
    if (message?.type !== "trame:metrics?") return;
    try {
      worker.send({ type: "trame:metrics", id: message.id, text: await aggregator.clusterMetrics() });
    } catch (e) {
      worker.send({ type: "trame:metrics", id: message.id, error: String(e instanceof Error ? e.message : e) });
    }
  });

  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    log("info", "stopping every app process", { signal });
    const force = setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGKILL");
      logAndExit("error", "app processes took too long to stop; ending them", {}, 1);
    }, 30_000 + drainMs);
    force.unref();
    const workers = Object.values(cluster.workers ?? {});
    if (live.size === 0) return logAndExit("info", "stopped", {}, 0);
    for (const w of workers) w?.process.kill("SIGTERM");
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  // SIGHUP: each old process is replaced by a new one, which serves before the old one stops.
  process.on("SIGHUP", async () => {
    if (stopping || replacing) return;
    replacing = new Set();
    log("info", "replacing the app processes one at a time");
    let complete = true;
    for (const old of Object.values(cluster.workers ?? {})) {
      if (!old || stopping) continue;
      const { slot } = live.get(old.id);
      const fresh = fork(slot);
      trials.add(fresh.id);
      const serving = await listening(fresh);
      trials.delete(fresh.id);
      if (!serving) {
        log("error", "a new app process could not start; the old ones keep serving", { slot });
        complete = false;
        break;
      }
      replacing.add(old.id);
      const ended = new Promise((resolve) => old.once("exit", resolve));
      old.process.kill("SIGTERM");
      await ended;
    }
    replacing = null;
    if (complete) log("info", "app processes replaced");
  });

  const first = fork(1);
  if (!(await listening(first))) return;
  served = true;
  for (let slot = 2; slot <= count; slot++) fork(slot);
  log("info", `${count} app processes`, { count });
}
