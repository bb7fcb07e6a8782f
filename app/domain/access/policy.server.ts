// Who may see and do what, in one place (issue 13): the pages, the HTTP API and the domain commands ask
// here. The authorisation-matrix test (tests/integration/authorisation-matrix.test.ts) specifies it route by
// route and endpoint by endpoint. Every refusal is « not found », so an id reveals nothing (ADR 008).
import type { Kdb } from "../../db/database.server";
import { reusableQuery } from "../../db/reusable-query.server";
import { NotFound } from "../../lib/errors";
import { dossierColumns, type DossierRow } from "../applications/dossier-row";
import { statesOf } from "../applications/lifecycle";
import { communityDossiers } from "../applications/lifecycle.server";
import { featuresOf } from "../calls/call-content";
import { findCallById } from "../calls/calls.server";

export type CallRole = "organiser" | "reviewer" | "expert";

/** The states the team reviews, and the one it may still read while the applicant amends. */
export const TEAM_READABLE: string[] = [...statesOf("reviewable"), "returned_for_changes"];

// The account's role and the role on the call in one round trip, compiled once: asked by every page of a
// call's team (issue 11).
const rolesOf = reusableQuery((db: Kdb, userId: string, callId: string) =>
  db
    .selectFrom("user")
    .leftJoin("call_member", (j) => j.onRef("call_member.user_id", "=", "user.id").on("call_member.call_id", "=", callId))
    .select(["user.role as accountRole", "call_member.role as callRole"])
    .where("user.id", "=", userId),
);

/** The person's role on a call: platform organisers organise every call. */
export async function roleInCall(db: Kdb, userId: string, callId: string): Promise<CallRole | null> {
  const row = (await rolesOf(db, userId, callId)).rows[0];
  if (row?.accountRole === "organiser") return "organiser";
  return row?.callRole ?? null;
}

/** Every call the person has a role on, with that role (platform organisers: every call). */
export async function callRoles(db: Kdb, userId: string): Promise<Map<string, CallRole>> {
  const user = await db.selectFrom("user").select("role").where("id", "=", userId).executeTakeFirst();
  if (user?.role === "organiser") {
    const calls = await db.selectFrom("call").select("id").execute();
    return new Map(calls.map((c) => [c.id, "organiser" as const]));
  }
  const rows = await db.selectFrom("call_member").select(["call_id", "role"]).where("user_id", "=", userId).execute();
  return new Map(rows.map((r) => [r.call_id, r.role]));
}

/** The call's organiser, or « not found ». */
export async function assertOrganisesCall(db: Kdb, userId: string, callId: string): Promise<void> {
  if ((await roleInCall(db, userId, callId)) !== "organiser") throw new NotFound();
}

/**
 * Who may read a submitted dossier: the call's organisers; reviewers it is assigned to, unless they
 * declared a conflict of interest. Anyone else: "not found".
 */
export async function assertCanSeeDossier(db: Kdb, userId: string, dossierId: string): Promise<{ role: CallRole; callId: string }> {
  const dossier = await db.selectFrom("dossier").select(["call_id", "state"]).where("id", "=", dossierId).executeTakeFirst();
  if (!dossier || !TEAM_READABLE.includes(dossier.state)) throw new NotFound();
  const role = await roleInCall(db, userId, dossier.call_id);
  if (role === "organiser") return { role, callId: dossier.call_id };
  if (role === "reviewer" || role === "expert") {
    const assigned = await db
      .selectFrom("review_assignment")
      .select("reviewer_id")
      .where("dossier_id", "=", dossierId)
      .where("reviewer_id", "=", userId)
      .executeTakeFirst();
    const conflict = await db
      .selectFrom("conflict_declaration")
      .select("reviewer_id")
      .where("dossier_id", "=", dossierId)
      .where("reviewer_id", "=", userId)
      .executeTakeFirst();
    if (assigned && !conflict) return { role, callId: dossier.call_id };
  }
  throw new NotFound();
}

// ——— The learning community: its members (organisations whose acceptance was sent) and the call's organisers ———

export interface CommunityAccess {
  callId: string;
  role: "member" | "organiser";
  /** The person's member organisations (none for an organiser who is not a member). */
  organizationIds: string[];
}

