// Trame as a separate process, started exactly as `npm start` does (server/start.js on the production
// build), for tests that must see whether the process itself survives, and raw HTTP over a socket for
// requests no HTTP client would send (truncated bodies, lying lengths, broken multipart).
import { SERVER_NODE_ARGS } from "../../server/node-args";
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "./server";
import { createTestDatabase } from "./postgres";
import type { DbName } from "./services";

/** The processes a process started (a primary's app processes under TRAME_PROCESSES), from /proc; none once it ended. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export interface TrameProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote (its log and console). */
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

export async function startTrameProcess(kind: DbName, env: Record<string, string> = {}): Promise<TrameProcess> {
  if (!existsSync(resolve("build/server/index.js"))) throw new Error("Run `npm run build` first (npm test does it).");
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "trame-proc-"));
  const pgdb = kind === "postgres" ? await createTestDatabase() : null;
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, "server/start.js"], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      APP_URL: url,
      TRAME_DATA_DIR: dataDir,
      ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const started = Date.now();
  while (!out.includes(`(port ${port},`)) {
    if (child.exitCode !== null) throw new Error(`Trame exited at start:\n${out}`);
    if (Date.now() - started > 60_000) throw new Error(`Trame did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Several Trame processes started together; if one cannot start, those that did are stopped. */
export async function startTrameProcesses(n: number, kind: DbName, env: Record<string, string>): Promise<TrameProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: n }, () => startTrameProcess(kind, env)));
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(started.flatMap((s) => (s.status === "fulfilled" ? [s.value.stop()] : [])));
    throw (failed as PromiseRejectedResult).reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<TrameProcess>).value);
}

export interface RawAnswer {
  /** The status of the first response, or null when the server closed without answering. */
  status: number | null;
  text: string;
}

/**
 * Sends these exact bytes and reads until the server closes the connection or `waitMs` passes. With
 * `endAfterWrite`, the client half-closes after writing (a body shorter than its Content-Length).
 */
export function rawRequest(
  port: number,
  bytes: Buffer | string,
  options: { waitMs?: number; endAfterWrite?: boolean } = {},
): Promise<RawAnswer> {
  return new Promise((resolveAnswer) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      const text = Buffer.concat(chunks).toString("utf8");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolveAnswer({ status: m ? Number(m[1]) : null, text });
    };
    socket.on("data", (c: Buffer) => {
      chunks.push(c);
      // One complete response is enough: stop once the headers and a body of the announced length are in.
      const all = Buffer.concat(chunks).toString("latin1");
      const head = all.indexOf("\r\n\r\n");
      const len = /\r\ncontent-length: (\d+)/i.exec(all.slice(0, head));
      if (head >= 0 && len && Buffer.byteLength(all.slice(head + 4), "latin1") >= Number(len[1])) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.setTimeout(options.waitMs ?? 3000, finish);
    socket.write(bytes, () => {
      if (options.endAfterWrite) socket.end();
    });
  });
}
