// HTTP security: strict content security policy with a per-request nonce, HSTS when served over HTTPS,
// and CSRF protection by Fetch Metadata / Origin checks on every state-changing request.
import { randomFillSync } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/** Strict-Transport-Security once Trame is served over HTTPS (two years, as browsers' preload lists ask). */
export function hstsHeader(appUrl: string): string | null {
  return appUrl.startsWith("https://") ? "max-age=63072000; includeSubDomains" : null;
}

/** Headers for static files (scripts, styles, fonts, images): never sniffed, never framed, nothing run. */
export function staticHeaders(appUrl: string) {
  const hsts = hstsHeader(appUrl);
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader(
      "Content-Security-Policy",
      "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    );
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    res.setHeader("Referrer-Policy", "same-origin");
    if (hsts) res.setHeader("Strict-Transport-Security", hsts);
    next();
  };
}

export function securityHeaders(config: { appUrl: string }) {
  const hsts = hstsHeader(config.appUrl);
  return (req: Request, res: Response, next: NextFunction) => {
    if (hsts) res.setHeader("Strict-Transport-Security", hsts);
    pageHeaders(req, res, next);
  };
}

// Nonces from a pool of random bytes filled 256 nonces at a time (as Node's randomUUID does): one
// system call per page was a measurable part of each request at the deadline surge (issue 11).
const NONCE_BYTES = 16;
const pool = Buffer.alloc(NONCE_BYTES * 256);
let poolAt = pool.length;

/** 16 fresh random bytes (never handed out twice), base64. */
export function newNonce(): string {
  if (poolAt >= pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const nonce = pool.toString("base64", poolAt, poolAt + NONCE_BYTES);
  poolAt += NONCE_BYTES;
  return nonce;
}

function pageHeaders(_req: Request, res: Response, next: NextFunction) {
  const nonce = newNonce();
  res.locals.nonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  next();
}

/**
 * A state-changing request must come from our own pages. Browsers say so with Sec-Fetch-Site; older ones
 * send Origin (or at least Referer). A request with none of them is refused. Cookies are SameSite=Lax too.
 */
export function comesFromOurPages(headers: Record<string, string | string[] | undefined>, appOrigin: string, hostOrigin: string): boolean {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const site = one(headers["sec-fetch-site"]);
  if (site) return site === "same-origin" || site === "none";
  const value = one(headers.origin) ?? one(headers.referer);
  if (!value) return false;
  try {
    const o = new URL(value).origin;
    return o === appOrigin || o === hostOrigin;
  } catch {
    return false;
  }
}

export function csrfProtection(appUrl: string) {
  const appOrigin = new URL(appUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    if (comesFromOurPages(req.headers, appOrigin, `${req.protocol}://${req.get("host")}`)) return next();
    res.status(403).type("text/plain; charset=utf-8").send(CSRF_MESSAGE);
  };
}

export const CSRF_MESSAGE = "Requête refusée : elle ne vient pas d’une page de Trame. Rechargez la page et réessayez.";
