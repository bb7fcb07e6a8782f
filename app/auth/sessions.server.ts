// A person's sessions (issue 8): where and since when they are signed in, and ending any of them.
// Sessions are better-auth's rows; ending one deletes it and every app process forgets it.
import { deleteChosenInBatches, type Kdb } from "../db/database.server";
import { forgetToken } from "./session.server";
import { NotFound } from "../lib/errors";

/**
 * Deletes the sessions and the e-mailed links (address checks, password resets, sign-in codes) that have
 * expired; returns how many went. better-auth deletes one only when it is presented again after its end, so
 * every session left on a phone or a borrowed computer stayed, with its address and browser, and every
 * link never followed, with the address it was sent to: two tables growing with every sign-in (issue 11).
 * An expired session can no longer sign anyone in, and is no longer listed on « Mon compte ».
 */
export async function purgeExpiredSessions(db: Kdb, now = new Date()): Promise<number> {
  const at = now.toISOString();
  let purged = 0;
  for (const table of ["session", "verification"] as const)
    purged += await deleteChosenInBatches(db, table, (limit) => db.selectFrom(table).select("id").where("expiresAt", "<", at).limit(limit));
  return purged;
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  address: string;
  device: string;
  current: boolean;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** A short, readable name for a browser and system from its user agent (never shown raw). */
export function deviceName(userAgent: string | null): string {
  const ua = userAgent ?? "";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : ua
            ? "Navigateur"
            : "Inconnu";
  const system = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return system ? `${browser} — ${system}` : browser;
}

export async function sessionsOf(db: Kdb, userId: string, currentSessionId: string, now = new Date()): Promise<SessionView[]> {
  const rows = await db
    .selectFrom("session")
    .select(["id", "createdAt", "updatedAt", "expiresAt", "ipAddress", "userAgent"])
    .where("userId", "=", userId)
    .orderBy("updatedAt", "desc")
    .execute();
  return rows
    .filter((r) => new Date(iso(r.expiresAt)) > now)
    .map((r) => ({
      id: r.id,
      createdAt: iso(r.createdAt),
      lastSeenAt: iso(r.updatedAt),
      address: r.ipAddress ?? "",
      device: deviceName(r.userAgent),
      current: r.id === currentSessionId,
    }));
}

/** Ends one of the person's own sessions (another person's id answers "not found"). */
export async function endSession(db: Kdb, input: { userId: string; sessionId: string }): Promise<void> {
  const row = await db
    .selectFrom("session")
    .select(["token"])
    .where("id", "=", input.sessionId)
    .where("userId", "=", input.userId)
    .executeTakeFirst();
  if (!row) throw new NotFound();
  await db.deleteFrom("session").where("id", "=", input.sessionId).execute();
  await forgetToken(db, row.token);
}

/** Ends every session of the person but this one; returns how many. */
export async function endOtherSessions(db: Kdb, input: { userId: string; currentSessionId: string }): Promise<number> {
  const rows = await db
    .selectFrom("session")
    .select(["id", "token"])
    .where("userId", "=", input.userId)
    .where("id", "<>", input.currentSessionId)
    .execute();
  if (rows.length)
    await db
      .deleteFrom("session")
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
  for (const r of rows) await forgetToken(db, r.token);
  return rows.length;
}
