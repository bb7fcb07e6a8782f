// Two-factor authentication required for a call's team (issue 8, ADR 019): an administrator turns the
// requirement on per call; from then on its organisers, reviewers and experts reach the call's pages only
// once their own account has two-factor authentication on (they are sent to « Mon compte » to do it).
import type { Kdb } from "../../db/database.server";
import { DomainError, NotFound } from "../../lib/errors";

const KEY = "security.require_2fa";

export async function isTwoFactorRequired(db: Kdb, callId: string): Promise<boolean> {
  const row = await db.selectFrom("call_setting").select("value").where("call_id", "=", callId).where("key", "=", KEY).executeTakeFirst();
  return row?.value === "1";
}

/** Only administrators (platform organisers) change it. */
export async function setTwoFactorRequired(db: Kdb, input: { callId: string; actorId: string; required: boolean }): Promise<void> {
  const actor = await db.selectFrom("user").select(["role", "twoFactorEnabled"]).where("id", "=", input.actorId).executeTakeFirst();
  if (actor?.role !== "organiser") throw new NotFound();
  // The administrator is part of the team: requiring it without having it would lock them out.
  if (input.required && !actor.twoFactorEnabled) throw new DomainError("security.enableYoursFirst", 409);
  const value = input.required ? "1" : "0";
  await db
    .insertInto("call_setting")
    .values({ call_id: input.callId, key: KEY, value })
    .onConflict((oc) => oc.columns(["call_id", "key"]).doUpdateSet({ value }))
    .execute();
}

/** The calls whose team this person belongs to and that require two-factor authentication. */
export async function callsRequiringTwoFactor(db: Kdb, userId: string): Promise<{ id: string; title: string }[]> {
  const user = await db.selectFrom("user").select("role").where("id", "=", userId).executeTakeFirst();
  let q = db
    .selectFrom("call_setting")
    .innerJoin("call", "call.id", "call_setting.call_id")
    .select(["call.id", "call.content_json"])
    .where("call_setting.key", "=", KEY)
    .where("call_setting.value", "=", "1");
  if (user?.role !== "organiser")
    q = q.where("call.id", "in", db.selectFrom("call_member").select("call_id").where("user_id", "=", userId));
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, title: (JSON.parse(r.content_json) as { title?: { fr?: string } }).title?.fr ?? "" }));
}
