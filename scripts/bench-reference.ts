// The bare-Node references of `npm run bench` (issue 11): the least a server can do for the same request
// on the same machine and database, measured in the same run as Trame so that ratios, not absolute
// figures, are compared from run to run. Node's `http`, one statement, no framework:
//   autosave — reads the form body and updates one answer row (better-sqlite3, or `pg` with a pool);
//   list     — a plain filtered list: 50 dossiers of a call in a région, in name order, as an HTML table;
//   cost     — no database: each request spends a given CPU time (the target argument, in ms) and answers
//              a body of BODY_BYTES. Given Trame's own CPU per list page, it shows the latency that cost
//              alone implies under the same load: what any Node server would answer, queueing included.
// Usage: tsx scripts/bench-reference.ts <autosave|list|cost> <sqlite-file|postgres-url|ms> <port> [processes]
// With several processes (as Trame's TRAME_PROCESSES, ADR 042), Node's cluster shares the port between them.
import cluster from "node:cluster";
import { createServer } from "node:http";
import Database from "better-sqlite3";
import pg from "pg";

const [mode, target, port, processes = "1"] = process.argv.slice(2);
if (Number(processes) > 1 && cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < Number(processes); i++)
    cluster.fork().on("listening", () => {
      if (++ready === Number(processes)) console.log("ready");
    });
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    process.exit(0);
  });
} else serve();

function serve() {
  const postgres = target.startsWith("postgres");
  const sqlite = postgres || mode === "cost" ? null : new Database(target);
  if (sqlite) {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("busy_timeout = 5000");
  }
  const pool = postgres ? new pg.Pool({ connectionString: target, max: Number(process.env.PG_POOL_MAX ?? 10) }) : null;

  const UPDATE = `update answer set value_json = $1, version = version + 1 where dossier_id = $2 and field_key = $3 returning version`;
  const LIST = `select d.id, f.name, f.region, f.departement, d.state, d.last_submitted_at from dossier_fact f join dossier d on d.id = f.dossier_id
  where f.call_id = $1 and f.region = $2 and d.state <> 'draft' order by f.sort_key, f.dossier_id limit 50`;
  const sqliteUpdate = sqlite?.prepare(UPDATE.replace(/\$\d/g, "?"));
  const sqliteList = sqlite?.prepare(LIST.replace(/\$\d/g, "?"));

  const escape = (s: unknown) => String(s ?? "").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

  const costMs = Number(target);
  const body = "x".repeat(Number(process.env.BODY_BYTES ?? 0));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (mode === "cost") {
      // The process's own CPU time, not the clock's: preempted by the load generator, it still spends all of it.
      const start = process.cpuUsage();
      for (;;) {
        const used = process.cpuUsage(start);
        if ((used.user + used.system) / 1000 >= costMs) break;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(body);
      return;
    }
    if (mode === "autosave") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        const key = form.get("_fields") ?? "";
        const value = JSON.stringify(form.get(`f.${key}`) ?? "");
        const dossierId = url.pathname.split("/")[3];
        const version = sqliteUpdate
          ? (sqliteUpdate.get(value, dossierId, key) as { version: number } | undefined)?.version
          : (await pool!.query(UPDATE, [value, dossierId, key])).rows[0]?.version;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ results: [{ key, status: "saved", version }] }));
      });
      return;
    }
    void (async () => {
      const callId = url.pathname.split("/")[3];
      const region = url.searchParams.get("region") ?? "76";
      const rows = (sqliteList ? sqliteList.all(callId, region) : (await pool!.query(LIST, [callId, region])).rows) as Record<
        string,
        unknown
      >[];
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><table>${rows.map((r) => `<tr><td>${escape(r.name)}</td><td>${escape(r.region)}</td><td>${escape(r.departement)}</td><td>${escape(r.state)}</td><td>${escape(r.last_submitted_at)}</td></tr>`).join("")}</table>`,
      );
    })();
  });
  server.listen(Number(port), "127.0.0.1", () => cluster.isPrimary && console.log("ready"));
  process.on("SIGTERM", () => {
    server.close();
    sqlite?.close();
    void pool?.end();
    process.exit(0);
  });
}
