// Caches that several app processes keep in step (issue 11, ADR 027). A process caches what it reads on
// every request (who a session is, a call and its deadline extensions) for a few seconds; when something
// changes, the process that changed it forgets its own copy at once and writes a "forget" event to the
// database every process shares; every process reads the new events four times a second and forgets
// the same. A sign-out on one server is so effective on all of them within about a quarter of a second,
// and the cache's own lifetime (seconds) stays the bound if the database cannot take the event.
// Events carry no personal data: a session is named by a hash of its token, a person by their id.
import type { Kdb } from "../db/database.server";
import { newId } from "../lib/ids";

type Forget = (key: string) => void;
const forgetters = new Map<string, Forget[]>();
/** Events already applied in this process (its own, and those read back), with when they happened. */
const applied = new Map<string, number>();
/** How far back each read looks: covers events committed late and clocks a little apart. */
const LOOKBACK_MS = 5_000;
/** Events older than this are deleted by the periodic tasks. */
export const CACHE_EVENT_KEEP_MS = 3_600_000;

/** A cache says how to forget one of its keys ("*" for everything) when told by any process. */
export function onForget(scope: string, forget: Forget): void {
  forgetters.set(scope, [...(forgetters.get(scope) ?? []), forget]);
}

function apply(scope: string, key: string): void {
  for (const f of forgetters.get(scope) ?? []) f(key);
}

/** Forgets here at once, and in every other process sharing this database within a quarter of a second. */
export async function forgetEverywhere(db: Kdb, scope: string, key: string): Promise<void> {
  apply(scope, key);
  const id = newId();
  const at = Date.now();
  applied.set(id, at);
  await db.insertInto("cache_event").values({ id, scope, key, at }).execute();
}

/** Reads the events written since the last look and applies those not yet applied; returns how many. */
export async function applyNewEvents(db: Kdb, since: number, now = Date.now()): Promise<number> {
  const rows = await db
    .selectFrom("cache_event")
    .select(["id", "scope", "key", "at"])
    .where("at", ">=", since - LOOKBACK_MS)
    .orderBy("at")
    .execute();
  let n = 0;
  for (const r of rows) {
    if (applied.has(r.id)) continue;
    applied.set(r.id, Number(r.at));
    apply(r.scope, r.key);
    n++;
  }
  for (const [id, at] of applied) if (at < now - 4 * LOOKBACK_MS) applied.delete(id);
  return n;
}

/** Starts reading the shared events; returns the function that stops it. */
export function listenForForgets(db: Kdb, options: { intervalMs?: number; onError?: (e: unknown) => void } = {}): () => void {
  let since = Date.now();
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    const now = Date.now();
    try {
      await applyNewEvents(db, since, now);
      since = now;
    } catch (e) {
      options.onError?.(e);
    } finally {
      busy = false;
    }
  }, options.intervalMs ?? 250);
  timer.unref();
  return () => clearInterval(timer);
}

/** Drops events nobody needs any more (every process has read them long ago). */
export async function purgeCacheEvents(db: Kdb, now = Date.now()): Promise<void> {
  await db
    .deleteFrom("cache_event")
    .where("at", "<", now - CACHE_EVENT_KEEP_MS)
    .execute();
}
