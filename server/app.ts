// The HTTP application: client address and security headers, better-auth's e-mailed links, the few
// JSON/file endpoints that must be fast or stream (autosave, uploads, downloads), then React Router for
// every page, with posted bodies read and checked before any action sees them (server/pages.ts).
import { trackedBy } from "./tracked";
import "react-router";
import express, { type NextFunction, type Request, type Response } from "express";
import { toNodeHandler } from "better-auth/node";
import busboy from "busboy";
import { configFromEnv, type Config } from "../app/config.server";
import { startServices, type Services } from "../app/services.server";
import { userFromCookie, type SessionUser } from "../app/auth/session.server";
import { dossierForMember } from "../app/domain/access/policy.server";
import { autosaveHandler } from "./autosave";
import { opsRoutes, requestIds } from "./ops";
import { afterDraining } from "./drain";
import type { IncomingMessage, ServerResponse } from "node:http";
import { addAttachment, attachmentOfDossier } from "../app/domain/applications/attachments.server";
import { findCommunes, communeLabel } from "../app/forms/territory.server";
import { DomainError } from "../app/lib/errors";
import { chooseLocale, t, type Locale } from "../app/i18n/i18n";
import { contentDisposition } from "../app/lib/http.server";
import { csrfProtection, securityHeaders } from "./security";
export { staticHeaders } from "./security";
export { installProcessPolicy, scoped } from "./process-policy";
// For the scripts that run the built code as production does (the export bench, scripts/bench-export.mjs).
export { configFromEnv, startServices };
export { runExport, startExport } from "../app/domain/exports/exports.server";
import { scoped } from "./process-policy";
import { pagesHandler, sendProblem } from "./pages";
import { apiRoutes } from "./api";
import { CLIENT_ADDRESS_HEADER, clientAddress, compileTrust } from "../app/security/client-address";
import { takeWindow } from "../app/security/throttle.server";
import { LIMITS } from "../app/security/limits";

declare module "react-router" {
  interface AppLoadContext {
    services: Services;
    user: SessionUser | null;
    nonce: string;
    locale: Locale;
    /** The client's address: the socket's, or X-Forwarded-For's only through a trusted proxy. */
    ip: string;
  }
}

function sendError(res: Response, locale: Locale, err: unknown, services: Services) {
  if (err instanceof DomainError) {
    res.status(err.status).json({ error: t(locale, err.messageKey, err.vars), code: err.messageKey });
    return;
  }
  services.log.error({ err, requestId: res.locals.requestId }, "request failed");
  res.status(500).json({ error: t(locale, "error.server"), code: "error.server" });
}

/** better-auth answers over HTTP only for the links it e-mails; everything else goes through our pages. */
const AUTH_LINKS = [
  /^\/api\/auth\/verify-email$/,
  /^\/api\/auth\/magic-link\/verify$/,
  /^\/api\/auth\/reset-password\/[^/]+$/,
  /^\/api\/auth\/error$/,
];

