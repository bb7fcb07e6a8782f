// The HTTP API's transport (issue 13): /api/v1. A personal access token in « Authorization: Bearer »
// (cookies are ignored here, so no page's session can be ridden by another site: no CSRF), a limit per
// token, the request parsed with the endpoint's schemas, errors as RFC 9457 problem details, write
// requests made idempotent by an Idempotency-Key, and one line in the access log per request that
// touched a call's data. The endpoints themselves are in app/api/endpoints.server.ts.
import { trackedBy } from "./tracked";
import { createHash } from "node:crypto";
import express, { type Request, type Response } from "express";
import { z } from "zod";
import type { Services } from "../app/services.server";
import { endpoints, compilePath, type ApiContext, type BinaryAnswer, type Endpoint } from "../app/api/endpoints.server";
import { openApiDocument } from "../app/api/openapi.server";
import { authenticateToken } from "../app/domain/access/tokens.server";
import { DomainError } from "../app/lib/errors";
import { t, type Locale, type MessageKey } from "../app/i18n/i18n";
import { takeWindow, checkBackoff, recordFailure } from "../app/security/throttle.server";
import { LIMITS } from "../app/security/limits";
import { recordAccess } from "../app/security/access-log.server";
import { contentDisposition } from "../app/lib/http.server";
import { problemBody, type ProblemInput } from "../app/api/problems";
import { claimIdempotencyKey, releaseIdempotencyKey, storeIdempotentAnswer } from "../app/api/idempotency.server";

const BODY_BYTES = 1024 * 1024;
const compiled = endpoints.map((e) => ({ e, ...compilePath(e.path) }));

function sendProblem(res: Response, appUrl: string, locale: Locale, p: ProblemInput) {
  if (res.headersSent) return void res.end();
  const body = problemBody(appUrl, locale, p, res.req.originalUrl.split("?")[0]);
  res.status(p.status).setHeader("Cache-Control", "no-store");
  res.type("application/problem+json; charset=utf-8").send(JSON.stringify(body));
}

function apiLocale(req: Request, userLocale?: string | null): Locale {
  const lang = (req.get("accept-language") ?? "").split(",")[0]?.trim().slice(0, 2).toLowerCase();
  if (lang === "en" || lang === "fr") return lang;
  return userLocale === "en" ? "en" : "fr";
}

/** Each refused parameter, with its message: ours (a message key, translated) or zod's. */
const zodErrors = (where: "path" | "query" | "body", error: z.ZodError, locale: Locale) =>
  error.issues.slice(0, 20).map((i) => ({
    name: i.path.map(String).join(".") || where,
    in: where,
    detail: /^[a-zA-Z0-9]+(\.[a-zA-Z0-9]+)+$/.test(i.message) ? t(locale, i.message as MessageKey) : i.message,
  }));

/** Reads a JSON body within the cap; a body that is too large, cut short or not JSON is a clear 4xx. */
function readJson(req: Request): Promise<{ ok: true; value: unknown; raw: string } | { ok: false; status: number; key: MessageKey }> {
  return new Promise((resolve) => {
    const declared = Number(req.get("content-length") ?? NaN);
    if (declared > BODY_BYTES) return resolve({ ok: false, status: 413, key: "api.bodyTooLarge" });
    const type = (req.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json") return resolve({ ok: false, status: 415, key: "api.jsonOnly" });
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Awaited<ReturnType<typeof readJson>>) => {
      if (done) return;
      done = true;
      resolve(v);
    };
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > BODY_BYTES) {
        finish({ ok: false, status: 413, key: "api.bodyTooLarge" });
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("error", () => finish({ ok: false, status: 400, key: "api.bodyMalformed" }));
    req.on("aborted", () => finish({ ok: false, status: 400, key: "api.bodyMalformed" }));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      try {
        finish({ ok: true, value: raw.trim() ? JSON.parse(raw) : {}, raw });
      } catch {
        finish({ ok: false, status: 400, key: "api.bodyMalformed" });
      }
    });
  });
}

