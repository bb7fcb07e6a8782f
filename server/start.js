// Starts Trame from the production build. Always in production mode (React Router and Express read it).
// One app process by default (server/serve.js). With TRAME_PROCESSES=n (or "auto": one per core), a small
// primary process starts n app processes that share the port, restarts any that ends, and stops them all
// on SIGTERM (server/primary.js, ADR 042): the deadline's surge then uses every core of the machine.
process.env.NODE_ENV = "production";
import cluster from "node:cluster";
import { processCount, runPrimary } from "./primary.js";
import { exitAfterOutput } from "./exit.js";

const count = processCount(process.env.TRAME_PROCESSES);
if (count instanceof Error) {
  console.error(count.message);
  exitAfterOutput(2);
} else if (count > 1 && cluster.isPrimary) {
  await runPrimary(count);
} else {
  await import("./serve.js");
}
