import { parisToday } from "../../lib/paris-time";
import { isPlatformOrganiser } from "../access/policy.server";
import { slugify } from "../applications/receipt.server";
import { organisationForMember } from "../organisations/organisations.server";
// People control their data (issue 8, ADR 020): a person downloads everything Trame holds about them,
// an organisation's members download the organisation's data, and a person deletes their account.
// Deleting erases what is only the person's (sign-in, sessions, two-factor, preferences, registrations
// to come) and replaces their name and address everywhere else: what an organisation submitted stays,
// for the call's retention, under « Personne supprimée ».
import type { Writable } from "node:stream";
import type { Auth } from "../../auth/auth.server";
import { forgetUser } from "../../auth/session.server";
import type { Kdb } from "../../db/database.server";
import type { FileStorage } from "../../files/storage.server";
import { DomainError, NotFound } from "../../lib/errors";
import { writeDataArchive, type FileEntry } from "./data-archive.server";
import { isMember } from "../access/policy.server";
import { RETENTION_KINDS, retentionSettings, type RetentionSettings } from "./retention.server";

type Row = Record<string, unknown>;

/** Keeps JSON columns readable in the export (parsed), and drops secrets whatever the table. */
function clean(rows: Row[]): Row[] {
  return rows.map((r) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(r)) {
      if (/token|password|secret|backupCodes|token_hash/i.test(k)) continue;
      if (typeof v === "string" && /_json$/.test(k)) {
        try {
          out[k.replace(/_json$/, "")] = JSON.parse(v);
          continue;
        } catch {
          /* keep the text */
        }
      }
      out[k] = v;
    }
    return out;
  });
}

const attachmentFiles = (json: string): FileEntry[] =>
  (JSON.parse(json) as { name?: string; storageKey?: string }[])
    .filter((f) => f.storageKey)
    .map((f) => ({ name: f.name ?? "piece", storageKey: f.storageKey! }));

/** Everything Trame holds about one person, as JSON, with the files they sent. */
export async function personalData(db: Kdb, userId: string): Promise<{ json: Record<string, unknown>; files: FileEntry[] }> {
  const user = await db.selectFrom("user").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!user) throw new NotFound();
  const by = async <T extends keyof import("../../db/schema").DB>(table: T, column: string) =>
    clean(
      (await db
        .selectFrom(table as never)
        .selectAll()
        .where(column as never, "=", userId as never)
        .execute()) as Row[],
    );
  const messages = await db.selectFrom("message").selectAll().where("author_id", "=", userId).execute();
  const posts = await db.selectFrom("post").selectAll().where("author_id", "=", userId).execute();
  const uploads = await db
    .selectFrom("attachment")
    .select(["safe_name", "storage_key"])
    .where("uploaded_by", "=", userId)
    .where("deleted_at", "is", null)
    .execute();
  const json = {
    exportedAt: new Date().toISOString(),
    about: "Données personnelles détenues par Trame pour ce compte (règlement général sur la protection des données, article 15 et 20).",
    account: clean([user as Row])[0],
    sessions: clean(
      (await db
        .selectFrom("session")
        .select(["createdAt", "updatedAt", "expiresAt", "ipAddress", "userAgent"])
        .where("userId", "=", userId)
        .execute()) as Row[],
    ),
    twoFactorEnabled: Boolean(user.twoFactorEnabled),
    organisations: clean(
      (await db
        .selectFrom("membership")
        .innerJoin("organization", "organization.id", "membership.organization_id")
        .select(["organization.id", "organization.name", "membership.role", "membership.created_at"])
        .where("membership.user_id", "=", userId)
        .execute()) as Row[],
    ),
    invitationsSent: clean(
      (await db
        .selectFrom("invitation")
        .select(["email", "organization_id", "created_at", "accepted_at"])
        .where("invited_by", "=", userId)
        .execute()) as Row[],
    ),
    answersWritten: await by("answer_revision", "saved_by"),
    submissions: clean(
      (await db
        .selectFrom("submission")
        .select(["id", "dossier_id", "number", "submitted_at"])
        .where("submitted_by", "=", userId)
        .execute()) as Row[],
    ),
    filesSent: uploads.map((u) => u.safe_name),
    messages: clean(messages as Row[]),
    callRoles: await by("call_member", "user_id"),
    reviews: await by("review", "reviewer_id"),
    conflictsDeclared: await by("conflict_declaration", "reviewer_id"),
    notes: await by("dossier_note", "author_id"),
    discussion: await by("review_comment", "author_id"),
    savedViews: await by("saved_view", "user_id"),
    charterSignatures: await by("charter_signature", "signed_by"),
    eventRegistrations: await by("event_registration", "user_id"),
    exchanges: clean(posts as Row[]),
    notificationPreferences: await by("notification_pref", "user_id"),
    experienceSheets: await by("sheet", "created_by"),
    indicatorsDeclared: await by("impact_indicator", "declared_by"),
    accessesMade: await by("access_log", "actor_id"),
  };
  const files: FileEntry[] = [
    ...uploads.map((u) => ({ name: u.safe_name, storageKey: u.storage_key })),
    ...messages.flatMap((m) => attachmentFiles(m.attachments_json)),
    ...posts.flatMap((p) => attachmentFiles(p.attachments_json)),
  ];
  return { json, files };
}

