// The instruction team of a call: organisers invite reviewers (for the whole call) and experts (one
// opinion on one dossier) by e-mail; assignments are made automatically or by hand; each person sees the
// dossiers assigned to them. Authorisation is checked here, whatever page calls it.
import { reusableQuery } from "../../db/reusable-query.server";
import { takeWindow } from "../../security/throttle.server";
import { LIMITS } from "../../security/limits";
import { createHash, randomBytes } from "node:crypto";
import type { Kdb } from "../../db/database.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { enqueue } from "../../jobs/queue.server";
import { t, type Locale } from "../../i18n/i18n";
import { localized } from "../../forms/definition";
import { findCallById } from "../calls/calls.server";
import { REVIEWABLE } from "./reviews.server";
import { notifyAssigned } from "./assignment-flow.server";
import { assertOrganisesCall } from "../access/policy.server";
import { frenchOrder } from "../../db/collation.server";

const INVITATION_DAYS = 21;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/**
 * Invites a co-organiser or a reviewer (whole call), or an expert (one dossier); the link in the e-mail
 * works once, for three weeks.
 */
export async function inviteToCall(
  db: Kdb,
  input: {
    callId: string;
    email: string;
    role: "organiser" | "reviewer" | "expert";
    dossierId?: string;
    actorId: string;
    appUrl: string;
    locale: Locale;
    message?: string;
    now?: Date;
  },
): Promise<{ token: string; id: string }> {
  await assertOrganisesCall(db, input.actorId, input.callId);
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new DomainError("field.email");
  if (!(await takeWindow(db, `invitationsByAccount:${input.actorId}`, LIMITS.invitationsByAccount)).ok)
    throw new DomainError("limit.wait", 429, { seconds: 3600 });
  let dossierName = "";
  if (input.role === "expert") {
    const d = await db
      .selectFrom("dossier")
      .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
      .select(["dossier.id", "dossier.state", "dossier.organization_id", "dossier_fact.name"])
      .where("dossier.id", "=", input.dossierId ?? "")
      .where("dossier.call_id", "=", input.callId)
      .executeTakeFirst();
    if (!d || !REVIEWABLE.includes(d.state)) throw new NotFound();
    const ownMember = await db
      .selectFrom("membership")
      .innerJoin("user", "user.id", "membership.user_id")
      .select("user.id")
      .where("membership.organization_id", "=", d.organization_id)
      .where("user.email", "=", email)
      .executeTakeFirst();
    if (ownMember) throw new DomainError("team.ownOrganisation", 409);
    dossierName = d.name;
  }
  const call = await findCallById(db, input.callId);
  if (!call) throw new NotFound();
  const token = randomBytes(24).toString("base64url");
  const now = input.now ?? new Date();
  const id = newId();
  await db
    .insertInto("call_invitation")
    .values({
      id,
      call_id: input.callId,
      dossier_id: input.role === "expert" ? input.dossierId! : null,
      role: input.role,
      email,
      token_hash: hashToken(token),
      invited_by: input.actorId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + INVITATION_DAYS * 86400000).toISOString(),
      accepted_at: null,
      accepted_by: null,
    })
    .execute();
  const inviter = await db.selectFrom("user").select("name").where("id", "=", input.actorId).executeTakeFirst();
  const L = input.locale;
  const title = localized(call.content.title, L);
  await enqueue(db, "send-mail", {
    to: email,
    subject: t(L, `mail.teamInvite.${input.role}Subject`, { title }),
    text: t(L, `mail.teamInvite.${input.role}Body`, {
      inviter: inviter?.name ?? "",
      title,
      dossier: dossierName,
      message: input.message?.trim() ? `\n« ${input.message.trim()} »\n` : "",
      link: `${input.appUrl}/equipe/invitations/${token}`,
      days: INVITATION_DAYS,
    }),
  });
  return { token, id };
}

export async function findCallInvitation(db: Kdb, token: string) {
  return db
    .selectFrom("call_invitation")
    .innerJoin("call", "call.id", "call_invitation.call_id")
    .leftJoin("dossier_fact", "dossier_fact.dossier_id", "call_invitation.dossier_id")
    .select([
      "call_invitation.id",
      "call_invitation.call_id",
      "call_invitation.dossier_id",
      "call_invitation.role",
      "call_invitation.email",
      "call_invitation.expires_at",
      "call_invitation.accepted_at",
      "call.content_json",
      "dossier_fact.name as dossier_name",
    ])
    .where("call_invitation.token_hash", "=", hashToken(token))
    .executeTakeFirst();
}

