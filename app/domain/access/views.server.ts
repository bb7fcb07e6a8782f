import type { Kdb } from "../../db/database.server";
import type { Locale } from "../../i18n/i18n";
import { t } from "../../i18n/i18n";
import { formatParisDate, formatParisDateTime } from "../../lib/paris-time";
import { TOKEN_LIFETIMES_DAYS, tokenableCalls, tokensOf } from "./tokens.server";

/** The personal access tokens page: the person's tokens (active, expired, revoked) and the calls they may scope a new one to. */
export async function tokensView(db: Kdb, userId: string, L: Locale) {
  const now = new Date();
  const tokens = await tokensOf(db, userId);
  const calls = await tokenableCalls(db, userId);
  const titles = new Map(calls.map((c) => [c.id, c.title]));
  return {
    calls,
    lifetimes: [...TOKEN_LIFETIMES_DAYS],
    tokens: tokens.map((tk) => ({
      id: tk.id,
      name: tk.name,
      hint: tk.hint,
      access: tk.access,
      calls: tk.callIds.map((id) => titles.get(id) ?? t(L, "tokens.callGone")),
      created: formatParisDate(tk.createdAt.slice(0, 10), L),
      expires: formatParisDateTime(tk.expiresAt, L),
      lastUsed: tk.lastUsedAt ? formatParisDateTime(tk.lastUsedAt, L) : null,
      state: tk.revokedAt ? ("revoked" as const) : tk.expiresAt <= now.toISOString() ? ("expired" as const) : ("active" as const),
    })),
  };
}
