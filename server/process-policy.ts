// What the process does with an error nobody caught (ADR 016). A fault inside one request must never end
// the process: the request it belonged to (found through AsyncLocalStorage) is answered 500 if it still
// can be, the error is logged, and everyone else goes on. Only truly fatal states exit, for the
// supervisor (systemd Restart=always, see the README) to start a clean process: the database file is
// corrupt or the disk is full, memory is exhausted, the port cannot be held, or faults keep coming (more
// than 20 in a minute means something is broken beyond one request).
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";

export const requestScope = new AsyncLocalStorage<{ req: IncomingMessage; res: ServerResponse }>();

const FATAL_CODES = new Set([
  "EADDRINUSE",
  "EACCES",
  "ENOSPC",
  "EMFILE",
  "ENFILE",
  "ERR_OUT_OF_MEMORY",
  "SQLITE_CORRUPT",
  "SQLITE_NOTADB",
  "SQLITE_FULL",
  "SQLITE_IOERR",
  "SQLITE_CANTOPEN",
]);

export function isFatal(err: unknown, recentFaults: number): boolean {
  if (recentFaults > 20) return true;
  if (!(err instanceof Error)) return false;
  const code = String((err as { code?: unknown }).code ?? "");
  if (FATAL_CODES.has(code) || code.startsWith("SQLITE_IOERR")) return true;
  return err instanceof RangeError && /allocation failed|out of memory|heap/i.test(err.message);
}

/** Wraps a request listener so that faults thrown in its callbacks can find their request. */
export function scoped(listener: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => requestScope.run({ req, res }, () => listener(req, res));
}

export function installProcessPolicy(log: Logger, shutdown: () => Promise<void>) {
  const faults: number[] = [];
  const answer = () => {
    const scope = requestScope.getStore();
    if (!scope) return;
    const { res } = scope;
    if (!res.headersSent && !res.writableEnded) {
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
      res.end("Une erreur est survenue de notre côté. Ce que vous aviez enregistré est conservé ; réessayez dans un instant.");
    } else if (!res.writableEnded) res.destroy();
  };
  process.on("unhandledRejection", (reason) => {
    log.error({ err: reason }, "unhandled promise rejection (the process goes on)");
    answer();
  });
  process.on("uncaughtException", (err, origin) => {
    const now = Date.now();
    faults.push(now);
    while (faults.length && faults[0] < now - 60_000) faults.shift();
    const fatal = isFatal(err, faults.length);
    log.error(
      { err, origin, fatal },
      fatal ? "fatal error: stopping for the supervisor to restart" : "uncaught exception (the process goes on)",
    );
    answer();
    if (fatal) {
      const force = setTimeout(() => process.exit(1), 5000);
      force.unref();
      void shutdown()
        .catch(() => undefined)
        .finally(() => process.exit(1));
    }
  });
}
