// One Trame app process, from the production build: autosave on Node's HTTP layer, then static assets,
// then the Express app built from server/app.ts. Started by server/start.js, alone or as one of several
// processes sharing the port (TRAME_PROCESSES, server/primary.js). A fault inside one request never ends
// the process, but a fatal state (corrupt database, full disk, no memory) does: the supervisor (systemd
// Restart=always, see the README) or, with several processes, the primary starts it again.
import cluster from "node:cluster";
import { readdirSync } from "node:fs";
import { createServer } from "node:http";
import { getHeapStatistics } from "node:v8";
import express from "express";

const BUILD = new URL("../build/server/index.js", import.meta.url).href;
const { createServerApp, staticHeaders, installProcessPolicy, scoped } = await import(BUILD);
const { app: trame, autosave, services } = await createServerApp();
const site = express();
site.disable("x-powered-by");
const assetHeaders = staticHeaders(services.config.appUrl);
site.use(
  "/assets",
  assetHeaders,
  express.static(new URL("../build/client/assets", import.meta.url).pathname, { immutable: true, maxAge: "1y", index: false }),
);
// The few files at the site's root (the favicon), known at start: a page's address is never looked up on
// disk first (serve-static's stat was ~1.5 % of every page's time, issue 11).
const CLIENT = new URL("../build/client", import.meta.url).pathname;
const rootFiles = new Set(readdirSync(CLIENT, { withFileTypes: true }).flatMap((e) => (e.isFile() ? [`/${e.name}`] : [])));
const rootStatic = express.static(CLIENT, { maxAge: "1h", index: false });
site.use((req, res, next) => (rootFiles.has(req.path) ? assetHeaders(req, res, () => rootStatic(req, res, next)) : next()));
site.use(trame);

const server = createServer(
  { keepAliveTimeout: 65_000 },
  scoped((req, res) => {
    if (!autosave(req, res)) site(req, res);
  }),
);
const { port, appUrl, dataDir, databaseUrl } = services.config;
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await new Promise((resolve) => server.close(resolve));
  await services.stop();
};
installProcessPolicy(services.log, stop);
server.on("error", (err) => {
  services.log.fatal({ err }, "cannot listen");
  process.exit(1);
});
server.listen(port, () => {
  const one = cluster.isWorker
    ? `, process ${process.env.TRAME_PROCESS_SLOT} of ${process.env.TRAME_PROCESS_COUNT} (pid ${process.pid})`
    : "";
  console.log(
    `Trame: ${appUrl} (port ${port}, data ${dataDir}, database ${databaseUrl ? "PostgreSQL" : "SQLite"}, ${process.env.NODE_ENV} mode, JavaScript heap limit ${Math.round(getHeapStatistics().heap_size_limit / 1048576)} MiB${one})`,
  );
});
// Graceful shutdown (SIGTERM from systemd, Docker or an orchestrator): /readyz answers 503 at once; after
// TRAME_DRAIN_SECONDS (time for a proxy that polls readiness to notice; 0 by default, as a proxy that
// retries on a refused connection needs none) the listener closes, idle keep-alive connections end and
// busy ones close after their answer; requests in flight finish; the job worker claims nothing more and
// finishes the job under way; the periodic tasks stop; then the database pool closes. After 26 seconds
// (and the drain) the process ends anyway.
const drainMs = Number(process.env.TRAME_DRAIN_SECONDS ?? 0) * 1000;
const shutdown = async (signal) => {
  if (services.draining) return;
  services.draining = true;
  services.log.info({ signal }, "shutting down: finishing requests in flight");
  const force = setTimeout(() => {
    services.log.warn("shutdown took too long; exiting");
    process.exit(1);
  }, 26_000 + drainMs);
  force.unref();
  // Every answer from now on closes its connection, so that a client keeping one alive opens its next
  // elsewhere. One of several processes (TRAME_PROCESSES) keeps listening a second for that: the others
  // serve meanwhile, and a browser's kept connection is not cut as it sends (SIGHUP's replacement).
  server.on("request", (_req, res) => res.setHeader("Connection", "close"));
  const waitMs = Math.max(drainMs, cluster.isWorker ? 1000 : 0);
  if (waitMs) await new Promise((r) => setTimeout(r, waitMs));
  const closing = stop();
  server.closeIdleConnections?.();
  await closing;
  services.log.info("stopped");
  process.exit(0);
};
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
// SIGHUP (`systemctl reload`, a closed terminal) would end the process by default: with several processes
// it is the primary's signal to replace them (server/primary.js); one process alone says what to do.
process.on("SIGHUP", () => {
  if (!cluster.isWorker)
    services.log.warn("SIGHUP: one app process, nothing to replace; restart it to load a new build, or run several (TRAME_PROCESSES)");
});
