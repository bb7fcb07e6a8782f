// Runs the production build of Trame in this process on a free port, on SQLite or a fresh PostgreSQL
// database, for tests that go through HTTP exactly as a browser would.
import { createServer } from "node:net";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createServer as createHttpServer, type Server } from "node:http";
import type { Services } from "../../app/services.server";
import { createTestDatabase } from "./postgres";
import type { DbName } from "./services";

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

export interface RunningServer {
  url: string;
  services: Services;
  close(): Promise<void>;
}

export async function startBuiltServer(kind: DbName, env: Record<string, string> = {}): Promise<RunningServer> {
  const build = resolve("build/server/index.js");
  if (!existsSync(build)) throw new Error("Run `npm run build` first (npm test does it).");
  const { createServerApp } = await import(pathToFileURL(build).href);
  const { configFromEnv } = await import("../../app/config.server");
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "trame-http-"));
  const pgdb = kind === "postgres" ? await createTestDatabase() : null;
  const config = configFromEnv({
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    TRAME_DATA_DIR: dataDir,
    TRAME_WORKER: "0",
    LOG_LEVEL: "warn",
    ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
    ...env,
  });
  const { handler, services } = await createServerApp(config, { quiet: true });
  const server: Server = await new Promise((res) => {
    const s = createHttpServer(handler);
    s.listen(port, "127.0.0.1", () => res(s));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    services,
    async close() {
      await new Promise((r) => server.close(r));
      await services.stop();
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs a user in through better-auth and returns the Cookie header a browser would send. */
export async function sessionCookie(services: Services, email: string, password: string): Promise<string> {
  const { headers } = await services.auth.api.signInEmail({ body: { email, password }, returnHeaders: true });
  const cookies = (headers as Headers & { getSetCookie(): string[] }).getSetCookie();
  return cookies.map((c) => c.split(";")[0]).join("; ");
}
