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
