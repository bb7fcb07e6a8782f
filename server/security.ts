// HTTP security: strict content security policy with a per-request nonce, CSRF protection by
// Fetch Metadata / Origin checks on every state-changing request, and small in-memory rate limits.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
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
