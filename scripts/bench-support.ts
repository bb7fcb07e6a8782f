// Shared by the benchmark scripts: the built server in its own process, ready to answer.
import { SERVER_NODE_ARGS } from "../server/node-args";
import { execSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { freePort } from "../tests/support/server";
import { childPids } from "../tests/support/process";

/**
 * App processes for Trame (TRAME_PROCESSES) and for the bare references alike, so that a ratio compares
 * like with like: BENCH_PROCESSES, 1 by default (ADR 042).
 */
export const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 1);

/** A process and every process it started (the app processes under TRAME_PROCESSES). */
const processTree = (pid: number): number[] => [pid, ...childPids(pid).flatMap(processTree)];

/** A figure read from /proc/<p>/<file> of a process and of every process it started, summed (0 for one that ended). */
function sumOverTree(pid: number, file: "status" | "stat", read: (text: string) => number): number {
  let sum = 0;
  for (const p of processTree(pid)) {
    try {
      sum += read(readFileSync(`/proc/${p}/${file}`, "utf8"));
    } catch {
      /* ended */
    }
  }
  return sum;
}

/** A memory figure in MiB from /proc/<pid>/status (VmHWM: peak resident; RssAnon, RssFile), summed over the process tree. */
export function procStatusMiB(pid: number, field: "VmHWM" | "VmRSS" | "RssAnon" | "RssFile"): number {
  const kb = sumOverTree(pid, "status", (text) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0));
  return Math.round(kb / 1024);
}
/** Peak resident memory of a server: with several processes, the sum of each one's peak (a bound on the whole's). */
export const peakRssMiB = (pid: number) => procStatusMiB(pid, "VmHWM");

/**
 * Servers still running when the bench's process ends, by a failure as well: stopped with it. Left behind,
 * a server kept its port, its database and the output pipe open (a failed run never ended).
 */
const running = new Set<ChildProcess>();
function track(proc: ChildProcess): ChildProcess {
  running.add(proc);
  proc.once("exit", () => running.delete(proc));
  return proc;
}
process.once("exit", () => {
  for (const proc of running) proc.kill("SIGTERM");
});