export async function createServerApp(config: Config = configFromEnv(), options: { quiet?: boolean } = {}) {
  const services = await startServices(config, options);
  const { db } = services;
  const trust = compileTrust(config.trustedProxies);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trust);

  // Who is on the other end, once: better-auth reads it from our own header, never the client's.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const address = clientAddress(req, trust);
    res.locals.ip = address;
    req.headers[CLIENT_ADDRESS_HEADER] = address;
    next();
  });
  app.use(securityHeaders(config));
  app.use(requestIds());
  app.use(opsRoutes(services));

  const tracked = trackedBy(services.requests);
  const authHandler = toNodeHandler(services.auth);
  app.all(
    "/api/auth/{*rest}",
    tracked(async (req, res) => {
      const locale = chooseLocale({ cookie: req.headers.cookie, acceptLanguage: req.headers["accept-language"] });
      if (req.method !== "GET" || !AUTH_LINKS.some((re) => re.test(req.path))) return sendProblem(res, locale, 404, "error.notFound");
      const verdict = await takeWindow(db, `linkPagesByAddress:${res.locals.ip}`, LIMITS.linkPagesByAddress).catch(
        () => ({ ok: true }) as const,
      );
      if (!verdict.ok) return sendProblem(res, locale, 429, "limit.wait", { seconds: Math.ceil(verdict.retryAfterMs / 1000) });
      return authHandler(req, res);
    }),
  );

  // The HTTP API answers bearer tokens only (never cookies), before the pages' CSRF check and sessions.
  app.use("/api/v1", apiRoutes(services));

  app.use(csrfProtection(config.appUrl));

  // How large a posted body may be, by page: forms are small; pages whose forms carry files take one
  // file's worth (their actions check each file); the dossier upload endpoint streams and caps itself.
  const FORM_BYTES = 4 * 1024 * 1024;
  const WITH_FILES = [/\/messages$/, /^\/admin\/charte$/, /^\/communaute\/[^/]+\/echanges(\/[^/]+)?$/];
  // A dossier's part takes the files chosen in it with any save: two files' worth.
  const DOSSIER_PART = /^\/dossiers\/[^/]+\/parties\/[^/]+$/;
  // With JavaScript, React Router posts a page's form to "<page>.data": the same page, the same cap.
  const bodyCap = (rawPath: string): number => {
    const path = rawPath.replace(/\.data$/, "");
    return DOSSIER_PART.test(path)
      ? 2 * config.uploadLimits.maxFileBytes + 1024 * 1024
      : WITH_FILES.some((re) => re.test(path))
        ? config.uploadLimits.maxFileBytes + 1024 * 1024
        : FORM_BYTES;
  };
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "POST" || req.path.endsWith("/fichiers")) return next();
    const locale = chooseLocale({ cookie: req.headers.cookie, acceptLanguage: req.headers["accept-language"] });
    const cap = bodyCap(req.path);
    // Browsers always give a form's length; a body without one (chunked) could not be capped before reading.
    if (req.get("content-length") === undefined && req.get("transfer-encoding")) return sendProblem(res, locale, 411, "request.malformed");
    if (Number(req.get("content-length") ?? 0) > cap)
      return afterDraining(req, () => sendProblem(res, locale, 413, "request.tooLarge", { max: Math.round(cap / 1048576) }));
    next();
  });

  // Who is asking, once per request.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.user = await userFromCookie(db, req.headers.cookie);
      res.locals.locale = chooseLocale({
        cookie: req.headers.cookie,
        acceptLanguage: req.headers["accept-language"],
        userLocale: res.locals.user?.locale,
      });
      next();
    } catch (e) {
      next(e);
    }
  });

  app.get("/api/communes", (req, res) => {
    const q = String(req.query.q ?? "").slice(0, 80);
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.json(findCommunes(q, 15).map((c) => ({ code: c.code, label: communeLabel(c), postal: c.codesPostaux?.[0] ?? "" })));
  });

  // Uploads stream through busboy with a hard size cap; then back to the page the form was on. Any
  // fault of the body (truncated, malformed, interrupted) is answered once, as a 400 with a message.
  app.post(
    "/dossiers/:id/fichiers",
    tracked(async (req, res) => {
      const user = res.locals.user as SessionUser | null;
      const locale = res.locals.locale as Locale;
      const wantsJson = (req.get("accept") ?? "").includes("application/json");
      const dossierId = String(req.params.id);
      let answered = false;
      const back = (params: Record<string, string>, returnTo?: string) => {
        if (answered || res.headersSent) return;
        answered = true;
        const target =
          returnTo && returnTo.startsWith(`/dossiers/${dossierId}`) && !returnTo.includes("//")
            ? returnTo.split("?")[0]
            : `/dossiers/${dossierId}`;
        if (params.upload !== "ok") res.setHeader("Connection", "close");
        if (wantsJson) return void res.status(params.upload === "ok" ? 200 : Number(params.status ?? 400)).json(params);
        res.redirect(303, `${target}?${new URLSearchParams(params)}#files-${params.field ?? ""}`);
      };
      if (!user) return void res.redirect(303, `/connexion?redirectTo=${encodeURIComponent(`/dossiers/${dossierId}`)}`);
      const limited = [
        await takeWindow(db, `uploadsByAccount:${user.id}`, LIMITS.uploadsByAccount),
        await takeWindow(db, `uploadsByAddress:${res.locals.ip}`, LIMITS.uploadsByAddress),
      ];
      if (limited.some((v) => !v.ok)) return back({ upload: "error", message: t(locale, "upload.rateLimited"), status: "429" });
      const malformed = () => back({ upload: "error", message: t(locale, "upload.malformed"), status: "400" });
      let bb: busboy.Busboy;
      try {
        bb = busboy({
          headers: req.headers,
          defParamCharset: "utf8",
          limits: { fileSize: config.uploadLimits.maxFileBytes + 1, files: 1, fields: 10, fieldSize: 4096, parts: 20 },
        });
      } catch {
        return back({ upload: "error", message: t(locale, "upload.empty"), status: "400" });
      }
      const fields: Record<string, string> = {};
      let file: { name: string; data: Buffer; truncated: boolean } | null = null;
      let broken = false;
      bb.on("field", (name, value) => (fields[name] = value));
      bb.on("file", (_name, stream, info) => {
        const chunks: Buffer[] = [];
        let truncated = false;
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("limit", () => (truncated = true));
        stream.on("error", () => (broken = true));
        stream.on("close", () => (file = { name: info.filename ?? "document", data: Buffer.concat(chunks), truncated }));
      });
      bb.on("error", () => {
        broken = true;
        req.unpipe(bb);
        req.resume();
        malformed();
      });
      req.on("aborted", () => (broken = true));
      req.on("error", () => (broken = true));
      const afterUpload = async () => {
        if (broken) return malformed();
        const fieldKey = fields.fieldKey ?? "";
        try {
          const dossier = await dossierForMember(db, user.id, dossierId);
          const f = file as { name: string; data: Buffer; truncated: boolean } | null;
          if (!f || f.data.length === 0) throw new DomainError("upload.empty", 400);
          const saved = await addAttachment(db, services.storage, {
            dossier,
            fieldKey,
            originalName: f.name,
            data: f.data,
            truncated: f.truncated,
            userId: user.id,
            limits: config.uploadLimits,
          });
          back({ upload: "ok", field: fieldKey, name: saved.safeName, id: saved.id }, fields.returnTo);
        } catch (e) {
          if (e instanceof DomainError)
            return back(
              { upload: "error", field: fieldKey, message: t(locale, e.messageKey, e.vars), status: String(e.status) },
              fields.returnTo,
            );
          services.log.error({ err: e }, "upload failed");
          back({ upload: "error", field: fieldKey, message: t(locale, "error.server"), status: "500" }, fields.returnTo);
        }
      };
      // The rest outlives the request's body, and may outlive its connection: a stop waits for it.
      bb.on("close", () => void services.requests.track(afterUpload()));
      req.pipe(bb);
    }),
  );

  // Files are served only to members of the dossier's organisation, always as downloads.
  app.get(
    "/dossiers/:id/fichiers/:fileId",
    tracked(async (req, res) => {
      const user = res.locals.user as SessionUser | null;
      const locale = res.locals.locale as Locale;
      if (!user) return void res.redirect(303, `/connexion?redirectTo=${encodeURIComponent(req.originalUrl)}`);
      try {
        const dossier = await dossierForMember(db, user.id, String(req.params.id));
        const file = await attachmentOfDossier(db, dossier.id, String(req.params.fileId));
        const data = await services.storage.get(file.storage_key);
        res.setHeader("Content-Type", file.mime);
        res.setHeader("Content-Disposition", contentDisposition(file.safe_name));
        res.setHeader("Cache-Control", "private, no-store");
        res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        res.send(data);
      } catch (e) {
        if (e instanceof DomainError && e.status === 404)
          return void res.status(404).type("text/plain; charset=utf-8").send(t(locale, "error.notFound"));
        sendError(res, locale, e, services);
      }
    }),
  );

  app.use(
    tracked(
      pagesHandler({
        build: () => import("virtual:react-router/server-build"),
        bodyCap,
        getLoadContext: (_req, res) => ({
          services,
          user: res.locals.user ?? null,
          nonce: res.locals.nonce,
          locale: res.locals.locale ?? "fr",
          ip: res.locals.ip ?? "",
        }),
      }),
    ),
  );

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    services.log.error({ err }, "unhandled");
    sendProblem(res, res.locals.locale ?? "fr", 500, "error.server");
  });

  const autosave = autosaveHandler(services);
  /** The whole application as one Node request listener: autosave first, then Express. */
  const handler = scoped((req: IncomingMessage, res: ServerResponse) => {
    if (!autosave(req, res)) app(req, res);
  });
  return { app, autosave, handler, services };
}
