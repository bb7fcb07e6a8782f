// Starts Trame from the production build: autosave on Node's HTTP layer, then static assets, then the
// Express app built from server/app.ts.
import { createServer } from "node:http";
import express from "express";

const BUILD = new URL("../build/server/index.js", import.meta.url).href;
const { createServerApp } = await import(BUILD);
const { app: trame, autosave, services } = await createServerApp();
const site = express();
site.disable("x-powered-by");
site.use("/assets", express.static(new URL("../build/client/assets", import.meta.url).pathname, { immutable: true, maxAge: "1y", index: false }));
site.use(express.static(new URL("../build/client", import.meta.url).pathname, { maxAge: "1h", index: false }));
site.use(trame);

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  if (!autosave(req, res)) site(req, res);
});
const { port, appUrl, dataDir, databaseUrl } = services.config;
server.listen(port, () => {
  console.log(`Trame: ${appUrl} (port ${port}, data ${dataDir}, database ${databaseUrl ? "PostgreSQL" : "SQLite"})`);
});
const shutdown = async () => {
  server.close();
  await services.stop();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
