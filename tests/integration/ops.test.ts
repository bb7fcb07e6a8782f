// Operations (issue 11, part 4, first pieces) through the real server on both databases: /healthz,
// /readyz with its checks, Prometheus metrics for loopback callers, and a request id on every answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES } from "../support/services";
import { startBuiltServer, type RunningServer } from "../support/server";

describe.each(DATABASES)("operations endpoints on %s", (kind) => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startBuiltServer(kind);
  });
  afterAll(async () => srv?.close());

  it("says it is alive and ready, naming each check", async () => {
    const health = await fetch(`${srv.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${srv.url}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", storage: "ok" } });
    expect(ready.status).toBe(200);
  });

  it("counts requests by route with ids folded, and reads the shared job queue", async () => {
    await fetch(`${srv.url}/appels/ptce-emploi-2015`);
    await fetch(`${srv.url}/dossiers/00000000-0000-0000-0000-000000000000`, { redirect: "manual" });
    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    expect(metrics).toMatch(/trame_http_requests_total\{route="\/appels\/ptce-emploi-2015",method="GET",status="200"\} \d+/);
    expect(metrics).toContain('route="/dossiers/:id"');
    expect(metrics).not.toContain("00000000-0000");
    expect(metrics).toMatch(/trame_jobs\{status="pending"\} \d+/);
    expect(metrics).toContain("trame_http_request_duration_seconds_bucket");
  });

  it("gives every answer a request id, keeping a well-formed one from the proxy", async () => {
    const fresh = await fetch(`${srv.url}/healthz`);
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${srv.url}/healthz`, { headers: { "x-request-id": "proxy-abc-12345" } });
    expect(kept.headers.get("x-request-id")).toBe("proxy-abc-12345");
    const forged = await fetch(`${srv.url}/healthz`, { headers: { "x-request-id": "<script>alert(1)</script>" } });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
