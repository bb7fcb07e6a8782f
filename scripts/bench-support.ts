// Shared by the benchmark scripts: the built server in its own process, ready to answer.
import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../tests/support/server";

export async function startServer(env: Record<string, string>, options: { profileDir?: string } = {}): Promise<{ proc: ChildProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [];
  const proc = spawn(process.execPath, [...nodeArgs, "server/start.js"], {
    env: { ...process.env, ...env, PORT: String(port), APP_URL: url, TRAME_WORKER: "0", LOG_LEVEL: "warn", NODE_ENV: "production", TRAME_AUTOSAVE_PER_MINUTE: "1000000000" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return { proc, url };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("server did not start");
}

/** The bare-Node reference server on the same database (scripts/bench-reference.ts). */
export async function startReference(mode: "list" | "autosave", target: string): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ["--import", "tsx", "scripts/bench-reference.ts", mode, target, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
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
