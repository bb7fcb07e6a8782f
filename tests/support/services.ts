// Starts Trame's services on a real database (SQLite file or fresh PostgreSQL database) for a test file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configFromEnv } from "../../app/config.server";
import { startServices, type Services } from "../../app/services.server";
import { createTestDatabase } from "./postgres";

export const DATABASES = ["sqlite", "postgres"] as const;
export type DbName = (typeof DATABASES)[number];

export interface TestEnv {
  services: Services;
  dataDir: string;
  close(): Promise<void>;
}

export async function testEnv(kind: DbName, env: Record<string, string> = {}): Promise<TestEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), "trame-test-"));
  const pgdb = kind === "postgres" ? await createTestDatabase() : null;
  const config = configFromEnv({
    TRAME_DATA_DIR: dataDir,
    TRAME_WORKER: "0",
    LOG_LEVEL: "warn",
    PORT: "0",
    ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
    ...env,
  });
  const services = await startServices(config, { quiet: true });
  const test: TestEnv = {
    services,
    dataDir,
    // The services of the moment: a test may stop them and start others on the same data (a restart).
    async close() {
      await test.services.stop();
      await pgdb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}

let counter = 0;
/** A verified applicant account, created through better-auth. */
export async function createVerifiedUser(
  services: Services,
  name = "Camille Martin",
): Promise<{ id: string; email: string; password: string }> {
  const email = `user${Date.now()}${++counter}@example.org`;
  const password = "motdepasse-solide-42";
  await services.auth.api.signUpEmail({ body: { name, email, password } });
  await services.db
    .updateTable("user")
    .set({ emailVerified: services.database.kind === "postgres" ? true : 1 })
    .where("email", "=", email)
    .execute();
  const row = await services.db.selectFrom("user").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  return { id: row.id, email, password };
}
