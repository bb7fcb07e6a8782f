// Attempt counters in the database, so every app process sees the same limits (ADR 015). Two kinds:
// - a window: at most `max` attempts per `windowMs` for a key (addresses, sign-ups, uploads, autosave);
// - a backoff: after `free` failures within `windowMs`, each further attempt must wait a delay that
//   doubles up to `maxMs`. Used for accounts: an attacker slows guesses on an address to a trickle, but
//   can never lock its owner out for longer than `maxMs`.
// Each take is one atomic upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING), on SQLite and PostgreSQL.
import { sql } from "kysely";
import type { Kdb } from "../db/database.server";
import { reusableQuery } from "../db/reusable-query.server";

export interface WindowRule {
  kind: "window";
  max: number;
  windowMs: number;
}
export interface BackoffRule {
  kind: "backoff";
  free: number;
  windowMs: number;
  baseMs: number;
  maxMs: number;
}
export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * The statement that counts one attempt under a window rule, returning the window's hits and start: run
 * alone by takeWindow and recordFailure, or inside another statement (the PostgreSQL autosave counts and
 * saves in one). Its values are placed as given: whole milliseconds (`expired` = now − the window), or
 * the placeholders of a statement compiled once (reusable-query.server.ts).
 */
export function windowUpsert(key: unknown, now: unknown, expired: unknown) {
  return sql<{ hits: number; window_start: number }>`
    insert into throttle (key, hits, window_start, next_at) values (${key}, 1, cast(${now} as bigint), cast(0 as bigint))
    on conflict (key) do update set
      hits = case when throttle.window_start <= cast(${expired} as bigint) then 1 else throttle.hits + 1 end,
      window_start = case when throttle.window_start <= cast(${expired} as bigint) then cast(${now} as bigint) else throttle.window_start end
    returning hits, window_start`;
}

/** windowUpsert compiled once: run by takeWindow and recordFailure, or compiled for the SQLite autosave's sqliteNow. */
export const takeWindowQuery = reusableQuery((_db: Kdb, key: string, now: number, expired: number) => windowUpsert(key, now, expired));

/** The window's values at `now`, in whole milliseconds: now, and when an earlier window has expired. */
export function windowBounds(rule: { windowMs: number }, now: number): { nowMs: number; expiredMs: number } {
  return { nowMs: Math.floor(now), expiredMs: Math.floor(now - rule.windowMs) };
}

/** The verdict on a window's hits and start, as windowUpsert returned them. */
export function windowVerdict(rule: WindowRule, hits: number | string, windowStart: number | string, now: number): Verdict {
  if (Number(hits) <= rule.max) return { ok: true };
  return { ok: false, retryAfterMs: Math.max(1000, Number(windowStart) + rule.windowMs - now) };
}

/** Counts one attempt under a window rule; refuses it beyond `max` in the current window. */
export async function takeWindow(db: Kdb, key: string, rule: WindowRule, now = Date.now()): Promise<Verdict> {
  const { nowMs, expiredMs } = windowBounds(rule, now);
  const r = (await takeWindowQuery(db, key, nowMs, expiredMs)).rows[0];
  return r ? windowVerdict(rule, r.hits, r.window_start, now) : { ok: true };
}

/** Whether an attempt may be made now under a backoff rule (reads only). */
export async function checkBackoff(db: Kdb, key: string, now = Date.now()): Promise<Verdict> {
  const r = await db.selectFrom("throttle").select(["next_at"]).where("key", "=", key).executeTakeFirst();
  const next = Number(r?.next_at ?? 0);
  return next > now ? { ok: false, retryAfterMs: next - now } : { ok: true };
}

/** Records a failure under a backoff rule: beyond `free` failures, the next attempt waits. */
export async function recordFailure(db: Kdb, key: string, rule: BackoffRule, now = Date.now()): Promise<void> {
  const { nowMs, expiredMs } = windowBounds(rule, now);
  const res = await takeWindowQuery(db, key, nowMs, expiredMs);
  const hits = Number(res.rows[0]?.hits ?? 1);
  if (hits <= rule.free) return;
  const delay = Math.min(rule.maxMs, rule.baseMs * 2 ** (hits - rule.free - 1));
  await db
    .updateTable("throttle")
    .set({ next_at: now + delay })
    .where("key", "=", key)
    .execute();
}

/** A success forgets the failures counted for this key. */
export async function forget(db: Kdb, key: string): Promise<void> {
  await db.deleteFrom("throttle").where("key", "=", key).execute();
}

/** Drops counters idle for a day (run by the periodic jobs). */
export async function purgeThrottles(db: Kdb, now = Date.now()): Promise<void> {
  await db
    .deleteFrom("throttle")
    .where("window_start", "<", now - 86_400_000)
    .where("next_at", "<", now)
    .execute();
}