export async function writePersonalData(db: Kdb, storage: FileStorage, userId: string, out: Writable): Promise<void> {
  const { json, files } = await personalData(db, userId);
  await writeDataArchive(out, storage, json, files);
}

/** An organisation's data, for its members: what it sent and received, never the team's notes or reviews. */
export async function organisationData(
  db: Kdb,
  input: { organizationId: string; userId: string },
): Promise<{ json: Record<string, unknown>; files: FileEntry[] }> {
  if (!(await isMember(db, input.userId, input.organizationId))) throw new NotFound();
  const org = await db.selectFrom("organization").selectAll().where("id", "=", input.organizationId).executeTakeFirstOrThrow();
  const dossiers = await db.selectFrom("dossier").selectAll().where("organization_id", "=", org.id).execute();
  const ids = dossiers.map((d) => d.id);
  const inDossiers = async (table: "answer" | "answer_revision" | "submission" | "dossier_transition" | "decision_answer") =>
    ids.length ? clean((await db.selectFrom(table).selectAll().where("dossier_id", "in", ids).execute()) as Row[]) : [];
  const attachments = ids.length
    ? await db
        .selectFrom("attachment")
        .select(["dossier_id", "field_key", "safe_name", "mime", "size", "sha256", "uploaded_at", "storage_key"])
        .where("dossier_id", "in", ids)
        .where("deleted_at", "is", null)
        .execute()
    : [];
  const messages = ids.length ? await db.selectFrom("message").selectAll().where("dossier_id", "in", ids).execute() : [];
  const json = {
    exportedAt: new Date().toISOString(),
    organisation: clean([org as Row])[0],
    members: clean(
      (await db
        .selectFrom("membership")
        .innerJoin("user", "user.id", "membership.user_id")
        .select(["user.name", "user.email", "membership.role", "membership.created_at"])
        .where("membership.organization_id", "=", org.id)
        .execute()) as Row[],
    ),
    dossiers: clean(dossiers as Row[]),
    answers: await inDossiers("answer"),
    answerHistory: await inDossiers("answer_revision"),
    submissions: await inDossiers("submission"),
    transitions: (await inDossiers("dossier_transition")).filter((tr) =>
      ["submit", "reopen", "resubmit", "return_for_changes", "withdraw"].includes(String(tr.event)),
    ),
    decisionsSent: await inDossiers("decision_answer"),
    attachments: attachments.map(({ storage_key: _, ...a }) => a),
    messages: clean(messages as Row[]),
    charterSignatures: clean(
      (await db.selectFrom("charter_signature").selectAll().where("organization_id", "=", org.id).execute()) as Row[],
    ),
    memberProfiles: clean((await db.selectFrom("member_profile").selectAll().where("organization_id", "=", org.id).execute()) as Row[]),
    hostingRequests: clean(
      (await db
        .selectFrom("host_request")
        .select(["month", "message", "sent_at"])
        .where("organization_id", "=", org.id)
        .execute()) as Row[],
    ),
    indicators: clean((await db.selectFrom("impact_indicator").selectAll().where("organization_id", "=", org.id).execute()) as Row[]),
    experienceSheets: clean((await db.selectFrom("sheet").selectAll().where("organization_id", "=", org.id).execute()) as Row[]),
    accessLog: clean((await db.selectFrom("access_log").selectAll().where("organization_id", "=", org.id).execute()) as Row[]),
  };
  const files: FileEntry[] = [
    ...attachments.map((a) => ({ name: a.safe_name, storageKey: a.storage_key })),
    ...messages.flatMap((m) => attachmentFiles(m.attachments_json)),
  ];
  return { json, files };
}

export async function writeOrganisationData(
  db: Kdb,
  storage: FileStorage,
  input: { organizationId: string; userId: string },
  out: Writable,
): Promise<void> {
  const { json, files } = await organisationData(db, input);
  await writeDataArchive(out, storage, json, files);
}

/** An organisation's data archive for one of its members (NotFound for anyone else): its file name, and how to write it. */
export async function organisationDataArchive(db: Kdb, storage: FileStorage, input: { organizationId: string; userId: string }) {
  const { org } = await organisationForMember(db, input.userId, input.organizationId);
  return {
    filename: `trame-${slugify(org.name) || "organisation"}-${parisToday()}.zip`,
    write: (out: Writable) => writeOrganisationData(db, storage, input, out),
  };
}

