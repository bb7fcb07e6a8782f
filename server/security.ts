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
export function csrfProtection(appUrl: string) {
  const appOrigin = new URL(appUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const site = req.get("sec-fetch-site");
    const hostOrigin = `${req.protocol}://${req.get("host")}`;
    const sameOrigin = (value: string | undefined) => {
      if (!value) return false;
      try {
        const o = new URL(value).origin;
        return o === appOrigin || o === hostOrigin;
      } catch {
        return false;
      }
    };
    const ok = site ? site === "same-origin" || site === "none" : sameOrigin(req.get("origin") ?? req.get("referer"));
    if (ok) return next();
    res.status(403).type("text/plain; charset=utf-8").send("Requête refusée : elle ne vient pas d’une page de Trame. Rechargez la page et réessayez.");
  };
}

/** Fixed-window counters per key, kept in memory (one process; several servers would share Redis or the DB). */
export function rateLimiter(limit: number, windowMs: number) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return {
    take(key: string, now = Date.now()): boolean {
      const h = hits.get(key);
      if (!h || h.resetAt <= now) {
        if (hits.size > 50_000) hits.clear();
        hits.set(key, { count: 1, resetAt: now + windowMs });
        return true;
      }
      h.count++;
      return h.count <= limit;
    },
  };
}