/**
 * Accepting joins the call's team. The link is for the address it was sent to: someone signed in with
 * another account is told so (a forwarded link gives no access to confidential dossiers).
 */
export async function acceptCallInvitation(
  db: Kdb,
  input: { token: string; userId: string; now?: Date },
): Promise<{ callId: string; dossierId: string | null; role: string }> {
  const inv = await findCallInvitation(db, input.token);
  const now = input.now ?? new Date();
  if (!inv) throw new DomainError("invitation.invalid", 404);
  if (inv.accepted_at) throw new DomainError("invitation.used", 410);
  if (new Date(inv.expires_at) < now) throw new DomainError("invitation.expired", 410);
  const user = await db.selectFrom("user").select(["email"]).where("id", "=", input.userId).executeTakeFirstOrThrow();
  if (user.email.toLowerCase() !== inv.email) throw new DomainError("team.otherAccount", 403, { email: inv.email });
  await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable("call_invitation")
      .set({ accepted_at: now.toISOString(), accepted_by: input.userId })
      .where("id", "=", inv.id)
      .where("accepted_at", "is", null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new DomainError("invitation.used", 410);
    const existing = await trx
      .selectFrom("call_member")
      .select("role")
      .where("call_id", "=", inv.call_id)
      .where("user_id", "=", input.userId)
      .executeTakeFirst();
    // An invitation never lowers a role: expert < reviewer < organiser.
    const rank = { expert: 0, reviewer: 1, organiser: 2 } as const;
    if (!existing) {
      await trx
        .insertInto("call_member")
        .values({ call_id: inv.call_id, user_id: input.userId, role: inv.role, invited_by: inv.id, created_at: now.toISOString() })
        .execute();
    } else if (rank[inv.role] > rank[existing.role]) {
      await trx
        .updateTable("call_member")
        .set({ role: inv.role })
        .where("call_id", "=", inv.call_id)
        .where("user_id", "=", input.userId)
        .execute();
    }
    if (inv.dossier_id) {
      await trx
        .insertInto("review_assignment")
        .values({ dossier_id: inv.dossier_id, reviewer_id: input.userId, assigned_by: inv.id, assigned_at: now.toISOString() })
        .onConflict((oc) => oc.columns(["dossier_id", "reviewer_id"]).doNothing())
        .execute();
    }
  });
  return { callId: inv.call_id, dossierId: inv.dossier_id, role: inv.role };
}

/** The call's reviewers and experts, by name (the list's reviewer filter). */
export async function reviewersOfCall(db: Kdb, callId: string) {
  return (await reviewersQuery(db, callId)).rows;
}
// Compiled once: the list page asks for it at every request (issue 11).
const reviewersQuery = reusableQuery((db: Kdb, callId: string) =>
  db
    .selectFrom("call_member")
    .innerJoin("user", "user.id", "call_member.user_id")
    .select(["user.id", "user.name"])
    .where("call_member.call_id", "=", callId)
    .where("call_member.role", "!=", "organiser")
    .orderBy(frenchOrder(db, "user.name")),
);

