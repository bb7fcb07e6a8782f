import { formatParisDateTime } from "../../lib/paris-time";
import { accessLogOfOrganisation } from "../../security/access-log.server";
// Organisations (the applicant PTCEs), their members and invitations.
import { createHash, randomBytes } from "node:crypto";
import { frenchOrder } from "../../db/collation.server";
import type { Kdb } from "../../db/database.server";
import { type Locale } from "../../i18n/i18n";
import { DomainError, NotFound } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import { LIMITS } from "../../security/limits";
import { takeWindow } from "../../security/throttle.server";
import { assertMember } from "../access/policy.server";

export interface OrganisationSummary {
  id: string;
  name: string;
  role: "owner" | "member";
}

export async function organisationsOf(db: Kdb, userId: string): Promise<OrganisationSummary[]> {
  return db
    .selectFrom("membership")
    .innerJoin("organization", "organization.id", "membership.organization_id")
    .select(["organization.id", "organization.name", "membership.role"])
    .where("membership.user_id", "=", userId)
    .orderBy(frenchOrder(db, "organization.name"))
    .execute();
}

export async function createOrganisation(db: Kdb, input: { name: string; userId: string; now?: Date }): Promise<string> {
  const name = input.name.trim().replace(/\s+/g, " ");
  if (name.length < 2) throw new DomainError("org.nameRequired");
  if (name.length > 200) throw new DomainError("org.nameTooLong");
  const id = newId();
  const now = nowIso(input.now);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("organization").values({ id, name, created_by: input.userId, created_at: now }).execute();
    await trx.insertInto("membership").values({ organization_id: id, user_id: input.userId, role: "owner", created_at: now }).execute();
  });
  return id;
}

export async function organisationForMember(db: Kdb, userId: string, organizationId: string) {
  await assertMember(db, userId, organizationId);
  const org = await db.selectFrom("organization").selectAll().where("id", "=", organizationId).executeTakeFirst();
  if (!org) throw new NotFound();
  const members = await db
    .selectFrom("membership")
    .innerJoin("user", "user.id", "membership.user_id")
    .select(["user.id", "user.name", "user.email", "membership.role", "membership.created_at"])
    .where("membership.organization_id", "=", organizationId)
    .orderBy("membership.created_at")
    .execute();
  const invitations = await db
    .selectFrom("invitation")
    .select(["id", "email", "created_at", "expires_at"])
    .where("organization_id", "=", organizationId)
    .where("accepted_at", "is", null)
    .orderBy("created_at", "desc")
    .execute();
  return { org, members, invitations };
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const INVITATION_DAYS = 14;

/** Creates an invitation; returns the secret token to put in the e-mail link (only its hash is stored). */
export async function inviteMember(
  db: Kdb,
  input: { organizationId: string; email: string; invitedBy: string; now?: Date },
): Promise<{ token: string; invitationId: string }> {
  await assertMember(db, input.invitedBy, input.organizationId);
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email)) throw new DomainError("field.email");
  const already = await db
    .selectFrom("membership")
    .innerJoin("user", "user.id", "membership.user_id")
    .select("user.id")
    .where("membership.organization_id", "=", input.organizationId)
    .where("user.email", "=", email)
    .executeTakeFirst();
  if (already) throw new DomainError("org.alreadyMember");
  if (!(await takeWindow(db, `invitationsByAccount:${input.invitedBy}`, LIMITS.invitationsByAccount)).ok)
    throw new DomainError("limit.wait", 429, { seconds: 3600 });
  const token = randomBytes(24).toString("base64url");
  const now = input.now ?? new Date();
  const invitationId = newId();
  await db
    .insertInto("invitation")
    .values({
      id: invitationId,
      organization_id: input.organizationId,
      email,
      token_hash: hashToken(token),
      invited_by: input.invitedBy,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + INVITATION_DAYS * 86400000).toISOString(),
      accepted_at: null,
      accepted_by: null,
    })
    .execute();
  return { token, invitationId };
}

export async function findInvitation(db: Kdb, token: string) {
  return db
    .selectFrom("invitation")
    .innerJoin("organization", "organization.id", "invitation.organization_id")
    .select([
      "invitation.id",
      "invitation.email",
      "invitation.expires_at",
      "invitation.accepted_at",
      "organization.name as organization_name",
      "organization.id as organization_id",
    ])
    .where("invitation.token_hash", "=", hashToken(token))
    .executeTakeFirst();
}

/**
 * Accepting adds the signed-in person to the organisation; the link works once, for two weeks, and only
 * for the account of the address it was sent to (a forwarded or leaked link gives nothing), as team
 * invitations do.
 */
export async function acceptInvitation(db: Kdb, input: { token: string; userId: string; now?: Date }): Promise<string> {
  const inv = await findInvitation(db, input.token);
  const now = input.now ?? new Date();
  if (!inv) throw new DomainError("invitation.invalid", 404);
  if (inv.accepted_at) throw new DomainError("invitation.used", 410);
  if (new Date(inv.expires_at) < now) throw new DomainError("invitation.expired", 410);
  const user = await db.selectFrom("user").select("email").where("id", "=", input.userId).executeTakeFirstOrThrow();
  if (user.email.trim().toLowerCase() !== inv.email.trim().toLowerCase())
    throw new DomainError("team.otherAccount", 403, { email: inv.email });
  await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable("invitation")
      .set({ accepted_at: now.toISOString(), accepted_by: input.userId })
      .where("id", "=", inv.id)
      .where("accepted_at", "is", null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new DomainError("invitation.used", 410);
    await trx
      .insertInto("membership")
      .values({ organization_id: inv.organization_id, user_id: input.userId, role: "member", created_at: now.toISOString() })
      .onConflict((oc) => oc.columns(["organization_id", "user_id"]).doNothing())
      .execute();
  });
  return inv.organization_id;
}

/** Who read the organisation's dossiers (the access log), for its members. NotFound for anyone else. */
export async function organisationLogView(db: Kdb, input: { userId: string; organizationId: string }, L: Locale) {
  const { org } = await organisationForMember(db, input.userId, input.organizationId);
  const rows = await accessLogOfOrganisation(db, org.id);
  return { name: org.name, rows: rows.map((r) => ({ ...r, at: formatParisDateTime(r.at, L) })) };
}