export async function startServer(
  env: Record<string, string>,
  options: { profileDir?: string } = {},
): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = [...SERVER_NODE_ARGS, ...(options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [])];
  // Node's own options for the server only (say, V8's heap sizes), for trying them under the same load.
  if (process.env.BENCH_SERVER_NODE_ARGS) nodeArgs.push(...process.env.BENCH_SERVER_NODE_ARGS.split(/\s+/).filter(Boolean));
  const proc = track(
    spawn(process.execPath, [...nodeArgs, "server/start.js"], {
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        APP_URL: url,
        TRAME_WORKER: "0",
        LOG_LEVEL: "warn",
        NODE_ENV: "production",
        TRAME_PROCESSES: String(PROCESSES),
        TRAME_AUTOSAVE_PER_MINUTE: "1000000000",
      },
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  // Ready once every app process serves (each says so on a line of its own): measuring while the second
  // one still starts would measure its start.
  let out = "";
  proc.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  const started = () => (out.match(/^Trame: /gm) ?? []).length >= PROCESSES;
  for (let i = 0; i < 300; i++) {
    try {
      if (started() && (await fetch(url)).ok) return { proc, url };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not start");
}

/** The bare-Node reference server on the same database (scripts/bench-reference.ts). */
export async function startReference(
  mode: "list" | "autosave" | "cost",
  target: string,
  env: Record<string, string> = {},
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  // Profiled beside Trame (BENCH_PROFILE), in its own folder: the same request's time in both.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${join(process.env.BENCH_PROFILE, "reference")}`] : [];
  const args = [...profile, "--import", "tsx", "scripts/bench-reference.ts", mode, target, String(port), String(PROCESSES)];
  const proc = track(
    spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on("data", (c: Buffer) => c.toString().includes("ready") && resolve());
    proc.once("exit", () => reject(new Error("reference server exited")));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: proc.pid!,
    async stop() {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    },
  };
}

export interface LoadFigures {
  /** Requests per second over the measured period. */
  rps: number;
  p50: number;
  p99: number;
  /** Requests measured (sent after the warm-up). */
  count: number;
  errors: number;
}

/** Kernel clock ticks per second, the unit of /proc/<pid>/stat's CPU times (100 on Linux). */
const CLOCK_TICKS = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;

/** CPU time (user and system, every thread) used so far by a process and the processes it started, in ms. */
export function cpuMs(pid: number): number {
  const ticks = sumOverTree(pid, "stat", (text) => {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = text.split(") ")[1].split(" ");
    return Number(fields[11]) + Number(fields[12]);
  });
  return (ticks * 1000) / CLOCK_TICKS;
}

/**
 * A server's CPU time per request, the requests sent one after the other (a closed loop of one), after a
 * fifth of them to warm up. On a shared 2-core machine throughput moves by ±30 % from run to run; this moves
 * by ~10 %, and says what a request itself costs, queueing aside (issue 11, ADR 049).
 */
export async function cpuPerRequest(
  url: string,
  pid: number,
  paths: string[],
  headers: Record<string, string>,
  n: number,
): Promise<number> {
  const send = async (i: number) => {
    const r = await fetch(`${url}${paths[i % paths.length]}`, { headers });
    if (r.status !== 200) throw new Error(`${paths[i % paths.length]} → ${r.status}`);
    await r.arrayBuffer();
  };
  for (let i = 0; i < Math.ceil(n / 5); i++) await send(i);
  const before = cpuMs(pid);
  for (let i = 0; i < n; i++) await send(i);
  return (cpuMs(pid) - before) / n;
}

/** Seconds of load before the measurement: connections opened, code compiled, caches filled. */
export const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP ?? 3);

/**
 * Runs autocannon for the warm-up and then `seconds`, and computes the figures from the requests sent
 * after the warm-up only. Why: Node accepts one new connection per turn of its event loop, so when 50
 * connections open at once on a busy server, the last ones wait for seconds before their first request
 * is even read (a bare Node server spending 5 ms per request shows a p99 of 2.5 s from this alone). In
 * service, connections are opened over time and kept open by the reverse proxy.
 */
export async function measureLoad(options: Record<string, unknown> & { seconds: number; warmUpSeconds?: number }): Promise<LoadFigures> {
  const { seconds, warmUpSeconds = WARM_UP_SECONDS, ...rest } = options;
  const samples: { sentAt: number; ms: number }[] = [];
  const t0 = performance.now();
  const instance = autocannon({ ...rest, duration: warmUpSeconds + seconds } as unknown as autocannon.Options);
  (instance as unknown as NodeJS.EventEmitter).on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
    const now = performance.now() - t0;
    samples.push({ sentAt: now - ms, ms });
  });
  const result = await instance;
  const measured = samples
    .filter((s) => s.sentAt >= warmUpSeconds * 1000)
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  const at = (q: number) => (measured.length ? Math.round(measured[Math.min(measured.length - 1, Math.floor(q * measured.length))]) : 0);
  return { rps: Math.round(measured.length / seconds), p50: at(0.5), p99: at(0.99), count: measured.length, errors: result.errors };
}

/**
 * The server's memory now, from its own Prometheus metrics (loopback may read them): the JavaScript
 * heap in use and reserved, memory outside the heap (buffers, native), and the resident set. Says what
 * a peak RSS is made of.
 */
export async function memoryNow(url: string): Promise<{ heapUsed: number; heapTotal: number; external: number; rss: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mib = (name: string) => Math.round(Number(new RegExp(`^trame_${name} (\\S+)$`, "m").exec(text)?.[1] ?? 0) / 1048576);
  return {
    heapUsed: mib("nodejs_heap_size_used_bytes"),
    heapTotal: mib("nodejs_heap_size_total_bytes"),
    external: mib("nodejs_external_memory_bytes"),
    rss: mib("process_resident_memory_bytes"),
  };
}
