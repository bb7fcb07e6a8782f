// Who is asking: the session token from better-auth's cookie, looked up once and cached a few seconds,
// so the hot paths (autosave) do not pay a full auth round-trip per request. (ADR 003) Ending a session
// or changing a person's role is told to every app process through the shared database (ADR 027).
import { createHash } from "node:crypto";
import type { Kdb } from "../db/database.server";
import { forgetEverywhere, onForget } from "../ops/shared-cache.server";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: string;
  locale: string;
  sessionExpiresAt: number;
  twoFactorEnabled: boolean;
  /** The session's row id (to tell "this device" in the list of sessions). */
  sessionId: string;
}

const COOKIE = /(?:^|;\s*)(?:__Secure-)?better-auth\.session_token=([^;]+)/;
const TTL_MS = 10_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { user: SessionUser | null; at: number; hash: string }>();
/** Sessions are named in shared events by a hash of their token, never the token itself. */
const tokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");

onForget("session", (hash) => {
  for (const [token, entry] of cache) if (entry.hash === hash) cache.delete(token);
});
onForget("user", (userId) => {
  for (const [token, entry] of cache) if (entry.user?.id === userId) cache.delete(token);
});
onForget("sessions", () => cache.clear());

export function sessionTokenFrom(cookieHeader: string | null | undefined): string | null {
  const m = COOKIE.exec(cookieHeader ?? "");
  if (!m) return null;
  // The cookie is "token.signature"; the token alone is the random key of the session row.
  const token = decodeURIComponent(m[1]).split(".")[0];
  return token && /^[A-Za-z0-9_-]{16,}$/.test(token) ? token : null;
}

const toMs = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === "number" ? v : new Date(String(v)).getTime());

export async function userFromCookie(db: Kdb, cookieHeader: string | null | undefined): Promise<SessionUser | null> {
  const token = sessionTokenFrom(cookieHeader);
  if (!token) return null;
  const now = Date.now();
  const hit = cache.get(token);
  if (hit && now - hit.at < TTL_MS && (!hit.user || hit.user.sessionExpiresAt > now)) return hit.user;
  const row = await db
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select([
      "user.id",
      "user.name",
      "user.email",
      "user.role",
      "user.locale",
      "user.twoFactorEnabled",
      "session.expiresAt",
      "session.id as sessionId",
    ])
    .where("session.token", "=", token)
    .executeTakeFirst();
  const user =
    row && toMs(row.expiresAt) > now
      ? {
          id: row.id,
          name: row.name,
          email: row.email,
          role: row.role ?? "applicant",
          locale: row.locale ?? "fr",
          sessionExpiresAt: toMs(row.expiresAt),
          twoFactorEnabled: Boolean(row.twoFactorEnabled),
          sessionId: row.sessionId,
        }
      : null;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(token, { user, at: now, hash: tokenHash(token) });
  return user;
}

/** After sign-out or a change of the session (two-factor), every process forgets what it cached for that token. */
export async function forgetSession(db: Kdb, cookieHeader: string | null | undefined): Promise<void> {
  const token = sessionTokenFrom(cookieHeader);
  if (token) await forgetToken(db, token);
}

/** Forgets one session by its token (a session ended from the account page), in every process. */
export async function forgetToken(db: Kdb, token: string): Promise<void> {
  await forgetEverywhere(db, "session", tokenHash(token));
}

/** A person's role or account changed: every process forgets their sessions. */
export async function forgetUser(db: Kdb, userId: string): Promise<void> {
  await forgetEverywhere(db, "user", userId);
}
