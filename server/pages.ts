// React Router behind Express, with the posted body read and checked first: a page's action only ever
// sees a complete, well-formed form. A body that is too large, truncated, malformed or not a form gets
// a 4xx page that says what to do, instead of an exception inside an action (a 500). Adapted from
// @react-router/express, whose adapter streams the raw request into the action.
import type { ServerResponse } from "node:http";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { createRequestHandler as createReactRouterHandler, type AppLoadContext, type ServerBuild } from "react-router";
import { writeReadableStreamToWritable } from "@react-router/node";
import { t, type Locale, type MessageKey } from "../app/i18n/i18n";

export class BodyRefused extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: MessageKey,
    readonly vars?: Record<string, string | number>,
  ) {
    super(messageKey);
  }
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/** Reads a whole body up to `cap` bytes; refuses more (413), an interrupted body (400). */
export function readBody(req: ExpressRequest, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (e: Error) => {
      if (done) return;
      done = true;
      reject(e);
    };
    req.on("data", (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > cap) {
        // Stop keeping the rest; the answer is sent and the connection closed after it.
        req.pause();
        fail(new BodyRefused(413, "request.tooLarge", { max: Math.round(cap / 1048576) }));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on("aborted", () => fail(new BodyRefused(400, "request.malformed")));
    req.on("error", () => fail(new BodyRefused(400, "request.malformed")));
  });
}

/** A posted page body: a form (URL-encoded or multipart), complete and well formed. */
export async function checkedFormBody(req: ExpressRequest, cap: number): Promise<Buffer> {
  const type = req.get("content-type") ?? "";
  if (!FORM_TYPES.test(type)) throw new BodyRefused(415, "request.unsupported");
  const body = await readBody(req, cap);
  if (/^multipart\//i.test(type)) {
    try {
      await new Request("http://trame.invalid/", {
        method: "POST",
        headers: { "content-type": type },
        body: new Uint8Array(body),
      }).formData();
    } catch {
      throw new BodyRefused(400, "request.malformed");
    }
  }
  return body;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small page for a refused request: what happened and what to do, in the reader's language. */
export function sendProblem(res: ExpressResponse, locale: Locale, status: number, key: MessageKey, vars?: Record<string, string | number>) {
  if (res.headersSent) return void res.end();
  const title = t(locale, "request.problemTitle");
  const message = t(locale, key, vars);
  const wantsJson = (res.req.get("accept") ?? "").includes("application/json");
  if (status === 413 || status === 400) res.setHeader("Connection", "close");
  res.status(status);
  if (wantsJson) return void res.json({ error: message, code: key });
  res
    .type("text/html; charset=utf-8")
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} — Trame</title></head>` +
        `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">${escapeHtml(t(locale, "request.back"))}</a></p></main></body></html>`,
    );
}

/**
 * Sends a page's (or a file's) answer. A person who leaves while it is sent — a closed tab, a phone that
 * lost its network, a download cancelled — is not a fault of Trame: the rest is dropped (the render is
 * cancelled) and "left" returned, where React Router's writer throws and the request ended logged as an
 * unhandled error (seen at the end of every bench run, one per open connection).
 */
export async function sendWebResponse(response: Response, res: ServerResponse): Promise<"sent" | "left"> {
  const left = async () => {
    await response.body?.cancel().catch(() => undefined);
    return "left" as const;
  };
  if (res.destroyed || res.writableEnded) return left();
  res.statusMessage = response.statusText;
  res.statusCode = response.status;
  for (const [key, value] of response.headers.entries()) res.appendHeader(key, value);
  if (!response.body) {
    res.end();
    return "sent";
  }
  try {
    await writeReadableStreamToWritable(response.body, res);
    return "sent";
  } catch (e) {
    if (res.destroyed && !res.writableFinished) return left();
    throw e;
  }
}

export function pagesHandler(options: {
  build: () => Promise<ServerBuild>;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  bodyCap: (path: string) => number;
}) {
  let handle: ((request: Request, context: AppLoadContext) => Promise<Response>) | null = null;
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      // The build itself, not the function that imports it: given a function, React Router derives its
      // routes and static handler again at every request (made for development reloads), ~1 ms each
      // (issue 11's profile of the surge).
      handle ??= createReactRouterHandler(await options.build(), process.env.NODE_ENV);
      let body: Buffer | undefined;
      if (req.method !== "GET" && req.method !== "HEAD") {
        try {
          body = await checkedFormBody(req, options.bodyCap(req.path));
        } catch (e) {
          if (e instanceof BodyRefused) return sendProblem(res, res.locals.locale ?? "fr", e.status, e.messageKey, e.vars);
          throw e;
        }
      }
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
        else if (value !== undefined) headers.set(key, value);
      }
      // As @react-router/express does: the Host header is cut at anything that could change the origin.
      const host = (req.get("host") ?? "").split(/[\\/?#@]/)[0] || "localhost";
      const url = new URL(`${req.protocol}://${host}${req.originalUrl}`);
      const request = new Request(url.href, {
        method: req.method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
        signal: controller.signal,
      });
      await sendWebResponse(await handle(request, options.getLoadContext(req, res)), res);
    } catch (e) {
      next(e);
    }
  };
}
