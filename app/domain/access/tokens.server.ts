// Personal access tokens for the HTTP API (issue 13). A token acts for the person who made it, never
// more: on the calls it names (where that person has a role), for reading or also for writing, until it
// expires or is revoked. Only a SHA-256 of the secret is kept; the secret is shown once, at creation.
import { createHash, randomBytes } from "node:crypto";
import type { Kdb } from "../../db/database.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { localized } from "../../forms/definition";
import type { CallContent } from "../calls/call-content";
import { callRoles, type CallRole } from "./policy.server";
import { memberOrganisationsOf } from "../community/community.server";

export type TokenAccess = "read" | "write";
export const TOKEN_LIFETIMES_DAYS = [7, 30, 90, 365] as const;
/** Tokens a person may hold at once (revoked and expired ones do not count). */
export const MAX_ACTIVE_TOKENS = 20;
const PREFIX = "trame_";

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  hint: string;
  access: TokenAccess;
  callIds: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const hashOf = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

function rowToToken(r: {
  id: string;
  user_id: string;
  name: string;
  hint: string;
  access: TokenAccess;
  call_ids_json: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiToken {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    hint: r.hint,
    access: r.access,
    callIds: JSON.parse(r.call_ids_json) as string[],
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

/** The calls a person has a role on — in the team, or as a member of the community — with that role. */
async function tokenRoles(db: Kdb, userId: string): Promise<Map<string, CallRole | "member">> {
  const roles = new Map<string, CallRole | "member">(await callRoles(db, userId));
  const accepted = await db
    .selectFrom("membership")
    .innerJoin("dossier", "dossier.organization_id", "membership.organization_id")
    .select("dossier.call_id")
    .distinct()
    .where("membership.user_id", "=", userId)
    .where("dossier.state", "=", "accepted")
    .execute();
  for (const r of accepted)
    if (!roles.has(r.call_id) && (await memberOrganisationsOf(db, userId, r.call_id)).length) roles.set(r.call_id, "member");
  return roles;
}

/** The calls a person may scope a token to: those they have a role on, with the role. */
export async function tokenableCalls(db: Kdb, userId: string): Promise<{ id: string; title: string; role: CallRole | "member" }[]> {
  const roles = await tokenRoles(db, userId);
  if (!roles.size) return [];
  const calls = await db
    .selectFrom("call")
    .select(["id", "content_json"])
    .where("id", "in", [...roles.keys()])
    .execute();
  return calls
    .map((c) => {
      const content = JSON.parse(c.content_json) as Pick<CallContent, "title">;
      return { id: c.id, title: localized(content.title, "fr") || c.id, role: roles.get(c.id)! };
    })
    .sort((a, b) => a.title.localeCompare(b.title, "fr"));
}

/** Creates a token; the secret in the answer is never stored nor shown again. */
export async function createToken(
  db: Kdb,
  input: { userId: string; name: string; access: TokenAccess; callIds: string[]; lifetimeDays: number; now?: Date },
): Promise<{ token: ApiToken; secret: string }> {
  const now = input.now ?? new Date();
  const name = input.name.trim();
  if (!name || name.length > 80) throw new DomainError("token.nameRequired");
  if (!(TOKEN_LIFETIMES_DAYS as readonly number[]).includes(input.lifetimeDays)) throw new DomainError("token.lifetime");
  if (input.access !== "read" && input.access !== "write") throw new DomainError("token.access");
  const callIds = [...new Set(input.callIds)];
  if (!callIds.length) throw new DomainError("token.callsRequired");
  const roles = await tokenRoles(db, input.userId);
  if (callIds.some((id) => !roles.has(id))) throw new NotFound();
  const active = await db
    .selectFrom("api_token")
    .select(db.fn.countAll<number>().as("n"))
    .where("user_id", "=", input.userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirstOrThrow();
  if (Number(active.n) >= MAX_ACTIVE_TOKENS) throw new DomainError("token.tooMany", 400, { max: MAX_ACTIVE_TOKENS });
  const secret = PREFIX + randomBytes(32).toString("base64url");
  const row = {
    id: newId(),
    user_id: input.userId,
    name,
    token_hash: hashOf(secret),
    hint: secret.slice(-4),
    access: input.access,
    call_ids_json: JSON.stringify(callIds),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + input.lifetimeDays * 86_400_000).toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto("api_token").values(row).execute();
  return { token: rowToToken(row), secret };
}

/** A person's tokens, newest first (revoked and expired ones included, as a record). */
export async function tokensOf(db: Kdb, userId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom("api_token")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .limit(100)
    .execute();
  return rows.map(rowToToken);
}

/** Revokes one of the person's own tokens: effective on the next request, on every server. */
export async function revokeToken(db: Kdb, input: { userId: string; tokenId: string; now?: Date }): Promise<void> {
  const done = await db
    .updateTable("api_token")
    .set({ revoked_at: (input.now ?? new Date()).toISOString() })
    .where("id", "=", input.tokenId)
    .where("user_id", "=", input.userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) {
    const exists = await db
      .selectFrom("api_token")
      .select("id")
      .where("id", "=", input.tokenId)
      .where("user_id", "=", input.userId)
      .executeTakeFirst();
    if (!exists) throw new NotFound();
  }
}

export interface TokenIdentity {
  token: ApiToken;
  user: { id: string; name: string; email: string; locale: string | null; twoFactorEnabled: boolean };
}

/** The token a bearer secret stands for, if it is valid now; null otherwise (unknown, revoked, expired). */
export async function authenticateToken(db: Kdb, secret: string, now = new Date()): Promise<TokenIdentity | null> {
  if (!secret.startsWith(PREFIX) || secret.length > 100) return null;
  const row = await db
    .selectFrom("api_token")
    .innerJoin("user", "user.id", "api_token.user_id")
    .selectAll("api_token")
    .select([
      "user.name as user_name",
      "user.email as user_email",
      "user.locale as user_locale",
      "user.twoFactorEnabled as user_two_factor",
    ])
    .where("api_token.token_hash", "=", hashOf(secret))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at <= now.toISOString()) return null;
  // The last use, at most once a minute: a synchronisation of many pages does not write on every request.
  const at = now.toISOString();
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await db.updateTable("api_token").set({ last_used_at: at }).where("id", "=", row.id).execute();
    row.last_used_at = at;
  }
  return {
    token: rowToToken(row),
    user: {
      id: row.user_id,
      name: row.user_name,
      email: row.user_email,
      locale: row.user_locale,
      twoFactorEnabled: Boolean(row.user_two_factor),
    },
  };
}
