// The HTTP application: security middleware, better-auth's endpoints, the few JSON/file endpoints that
// must be fast or stream (autosave, uploads, downloads), then React Router for every page.
import "react-router";
import express, { type NextFunction, type Request, type Response } from "express";
import { createRequestHandler } from "@react-router/express";
import { toNodeHandler } from "better-auth/node";
import busboy from "busboy";
import { configFromEnv, type Config } from "../app/config.server";
import { startServices, type Services } from "../app/services.server";
import { userFromCookie, forgetSession, type SessionUser } from "../app/auth/session.server";
import { dossierForMember } from "../app/domain/applications/dossiers.server";
import { autosaveHandler } from "./autosave";
import type { IncomingMessage, ServerResponse } from "node:http";
import { addAttachment, attachmentOfDossier } from "../app/domain/applications/attachments.server";
import { findCommunes, communeLabel } from "../app/forms/territory.server";
import { DomainError } from "../app/lib/errors";
import { chooseLocale, t, type Locale } from "../app/i18n/i18n";
import { contentDisposition } from "../app/lib/http.server";
import { csrfProtection, securityHeaders } from "./security";
import { createRateLimiter } from "../app/lib/rate-limit";

declare module "react-router" {
  interface AppLoadContext {
    services: Services;
    user: SessionUser | null;
    nonce: string;
    locale: Locale;
    ip: string;
  }
}

function sendError(res: Response, locale: Locale, err: unknown, services: Services) {
  if (err instanceof DomainError) {
    res.status(err.status).json({ error: t(locale, err.messageKey, err.vars), code: err.messageKey });
    return;
  }
  services.log.error({ err }, "request failed");
  res.status(500).json({ error: t(locale, "error.server"), code: "error.server" });
}

export async function createServerApp(config: Config = configFromEnv(), options: { quiet?: boolean } = {}) {
  const services = await startServices(config, options);
  const { db } = services;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(securityHeaders);

  const authHandler = toNodeHandler(services.auth);
  app.all("/api/auth/{*rest}", (req, res) => {
    if (req.path.endsWith("/sign-out")) forgetSession(req.headers.cookie);
    return authHandler(req, res);
  });

  app.use(csrfProtection(config.appUrl));

  // How large a posted body may be, by page: forms are small; pages whose forms carry files take one
  // file's worth (their actions check each file); the dossier upload endpoint streams and caps itself.
  const FORM_BYTES = 4 * 1024 * 1024;
  const WITH_FILES = [/\/messages$/, /^\/admin\/charte$/, /^\/communaute\/[^/]+\/echanges(\/[^/]+)?$/];
  const bodyCap = (path: string): number | null =>
    path.endsWith("/fichiers") ? null : WITH_FILES.some((re) => re.test(path)) ? config.uploadLimits.maxFileBytes + 1024 * 1024 : FORM_BYTES;
  app.use((req: Request, res: Response, next: NextFunction) => {
    const cap = req.method === "POST" ? bodyCap(req.path) : null;
    if (cap !== null) {
      // Browsers always give a form's length; a body without one (chunked) could not be capped before reading.
      if (req.get("content-length") === undefined && req.get("transfer-encoding")) return void res.status(411).type("text/plain; charset=utf-8").send(t("fr", "error.badRequest"));
      if (Number(req.get("content-length") ?? 0) > cap) return void res.status(413).type("text/plain; charset=utf-8").send(t("fr", "error.badRequest"));
    }
    next();
  });

  // Who is asking, once per request.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.user = await userFromCookie(db, req.headers.cookie);
      res.locals.locale = chooseLocale({ cookie: req.headers.cookie, acceptLanguage: req.headers["accept-language"], userLocale: res.locals.user?.locale });
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

  const uploadLimiter = createRateLimiter(10 * 60 * 1000);
  // Uploads stream through busboy with a hard size cap; then back to the page the form was on.
  app.post("/dossiers/:id/fichiers", (req, res) => {
    const user = res.locals.user as SessionUser | null;
    const locale = res.locals.locale as Locale;
    const wantsJson = (req.get("accept") ?? "").includes("application/json");
    const dossierId = String(req.params.id);
    const back = (params: Record<string, string>, returnTo?: string) => {
      const target = returnTo && returnTo.startsWith(`/dossiers/${dossierId}`) && !returnTo.includes("//") ? returnTo.split("?")[0] : `/dossiers/${dossierId}`;
      if (wantsJson) return void res.status(params.upload === "ok" ? 200 : Number(params.status ?? 400)).json(params);
      res.redirect(303, `${target}?${new URLSearchParams(params)}#files-${params.field ?? ""}`);
    };
    if (!user) return void res.redirect(303, `/connexion?redirectTo=${encodeURIComponent(`/dossiers/${dossierId}`)}`);
    if (!uploadLimiter.take(user.id, 30)) return back({ upload: "error", message: t(locale, "upload.rateLimited"), status: "429" });
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: "utf8", limits: { fileSize: config.uploadLimits.maxFileBytes + 1, files: 1, fields: 10 } });
    } catch {
      return back({ upload: "error", message: t(locale, "upload.empty"), status: "400" });
    }
    const fields: Record<string, string> = {};
    let file: { name: string; data: Buffer; truncated: boolean } | null = null;
    bb.on("field", (name, value) => (fields[name] = value));
    bb.on("file", (_name, stream, info) => {
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => (truncated = true));
      stream.on("close", () => (file = { name: info.filename ?? "document", data: Buffer.concat(chunks), truncated }));
    });
    bb.on("close", async () => {
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
        if (e instanceof DomainError) return back({ upload: "error", field: fieldKey, message: t(locale, e.messageKey, e.vars), status: String(e.status) }, fields.returnTo);
        services.log.error({ err: e }, "upload failed");
        back({ upload: "error", field: fieldKey, message: t(locale, "error.server"), status: "500" }, fields.returnTo);
      }
    });
    req.pipe(bb);
  });

  // Files are served only to members of the dossier's organisation, always as downloads.
  app.get("/dossiers/:id/fichiers/:fileId", async (req, res) => {
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
      if (e instanceof DomainError && e.status === 404) return void res.status(404).type("text/plain; charset=utf-8").send(t(locale, "error.notFound"));
      sendError(res, locale, e, services);
    }
  });

  app.use(
    createRequestHandler({
      build: () => import("virtual:react-router/server-build"),
      getLoadContext: (_req, res) => ({
        services,
        user: res.locals.user ?? null,
        nonce: res.locals.nonce,
        locale: res.locals.locale ?? "fr",
        ip: _req.ip ?? "",
      }),
    }),
  );

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    services.log.error({ err }, "unhandled");
    if (!res.headersSent) res.status(500).type("text/plain; charset=utf-8").send(t("fr", "error.server"));
  });

  const autosave = autosaveHandler(services);
  /** The whole application as one Node request listener: autosave first, then Express. */
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (!autosave(req, res)) app(req, res);
  };
  return { app, autosave, handler, services };
}

