// Operations endpoints (issue 11): /healthz says the process is alive; /readyz that it can serve (database
// reachable, every migration applied, file storage writable); /metrics gives Prometheus its figures, to
// loopback callers or with the bearer token TRAME_METRICS_TOKEN. Each request gets an id (X-Request-Id),
// returned in the response and written with any error logged for it, never with personal data.
import { trackedBy } from "./tracked";
import { randomUUID, timingSafeEqual } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { sql } from "kysely";
import type { Services } from "../app/services.server";
import { migrations } from "../app/db/migrations/index";
import { httpDuration, httpRequests, metricsText, routeLabel } from "../app/ops/metrics.server";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

/** A request id: the proxy's when it looks like one, else a new one; counted in the metrics when the answer is sent. */
export function requestIds() {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get("x-request-id");
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const route = routeLabel(req.originalUrl || req.url);
      httpRequests.inc({ route, method: req.method, status: String(res.statusCode) });
      httpDuration.observe({ route, method: req.method }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

async function readiness(services: Services): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  try {
    await sql`select 1`.execute(services.db);
    checks.database = "ok";
  } catch {
    checks.database = "unreachable";
  }
  if (checks.database === "ok") {
    try {
      const applied = await services.db
        .selectFrom("kysely_migration" as never)
        .select("name" as never)
        .execute();
      const names = new Set((applied as { name: string }[]).map((r) => r.name));
      const missing = Object.keys(migrations).filter((m) => !names.has(m));
      checks.migrations = missing.length ? `missing ${missing.length}` : "ok";
    } catch {
      checks.migrations = "unknown";
    }
  }
  try {
    const key = `readyz/${process.pid}-${randomUUID()}`;
    await services.storage.put(key, Buffer.from("ok"));
    await services.storage.remove(key);
    checks.storage = "ok";
  } catch {
    checks.storage = "not writable";
  }
  return { ok: Object.values(checks).every((v) => v === "ok"), checks };
}

function mayReadMetrics(req: Request, ip: string): boolean {
  const token = process.env.TRAME_METRICS_TOKEN;
  const given = (req.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
  if (token && given && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token))) return true;
  return ip === "127.0.0.1" || ip === "::1" || ip === "::ffff:127.0.0.1";
}

export function opsRoutes(services: Services) {
  const router = express.Router();
  // With several app processes (TRAME_PROCESSES), which one answered: « 2/4 ».
  const slot = process.env.TRAME_PROCESS_SLOT ? `${process.env.TRAME_PROCESS_SLOT}/${process.env.TRAME_PROCESS_COUNT}` : undefined;
  router.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json(slot ? { status: "ok", process: slot } : { status: "ok" });
  });
  const tracked = trackedBy(services.requests);
  router.get(
    "/readyz",
    tracked(async (_req, res) => {
      res.setHeader("Cache-Control", "no-store");
      // Shutting down: the proxy must send new requests elsewhere while those in flight finish.
      if (services.draining) return void res.status(503).json({ status: "stopping", checks: {} });
      const r = await readiness(services);
      res.setHeader("Cache-Control", "no-store");
      res.status(r.ok ? 200 : 503).json({ status: r.ok ? "ready" : "not ready", checks: r.checks });
    }),
  );
  router.get(
    "/metrics",
    tracked(async (req, res) => {
      if (!mayReadMetrics(req, String(res.locals.ip ?? ""))) return void res.status(404).type("text/plain").send("Not found");
      res.setHeader("Cache-Control", "no-store");
      res.type("text/plain; version=0.0.4").send(await metricsText(services.db));
    }),
  );
  return router;
}
