import type { SessionUser } from "../../auth/session.server";
import { sessionsOf } from "../../auth/sessions.server";
import type { Kdb } from "../../db/database.server";
import type { Locale } from "../../i18n/i18n";
import { formatParisDateTime } from "../../lib/paris-time";
import { organisationsOf } from "../organisations/organisations.server";
import { deletionRule } from "./personal-data.server";
import { callsRequiringTwoFactor } from "./team-security.server";

/** The account page: the person's sessions, the calls that require two-factor sign-in of them, their organisations and what deleting the account would do. */
export async function accountView(db: Kdb, user: SessionUser, L: Locale) {
  const sessions = await sessionsOf(db, user.id, user.sessionId);
  const rule = await deletionRule(db, user.id);
  return {
    name: user.name,
    email: user.email,
    twoFactorEnabled: user.twoFactorEnabled,
    required: (await callsRequiringTwoFactor(db, user.id)).map((c) => c.title),
    sessions: sessions.map((s) => ({
      ...s,
      createdAt: formatParisDateTime(s.createdAt, L),
      lastSeenAt: formatParisDateTime(s.lastSeenAt, L),
    })),
    organisations: (await organisationsOf(db, user.id)).map((o) => ({ id: o.id, name: o.name })),
    rule,
  };
}
