// A stopping process closes its pools only after the work its requests started (ADR 055). A request's
// work can outlive its connection (a closed tab, a proxy giving up): the server's close waits for
// connections only, and the pools used to close under such work — « driver has already been destroyed »
// at the end of a bench run, where the load generator left with searches under way.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { sql } from "kysely";
import { startServices } from "../../app/services.server";
import { DATABASES, testEnv } from "../support/services";
import { startTrameProcess } from "../support/process";

describe.each(DATABASES)("stopping the services on %s", (kind) => {
  it("waits for the requests' work under way, which still reads and writes, then closes the pools", async () => {
    const own = await testEnv(kind);
    try {
      const { services } = own;
      const call = await services.db.selectFrom("call").select("id").executeTakeFirstOrThrow();
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      // The work of a request whose person has left: it goes on after the stop has begun.
      const work = services.requests.track(
        (async () => {
          await gate;
          await services.db
            .insertInto("saved_view")
            .values({
              id: randomUUID(),
              user_id: "partie",
              call_id: call.id,
              name: "Vue écrite à l'arrêt",
              query: "",
              created_at: new Date().toISOString(),
            })
            .execute();
          return (await sql<{ one: number }>`select 1 as one`.execute(services.db)).rows[0];
        })(),
      );
      expect(services.requests.size).toBe(1);
      let stopped = false;
      const stopping = services.stop().then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 100));
      expect(stopped).toBe(false);
      open();
      expect(await work).toEqual({ one: 1 });
      await stopping;
      expect(services.requests.size).toBe(0);
      // What it wrote is there for the next process.
      own.services = await startServices(services.config, { quiet: true });
      const saved = await own.services.db.selectFrom("saved_view").select("name").where("name", "=", "Vue écrite à l'arrêt").execute();
      expect(saved).toHaveLength(1);
    } finally {
      await own.close();
    }
  });

  it("is not held by work that failed", async () => {
    const own = await testEnv(kind);
    try {
      const failed = own.services.requests.track(Promise.reject(new Error("la personne est partie")));
      await expect(failed).rejects.toThrow("la personne est partie");
      expect(own.services.requests.size).toBe(0);
    } finally {
      await own.close();
    }
  });
});

describe.each(DATABASES)("a process stopped while people leave on %s", (kind) => {
  // This one does not reproduce the race by itself (React Router stops a page whose person has left
  // before its loaders start, and the pages here are short); the test above does, and fails without the
  // wait. This one holds the whole stop, as systemd sends it, around people leaving.
  it("stops cleanly, exiting 0 with no error, when every person leaves mid-request", async () => {
    const organiser = { email: "arret@trame.test", password: "mot-de-passe-arret-42" };
    const trame = await startTrameProcess(kind, {
      TRAME_ORGANISER_EMAIL: organiser.email,
      TRAME_ORGANISER_PASSWORD: organiser.password,
      LOG_LEVEL: "info",
    });
    try {
      const signedIn = await fetch(`${trame.url}/connexion`, {
        method: "POST",
        body: new URLSearchParams({ ...organiser, intent: "password" }),
        headers: { origin: trame.url },
        redirect: "manual",
      });
      const cookie = signedIn.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      expect(cookie).toContain("session_token");
      expect((await fetch(`${trame.url}/espace`, { headers: { cookie } })).status).toBe(200);
      // Twenty people ask for a page each, and all leave before their answer, as a load generator does at
      // the end of its run or a crowd closing its tabs; the process is told to stop at that moment.
      const sockets = Array.from({ length: 20 }, () => connect(trame.port, "127.0.0.1"));
      await Promise.all(sockets.map((s) => new Promise((r) => s.once("connect", r))));
      for (const s of sockets) s.write(`GET /espace HTTP/1.1\r\nHost: 127.0.0.1:${trame.port}\r\nCookie: ${cookie}\r\n\r\n`);
      await new Promise((r) => setTimeout(r, 5));
      for (const s of sockets) s.destroy();
      const exited = new Promise<number | null>((r) => trame.child.once("exit", (code) => r(code)));
      trame.child.kill("SIGTERM");
      expect(await exited).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
      const output = trame.output();
      expect(output).toContain("stopped");
      // No page's work met a closed pool (Kysely: « driver has already been destroyed »; better-sqlite3:
      // « The database connection is not open »; pg: « Cannot use a pool after calling end »).
      expect(output).not.toMatch(/destroyed|not open|after calling end|unhandled|uncaught/i);
    } finally {
      await trame.stop();
    }
  });
});
