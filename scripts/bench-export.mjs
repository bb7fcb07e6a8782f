// Runs one XLSX export of a call in this process and prints its duration and the process's peak memory
// (JSON on the last line). Used by scripts/bench-instruction.ts. Plain Node on the built server code, as
// production runs it: loading the sources through tsx weighed ~45 MiB of its own in the process's RSS.
const BUILD = new URL("../build/server/index.js", import.meta.url).href;
const { configFromEnv, startServices, startExport, runExport } = await import(BUILD);

const [callId, userId] = process.argv.slice(2);
const services = await startServices(configFromEnv({ ...process.env, TRAME_WORKER: "0", LOG_LEVEL: "warn" }), { quiet: true });
const baselineRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
const id = await startExport(services.db, services.storage, { callId, userId, format: "xlsx", locale: "fr" });
const t0 = performance.now();
await runExport(services.db, services.storage, { exportId: id, locale: "fr" });
const seconds = (performance.now() - t0) / 1000;
const e = await services.db.selectFrom("export_job").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
if (e.status !== "done") throw new Error(`export ${e.status}: ${e.error}`);
await services.stop();
console.log(
  JSON.stringify({
    seconds,
    rows: e.done,
    sizeKiB: Math.round((e.size ?? 0) / 1024),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    baselineRssMiB,
  }),
);