/** The team with each person's load, and the invitations still waiting. */
export async function teamOfCall(db: Kdb, callId: string) {
  const members = await db
    .selectFrom("call_member")
    .innerJoin("user", "user.id", "call_member.user_id")
    .select(["user.id", "user.name", "user.email", "call_member.role", "call_member.max_load"])
    .where("call_member.call_id", "=", callId)
    .orderBy(frenchOrder(db, "user.name"))
    .execute();
  const assigned = await db
    .selectFrom("review_assignment")
    .innerJoin("dossier", "dossier.id", "review_assignment.dossier_id")
    .select(["review_assignment.reviewer_id", db.fn.countAll<number>().as("n")])
    .where("dossier.call_id", "=", callId)
    .groupBy("review_assignment.reviewer_id")
    .execute();
  const reviewed = await db
    .selectFrom("review")
    .innerJoin("dossier", "dossier.id", "review.dossier_id")
    .select(["review.reviewer_id", db.fn.countAll<number>().as("n")])
    .where("dossier.call_id", "=", callId)
    .groupBy("review.reviewer_id")
    .execute();
  const invitations = await db
    .selectFrom("call_invitation")
    .leftJoin("dossier_fact", "dossier_fact.dossier_id", "call_invitation.dossier_id")
    .select([
      "call_invitation.id",
      "call_invitation.email",
      "call_invitation.role",
      "call_invitation.created_at",
      "call_invitation.expires_at",
      "dossier_fact.name as dossier_name",
    ])
    .where("call_invitation.call_id", "=", callId)
    .where("call_invitation.accepted_at", "is", null)
    .orderBy("call_invitation.created_at", "desc")
    .execute();
  const count = (rows: { reviewer_id: string; n: number }[], id: string) => Number(rows.find((r) => r.reviewer_id === id)?.n ?? 0);
  return {
    members: members.map((m) => ({ ...m, assigned: count(assigned, m.id), reviewed: count(reviewed, m.id) })),
    invitations,
  };
}

/**
 * Assigns a reviewer by hand: a team member, not from the dossier's organisation, without a declared
 * conflict. With `appUrl` the reviewer is e-mailed; true when the assignment is new.
 */
