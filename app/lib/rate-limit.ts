/**
 * Fixed-window counters per key, in memory: one process (several app servers would share them through
 * Redis or the database). `take` answers whether one more attempt fits under `max` for this window.
 */
export function createRateLimiter(windowMs: number) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return {
    take(key: string, max: number, now = Date.now()): boolean {
      const h = hits.get(key);
      if (!h || h.resetAt <= now) {
        if (hits.size > 50_000) hits.clear();
        hits.set(key, { count: 1, resetAt: now + windowMs });
        return true;
      }
      h.count++;
      return h.count <= max;
    },
  };
}
