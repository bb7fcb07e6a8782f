// The autosave endpoint on Node's own HTTP layer, in front of Express: it is the hottest path (one
// request per pause in typing, per person), so it skips the page stack and does only what it must —
// origin check, session from the cookie (cached), then one domain command (rate limit, membership, the
// save: one statement on PostgreSQL), JSON.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Services } from "../app/services.server";
import { userFromCookie } from "../app/auth/session.server";
import { autosave } from "../app/domain/applications/autosave.server";
import { DomainError } from "../app/lib/errors";
import { chooseLocale, t, type Locale } from "../app/i18n/i18n";
import { comesFromOurPages, CSRF_MESSAGE } from "./security";
import { afterDraining } from "./drain";
import { autosaves, httpRequests } from "../app/ops/metrics.server";

const PATH = /^\/api\/dossiers\/([0-9a-f-]{36})\/answers\/?$/;
const MAX_BODY = 2 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent || res.writableEnded) return;
  autosaves.inc({ status: String(status) });
  httpRequests.inc({ route: "/api/dossiers/:id/answers", method: "POST", status: String(status) });
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  });
  res.end(json);
}

/** The body as text; null when it is larger than MAX_BODY (the rest is not kept). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY && !over) {
        over = true;
        chunks.length = 0;
        resolve(null);
      }
      if (!over) chunks.push(c);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("aborted", () => reject(new DomainError("request.malformed", 400)));
    req.on("error", () => reject(new DomainError("request.malformed", 400)));
  });
}

/** Too large: say so (with the limit) once what the client is still sending is drained, and close. */
function sendTooLarge(req: IncomingMessage, res: ServerResponse, locale: Locale) {
  afterDraining(req, () => {
    res.setHeader("Connection", "close");
    send(res, 413, { error: t(locale, "request.tooLarge", { max: MAX_BODY / 1048576 }), code: "request.tooLarge" });
    if (!req.readableEnded) res.on("finish", () => req.destroy());
  });
}

const localeOf = (req: IncomingMessage, userLocale?: string): Locale =>
  chooseLocale({ cookie: req.headers.cookie, acceptLanguage: req.headers["accept-language"], userLocale });

/** Handles autosave requests; returns false for every other request, left to Express. */
export function autosaveHandler(services: Services) {
  const appOrigin = new URL(services.config.appUrl).origin;
  const { db } = services;
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== "POST" || !req.url) return false;
    const m = PATH.exec(req.url);
    if (!m) return false;
    // Counted until it ends, even if the connection ends first: a stop waits for it (ADR 055).
    void services.requests.track(
      (async () => {
        let locale: Locale = localeOf(req);
        try {
          if (!comesFromOurPages(req.headers, appOrigin, `http://${req.headers.host}`))
            return send(res, 403, { error: CSRF_MESSAGE, code: "csrf" });
          const user = await userFromCookie(db, req.headers.cookie);
          locale = localeOf(req, user?.locale);
          if (!user) return send(res, 401, { error: t(locale, "auth.sessionExpired"), code: "auth.sessionExpired" });
          if (Number(req.headers["content-length"] ?? 0) > MAX_BODY) return sendTooLarge(req, res, locale);
          const body = await readBody(req);
          if (body === null) return sendTooLarge(req, res, locale);
          const now = new Date();
          const results = await autosave(db, { userId: user.id, dossierId: m[1], form: new URLSearchParams(body), locale, now });
          send(res, 200, { results, savedAt: now.toISOString() });
        } catch (e) {
          if (e instanceof DomainError) {
            if (e.status === 429) res.setHeader("Retry-After", String(e.vars?.retryAfterSeconds ?? 60));
            return send(res, e.status, { error: t(locale, e.messageKey, e.vars), code: e.messageKey });
          }
          services.log.error({ err: e }, "autosave failed");
          send(res, 500, { error: t(locale, "error.server"), code: "error.server" });
        }
      })(),
    );
    return true;
  };
}