export interface DeletionRule {
  /** Dossiers the person's organisations submitted, with what happens to them. */
  dossiers: { organisation: string; call: string; state: string; retention: RetentionSettings }[];
  soleMemberOf: string[];
}

/** What deleting this account will do, shown before confirming. */
export async function deletionRule(db: Kdb, userId: string): Promise<DeletionRule> {
  const rows = await db
    .selectFrom("membership")
    .innerJoin("organization", "organization.id", "membership.organization_id")
    .innerJoin("dossier", "dossier.organization_id", "organization.id")
    .innerJoin("call", "call.id", "dossier.call_id")
    .select(["organization.name", "dossier.state", "call.id as call_id", "call.content_json"])
    .where("membership.user_id", "=", userId)
    .where("dossier.submission_count", ">", 0)
    .execute();
  const dossiers = [];
  for (const r of rows) {
    const title = (JSON.parse(r.content_json) as { title?: { fr?: string } }).title?.fr ?? "";
    dossiers.push({ organisation: r.name, call: title, state: r.state, retention: await retentionSettings(db, r.call_id) });
  }
  const memberships = await db.selectFrom("membership").select("organization_id").where("user_id", "=", userId).execute();
  const soleMemberOf: string[] = [];
  for (const m of memberships) {
    const n = await db
      .selectFrom("membership")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organization_id", "=", m.organization_id)
      .executeTakeFirstOrThrow();
    if (Number(n.n) === 1)
      soleMemberOf.push(
        (await db.selectFrom("organization").select("name").where("id", "=", m.organization_id).executeTakeFirstOrThrow()).name,
      );
  }
  return { dossiers, soleMemberOf };
}

export const DELETED_NAME = "Personne supprimée";

/**
 * Deletes an account after checking its password: sign-in, sessions, two-factor, links and preferences
 * erased; memberships, call roles and registrations to come removed; the name and address replaced
 * wherever the person's actions are part of someone else's record (dossiers, reviews, messages, the
 * charter's signatory). The last administrator cannot delete their account (nobody could run the calls).
 */
export async function deleteAccount(
  db: Kdb,
  auth: Auth,
  input: { userId: string; password: string; headers: Headers; now?: Date },
): Promise<void> {
  const user = await db.selectFrom("user").select(["id", "email", "role"]).where("id", "=", input.userId).executeTakeFirst();
  if (!user) throw new NotFound();
  if (isPlatformOrganiser(user)) {
    const others = await db.selectFrom("user").select("id").where("role", "=", "organiser").where("id", "<>", user.id).executeTakeFirst();
    if (!others) throw new DomainError("account.lastAdministrator", 409);
  }
  const ctx = await auth.$context;
  const credential = await db
    .selectFrom("account")
    .select(["password"])
    .where("userId", "=", user.id)
    .where("providerId", "=", "credential")
    .executeTakeFirst();
  if (!credential?.password || !(await ctx.password.verify({ hash: credential.password, password: input.password })))
    throw new DomainError("account.wrongPassword", 403);
  const now = (input.now ?? new Date()).toISOString();
  await db.transaction().execute(async (trx) => {
    for (const [table, column] of [
      ["session", "userId"],
      ["account", "userId"],
      ["twoFactor", "userId"],
      ["notification_pref", "user_id"],
      ["saved_view", "user_id"],
      ["message_read", "user_id"],
      ["membership", "user_id"],
      ["call_member", "user_id"],
    ] as const) {
      await trx
        .deleteFrom(table as never)
        .where(column as never, "=", user.id as never)
        .execute();
    }
    await trx.deleteFrom("verification").where("identifier", "like", `%${user.email}%`).execute();
    await trx.deleteFrom("verification").where("value", "like", `%${user.email}%`).execute();
    await trx.deleteFrom("invitation").where("email", "=", user.email).where("accepted_at", "is", null).execute();
    await trx.deleteFrom("call_invitation").where("email", "=", user.email).where("accepted_at", "is", null).execute();
    // Registrations to events still to come are cancelled; past attendance stays, under the pseudonym.
    const upcoming = await trx.selectFrom("community_event").select("id").where("starts_at", ">", now).execute();
    if (upcoming.length)
      await trx
        .deleteFrom("event_registration")
        .where("user_id", "=", user.id)
        .where(
          "event_id",
          "in",
          upcoming.map((e) => e.id),
        )
        .execute();
    await trx
      .updateTable("charter_signature")
      .set({ signatory_name: DELETED_NAME, signatory_role: "" })
      .where("signed_by", "=", user.id)
      .execute();
    await trx
      .updateTable("user")
      .set({
        name: DELETED_NAME,
        email: `supprime-${user.id}@trame.invalid`,
        image: null,
        emailVerified: 0 as never,
        role: "deleted",
        locale: "fr",
        twoFactorEnabled: 0 as never,
      })
      .where("id", "=", user.id)
      .execute();
  });
  await forgetUser(db, user.id);
}

export { RETENTION_KINDS };