export async function assignManually(
  db: Kdb,
  input: { dossierId: string; reviewerId: string; actorId: string; appUrl?: string; now?: Date },
): Promise<boolean> {
  const dossier = await db
    .selectFrom("dossier")
    .select(["call_id", "organization_id", "state"])
    .where("id", "=", input.dossierId)
    .executeTakeFirst();
  if (!dossier || !REVIEWABLE.includes(dossier.state)) throw new NotFound();
  await assertOrganisesCall(db, input.actorId, dossier.call_id);
  const member = await db
    .selectFrom("call_member")
    .select("role")
    .where("call_id", "=", dossier.call_id)
    .where("user_id", "=", input.reviewerId)
    .executeTakeFirst();
  if (!member || member.role === "organiser") throw new DomainError("team.notReviewer", 400);
  const own = await db
    .selectFrom("membership")
    .select("user_id")
    .where("organization_id", "=", dossier.organization_id)
    .where("user_id", "=", input.reviewerId)
    .executeTakeFirst();
  if (own) throw new DomainError("team.ownOrganisation", 409);
  const conflict = await db
    .selectFrom("conflict_declaration")
    .select("reviewer_id")
    .where("dossier_id", "=", input.dossierId)
    .where("reviewer_id", "=", input.reviewerId)
    .executeTakeFirst();
  if (conflict) throw new DomainError("team.conflictDeclared", 409);
  const now = input.now ?? new Date();
  const inserted = await db
    .insertInto("review_assignment")
    .values({ dossier_id: input.dossierId, reviewer_id: input.reviewerId, assigned_by: input.actorId, assigned_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["dossier_id", "reviewer_id"]).doNothing())
    .executeTakeFirst();
  // The reviewer hears of it (once: assigning again changes nothing).
  const call = input.appUrl && Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? await findCallById(db, dossier.call_id) : null;
  if (call && input.appUrl)
    await notifyAssigned(db, { call: call.content, callId: call.id, added: [{ reviewerId: input.reviewerId }], appUrl: input.appUrl, now });
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Removes an assignment; a review already written stays (and still counts) unless the organiser deletes it. */
export async function unassign(db: Kdb, input: { dossierId: string; reviewerId: string; actorId: string }): Promise<void> {
  const dossier = await db.selectFrom("dossier").select("call_id").where("id", "=", input.dossierId).executeTakeFirst();
  if (!dossier) throw new NotFound();
  await assertOrganisesCall(db, input.actorId, dossier.call_id);
  await db.deleteFrom("review_assignment").where("dossier_id", "=", input.dossierId).where("reviewer_id", "=", input.reviewerId).execute();
}

/** Assignments of every reviewable dossier of a call (for the assignment page). */
export async function assignmentsOfCall(db: Kdb, callId: string) {
  const dossiers = await db
    .selectFrom("dossier")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .select(["dossier.id", "dossier_fact.name", "dossier_fact.departement", "dossier.state"])
    .where("dossier.call_id", "=", callId)
    .where("dossier.state", "in", REVIEWABLE)
    .orderBy(frenchOrder(db, "dossier_fact.name"))
    .execute();
  const ids = dossiers.map((d) => d.id);
  const assignments = ids.length
    ? await db
        .selectFrom("review_assignment")
        .innerJoin("user", "user.id", "review_assignment.reviewer_id")
        .leftJoin("review", (j) =>
          j
            .onRef("review.dossier_id", "=", "review_assignment.dossier_id")
            .onRef("review.reviewer_id", "=", "review_assignment.reviewer_id"),
        )
        .select(["review_assignment.dossier_id", "review_assignment.reviewer_id", "user.name", "review.updated_at as reviewed_at"])
        .where("review_assignment.dossier_id", "in", ids)
        .execute()
    : [];
  const conflicts = ids.length
    ? await db
        .selectFrom("conflict_declaration")
        .innerJoin("user", "user.id", "conflict_declaration.reviewer_id")
        .select(["conflict_declaration.dossier_id", "conflict_declaration.reviewer_id", "user.name", "conflict_declaration.reason"])
        .where("conflict_declaration.dossier_id", "in", ids)
        .execute()
    : [];
  return dossiers.map((d) => ({
    ...d,
    reviewers: assignments.filter(
      (a) => a.dossier_id === d.id && !conflicts.some((c) => c.dossier_id === d.id && c.reviewer_id === a.reviewer_id),
    ),
    conflicts: conflicts.filter((c) => c.dossier_id === d.id),
  }));
}

/** Calls a person organises as a member of their team (platform organisers see every call in Administration). */
export async function callsOrganisedBy(db: Kdb, userId: string) {
  return db
    .selectFrom("call_member")
    .innerJoin("call", "call.id", "call_member.call_id")
    .select(["call.id", "call.content_json"])
    .where("call_member.user_id", "=", userId)
    .where("call_member.role", "=", "organiser")
    .execute();
}

/** What a reviewer or expert has to do, every call together; conflicted dossiers are left out. */
export async function assignmentsOf(db: Kdb, userId: string) {
  const rows = await db
    .selectFrom("review_assignment")
    .innerJoin("dossier", "dossier.id", "review_assignment.dossier_id")
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .innerJoin("call", "call.id", "dossier.call_id")
    .leftJoin("review", (j) =>
      j.onRef("review.dossier_id", "=", "review_assignment.dossier_id").onRef("review.reviewer_id", "=", "review_assignment.reviewer_id"),
    )
    .leftJoin("conflict_declaration", (j) =>
      j
        .onRef("conflict_declaration.dossier_id", "=", "review_assignment.dossier_id")
        .onRef("conflict_declaration.reviewer_id", "=", "review_assignment.reviewer_id"),
    )
    .select([
      "dossier.id",
      "dossier.state",
      "dossier_fact.name",
      "dossier_fact.departement",
      "call.id as call_id",
      "call.content_json",
      "review.updated_at as reviewed_at",
      "conflict_declaration.reason as conflict",
    ])
    .where("review_assignment.reviewer_id", "=", userId)
    .where("dossier.state", "in", REVIEWABLE)
    .orderBy(frenchOrder(db, "dossier_fact.name"))
    .execute();
  return rows.filter((r) => !r.conflict);
}

/** The calls whose team a person belongs to, with their role there (the « my reviews » page groups by call). */
export async function teamCallsOf(db: Kdb, userId: string) {
  const rows = await db
    .selectFrom("call_member")
    .innerJoin("call", "call.id", "call_member.call_id")
    .select(["call.id", "call.content_json", "call_member.role"])
    .where("call_member.user_id", "=", userId)
    .orderBy("call.created_at", "desc")
    .execute();
  const assigned = new Set(
    (
      await db
        .selectFrom("review_assignment")
        .innerJoin("dossier", "dossier.id", "review_assignment.dossier_id")
        .select("dossier.call_id")
        .where("review_assignment.reviewer_id", "=", userId)
        .distinct()
        .execute()
    ).map((r) => r.call_id),
  );
  // An organiser appears here only for the calls where they were given dossiers to review.
  return rows.filter((r) => r.role !== "organiser" || assigned.has(r.id));
}