export async function memberOrganisationsOf(db: Kdb, userId: string, callId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("membership")
    .innerJoin("dossier", "dossier.organization_id", "membership.organization_id")
    .select("dossier.organization_id")
    .where("membership.user_id", "=", userId)
    .where("dossier.call_id", "=", callId)
    .where("dossier.state", "=", "accepted")
    .where("dossier.id", "in", communityDossiers(db))
    .execute();
  return rows.map((r) => r.organization_id);
}

/** Members and the call's organisers; anyone else: not found. */
export async function communityAccess(db: Kdb, userId: string, callId: string): Promise<CommunityAccess> {
  // A call without a community (a call for projects with grants) has no community pages at all.
  const call = await findCallById(db, callId);
  if (!call || !featuresOf(call.content).community) throw new NotFound();
  const orgs = await memberOrganisationsOf(db, userId, callId);
  if (orgs.length) return { callId, role: "member", organizationIds: orgs };
  if ((await roleInCall(db, userId, callId)) === "organiser") return { callId, role: "organiser", organizationIds: [] };
  throw new NotFound();
}

/** The charter partner (the PTCE network's Labo) and platform organisers read and follow the signatures. */
export async function isCharterPartner(db: Kdb, userId: string) {
  const role = (await db.selectFrom("user").select("role").where("id", "=", userId).executeTakeFirst())?.role;
  return role === "charter_partner" || role === "organiser";
}

/** An experience sheet is edited by the call's organisers, its organisation's members and its author. */
export async function canEditSheet(
  db: Kdb,
  userId: string,
  sheet: { call_id: string; organization_id: string | null; created_by: string },
) {
  const access = await communityAccess(db, userId, sheet.call_id);
  return (
    access.role === "organiser" ||
    (sheet.organization_id !== null && access.organizationIds.includes(sheet.organization_id)) ||
    sheet.created_by === userId
  );
}

/** The call's organisers write to a dossier's applicants and read the thread (reviewers and experts do not). NotFound otherwise. */
export async function assertOrganiserOfDossier(db: Kdb, userId: string, dossierId: string): Promise<{ callId: string }> {
  const access = await assertCanSeeDossier(db, userId, dossierId);
  if (access.role !== "organiser") throw new NotFound();
  return { callId: access.callId };
}

/** Who may read a dossier's applicant-side documents (messages, their files, decision letters): a member of its organisation, or one of the call's organisers. NotFound otherwise. */
export async function memberOrOrganiser(
  db: Kdb,
  userId: string,
  dossierId: string,
): Promise<{ role: "member" } | { role: "organiser"; callId: string }> {
  // The member's dossier query (prepared, shared with dossierForMember).
  if ((await memberDossierQuery(db, userId, dossierId)).rows.length) return { role: "member" };
  return { role: "organiser", ...(await assertOrganiserOfDossier(db, userId, dossierId)) };
}

// The applicants' side: a member of an organisation sees its dossiers, and nothing of other organisations'.

export async function isMember(db: Kdb, userId: string, organizationId: string): Promise<boolean> {
  const row = await db
    .selectFrom("membership")
    .select("user_id")
    .where("user_id", "=", userId)
    .where("organization_id", "=", organizationId)
    .executeTakeFirst();
  return Boolean(row);
}

/** NotFound unless the person is a member of the organisation. */
export async function assertMember(db: Kdb, userId: string, organizationId: string): Promise<void> {
  if (!(await isMember(db, userId, organizationId))) throw new NotFound();
}

const memberDossierQuery = reusableQuery((db: Kdb, userId: string, dossierId: string) =>
  db
    .selectFrom("dossier")
    .innerJoin("membership", (j) =>
      j.onRef("membership.organization_id", "=", "dossier.organization_id").on("membership.user_id", "=", userId),
    )
    .select(dossierColumns.map((c) => `dossier.${c}` as const))
    .where("dossier.id", "=", dossierId),
);

/** Returns the dossier only if the user is a member of its organisation; otherwise "not found". */
export async function dossierForMember(db: Kdb, userId: string, dossierId: string): Promise<DossierRow> {
  const row = (await memberDossierQuery(db, userId, dossierId)).rows[0] as DossierRow | undefined;
  if (!row) throw new NotFound();
  return row;
}

/** The platform's administrators (« organisers » of Trame itself): they create calls and see the platform's pages. Read from the account's role. */
export function isPlatformOrganiser(user: { role: string | null }): boolean {
  return user.role === "organiser";
}

/** A charter partner checks signatures of the PTCE charter (its own page), nothing of the calls. */
export function isCharterPartnerAccount(user: { role: string | null }): boolean {
  return user.role === "charter_partner";
}
