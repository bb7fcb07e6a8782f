// Starts Trame from the production build: autosave on Node's HTTP layer, then static assets, then the
// Express app built from server/app.ts. Always in production mode (React Router and Express read it).
// Run it under a supervisor that restarts it (systemd Restart=always, see the README): a fault inside one
// request never ends the process, but a fatal state (corrupt database, full disk, no memory) does.
process.env.NODE_ENV = "production";
import { createServer } from "node:http";
import express from "express";

const BUILD = new URL("../build/server/index.js", import.meta.url).href;
const { createServerApp, staticHeaders, installProcessPolicy, scoped } = await import(BUILD);
const { app: trame, autosave, services } = await createServerApp();
const site = express();
site.disable("x-powered-by");
const assetHeaders = staticHeaders(services.config.appUrl);
site.use("/assets", assetHeaders, express.static(new URL("../build/client/assets", import.meta.url).pathname, { immutable: true, maxAge: "1y", index: false }));
site.use(assetHeaders, express.static(new URL("../build/client", import.meta.url).pathname, { maxAge: "1h", index: false }));
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
  console.log(`Trame: ${appUrl} (port ${port}, data ${dataDir}, database ${databaseUrl ? "PostgreSQL" : "SQLite"}, ${process.env.NODE_ENV} mode)`);
});
const shutdown = async () => {
  const force = setTimeout(() => process.exit(0), 10_000);
  force.unref();
  server.closeIdleConnections?.();
  await stop();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