function queryObject(req: Request): { values: Record<string, string>; repeated: string[] } {
  const params = new URL(req.originalUrl, "http://trame.invalid").searchParams;
  const values: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [k, v] of params) {
    if (k in values) repeated.push(k);
    values[k] = v;
  }
  return { values, repeated };
}

export function apiRoutes(services: Services) {
  const { db, config } = services;
  const router = express.Router();

  router.get("/openapi.json", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=300");
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.json(openApiDocument());
  });

  const answerRequest = async (req: Request, res: Response) => {
    const ip = String(res.locals.ip ?? "");
    let locale = apiLocale(req);
    const problem = (p: ProblemInput) => sendProblem(res, config.appUrl, locale, p);
    try {
      // Who: a bearer token, nothing else. Failures from one address slow down (token guessing), never lock out.
      const header = req.get("authorization") ?? "";
      const secret = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const slowed = await checkBackoff(db, `apiAuthFailuresByAddress:${ip}`);
      if (!slowed.ok) {
        res.setHeader("Retry-After", String(Math.ceil(slowed.retryAfterMs / 1000)));
        return problem({ status: 429, key: "limit.wait", vars: { seconds: Math.ceil(slowed.retryAfterMs / 1000) } });
      }
      const identity = secret ? await authenticateToken(db, secret) : null;
      if (!identity) {
        if (secret) await recordFailure(db, `apiAuthFailuresByAddress:${ip}`, LIMITS.apiAuthFailuresByAddress);
        res.setHeader("WWW-Authenticate", secret ? 'Bearer realm="trame", error="invalid_token"' : 'Bearer realm="trame"');
        return problem({ status: 401, key: secret ? "api.tokenInvalid" : "api.tokenMissing" });
      }
      locale = apiLocale(req, identity.user.locale);
      const verdict = await takeWindow(db, `apiByToken:${identity.token.id}`, LIMITS.apiByToken);
      if (!verdict.ok) {
        res.setHeader("Retry-After", String(Math.ceil(verdict.retryAfterMs / 1000)));
        return problem({ status: 429, key: "limit.wait", vars: { seconds: Math.ceil(verdict.retryAfterMs / 1000) } });
      }

      // Which endpoint.
      const path = req.path.replace(/\/+$/, "") || "/";
      const method = req.method.toLowerCase();
      const matching = compiled.filter((c) => c.re.test(path));
      if (!matching.length) return problem({ status: 404, key: "error.notFound" });
      const found = matching.find((c) => c.e.method === method || (method === "head" && c.e.method === "get"));
      if (!found) {
        res.setHeader("Allow", [...new Set(matching.map((c) => c.e.method.toUpperCase()))].join(", "));
        return problem({ status: 405, key: "api.methodNotAllowed" });
      }
      const e: Endpoint = found.e;
      if (e.access === "write" && identity.token.access !== "write") return problem({ status: 403, key: "api.readOnlyToken" });

      // What: path, query and body, through the endpoint's schemas.
      const m = found.re.exec(path)!;
      const rawParams = Object.fromEntries(found.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
      const params = e.params ? e.params.safeParse(rawParams) : { success: true as const, data: {} };
      if (!params.success) return problem({ status: 404, key: "error.notFound" });
      const { values, repeated } = queryObject(req);
      const known = new Set(Object.keys(e.query?.shape ?? {}));
      const unknown = Object.keys(values).filter((k) => !known.has(k));
      if (unknown.length || repeated.length) {
        return problem({
          status: 400,
          key: "api.invalidRequest",
          errors: [
            ...unknown.map((name) => ({ name, in: "query" as const, detail: t(locale, "api.unknownParameter") })),
            ...repeated.map((name) => ({ name, in: "query" as const, detail: t(locale, "api.repeatedParameter") })),
          ],
        });
      }
      const query = e.query ? e.query.safeParse(values) : { success: true as const, data: {} };
      if (!query.success) return problem({ status: 400, key: "api.invalidRequest", errors: zodErrors("query", query.error, locale) });
      let body: unknown = undefined;
      let raw = "";
      if (e.body) {
        const read = await readJson(req);
        if (!read.ok) {
          res.setHeader("Connection", "close");
          return problem({ status: read.status, key: read.key, vars: { max: BODY_BYTES / 1024 } });
        }
        raw = read.raw;
        const parsed = e.body.safeParse(read.value);
        if (!parsed.success) return problem({ status: 400, key: "api.invalidRequest", errors: zodErrors("body", parsed.error, locale) });
        body = parsed.data;
      }

      // Once only: a write with an Idempotency-Key already answered is answered again, not redone.
      const idemKey = e.access === "write" ? req.get("idempotency-key") : undefined;
      if (idemKey !== undefined) {
        if (!idemKey || idemKey.length > 255)
          return problem({
            status: 400,
            key: "api.invalidRequest",
            errors: [{ name: "Idempotency-Key", in: "header", detail: t(locale, "api.idempotencyKeyFormat") }],
          });
        const requestHash = createHash("sha256").update(`${req.method} ${path}\n${raw}`).digest("hex");
        const claim = await claimIdempotencyKey(db, { tokenId: identity.token.id, key: idemKey, requestHash });
        if (claim.kind === "replay") {
          res.setHeader("Idempotent-Replayed", "true");
          res.setHeader("Cache-Control", "no-store");
          res
            .status(claim.status)
            .type(claim.status >= 400 ? "application/problem+json; charset=utf-8" : "application/json; charset=utf-8")
            .send(claim.body);
          return;
        }
        if (claim.kind === "mismatch") return problem({ status: 422, key: "api.idempotencyKeyReused" });
        if (claim.kind === "in-progress") return problem({ status: 409, key: "api.idempotencyInProgress" });
      }

      const ctx: ApiContext = { db, storage: services.storage, appUrl: config.appUrl, locale, identity, now: new Date(), touched: {} };
      let status = e.status ?? 200;
      let answer: unknown;
      try {
        answer = await e.handle(ctx, { params: params.data, query: query.data, body });
      } catch (err) {
        if (idemKey) {
          if (err instanceof DomainError) {
            const detail = problemBody(config.appUrl, locale, { status: err.status, key: err.messageKey, vars: err.vars }, path);
            await storeIdempotentAnswer(db, { tokenId: identity.token.id, key: idemKey, status: err.status, body: JSON.stringify(detail) });
          } else await releaseIdempotencyKey(db, { tokenId: identity.token.id, key: idemKey });
        }
        throw err;
      } finally {
        if (ctx.touched.callId) {
          await recordAccess(db, {
            actorId: identity.user.id,
            role: ctx.touched.role ?? "organiser",
            action: "api",
            callId: ctx.touched.callId,
            dossierId: ctx.touched.dossierId ?? null,
            detail: `${req.method} ${path} — ${t(locale, "api.logToken", { name: identity.token.name })}`,
          }).catch((err) => services.log.warn({ err, requestId: res.locals.requestId }, "api access log"));
        }
      }
      res.setHeader("Cache-Control", "no-store");
      if (answer && typeof answer === "object" && "binary" in answer) {
        const file = (answer as BinaryAnswer).binary;
        res.setHeader("Content-Type", file.mime);
        res.setHeader("Content-Disposition", contentDisposition(file.filename));
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        return void res.status(200).send(file.data);
      }
      const text = JSON.stringify(answer);
      if (idemKey) await storeIdempotentAnswer(db, { tokenId: identity.token.id, key: idemKey, status, body: text });
      status = e.status ?? 200;
      res.status(status).type("application/json; charset=utf-8").send(text);
    } catch (err) {
      if (err instanceof DomainError) return problem({ status: err.status, key: err.messageKey, vars: err.vars });
      services.log.error({ err, requestId: res.locals.requestId }, "api request failed");
      return problem({ status: 500, key: "error.server" });
    }
  };
  router.use(trackedBy(services.requests)(answerRequest));
  return router;
}
