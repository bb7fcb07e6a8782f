// Starts Trame from the production build: static assets, then the Express app built from server/app.ts.
import express from "express";


const BUILD = new URL("../build/server/index.js", import.meta.url).href;
const { createServerApp } = await import(BUILD);
const { app: trame, services } = await createServerApp();
const server = express();
server.disable("x-powered-by");
server.use("/assets", express.static(new URL("../build/client/assets", import.meta.url).pathname, { immutable: true, maxAge: "1y", index: false }));
server.use(express.static(new URL("../build/client", import.meta.url).pathname, { maxAge: "1h", index: false }));
server.use(trame);
const { port, appUrl, dataDir, databaseUrl } = services.config;
const listener = server.listen(port, () => {
  console.log(`Trame: ${appUrl} (port ${port}, data ${dataDir}, database ${databaseUrl ? "PostgreSQL" : "SQLite"})`);
});
const shutdown = async () => {
  listener.close();
  await services.stop();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
