// Who opened, downloaded or exported which dossier (issue 8): every access by the call's team (organisers,
// reviewers, experts) and by the charter partner is written here, for administrators to read and for
// the organisation concerned to see its own lines. Applicants' access to their own dossier is not logged.
import { daysBefore, deleteChosenInBatches, type Kdb } from "../db/database.server";
import { newId } from "../lib/ids";

/**
 * How long a line of the access log is kept: a year, the longest of the six months to a year the CNIL
 * recommends for access logs (its 2021 recommendation on logging), so that an organisation still sees who
 * read its dossier from its submission to the decision and beyond.
 */
export const ACCESS_LOG_KEPT_DAYS = 365;

/**
 * Deletes the lines of the access log older than ACCESS_LOG_KEPT_DAYS, a batch at a time; returns how many
 * went. The log took a line at every dossier opened, downloaded or exported by a call's team, and kept each
 * forever: who read which organisation's dossier, and a table growing with every reading (issue 11).
 */
export async function purgeOldAccessLog(db: Kdb, now = new Date()): Promise<number> {
  const before = daysBefore(now, ACCESS_LOG_KEPT_DAYS);
  return deleteChosenInBatches(db, "access_log", (limit) => db.selectFrom("access_log").select("id").where("at", "<", before).limit(limit));
}

export type AccessAction = "view" | "versions" | "messages" | "download" | "preview" | "letter" | "export" | "charter" | "api";

export async function recordAccess(
  db: Kdb,
  input: {
    actorId: string;
    role: string;
    action: AccessAction;
    callId?: string | null;
    dossierId?: string | null;
    organizationId?: string | null;
    detail?: string | null;
    now?: Date;
  },
): Promise<void> {
  let organizationId = input.organizationId ?? null;
  let callId = input.callId ?? null;
  if (input.dossierId && (!organizationId || !callId)) {
    const d = await db.selectFrom("dossier").select(["organization_id", "call_id"]).where("id", "=", input.dossierId).executeTakeFirst();
    organizationId ??= d?.organization_id ?? null;
    callId ??= d?.call_id ?? null;
  }
  await db
    .insertInto("access_log")
    .values({
      id: newId(),
      at: (input.now ?? new Date()).toISOString(),
      actor_id: input.actorId,
      actor_role: input.role,
      action: input.action,
      call_id: callId,
      dossier_id: input.dossierId ?? null,
      organization_id: organizationId,
      detail: input.detail?.slice(0, 300) ?? null,
    })
    .execute();
}

export interface AccessLine {
  at: string;
  actor: string;
  role: string;
  action: string;
  organisation: string | null;
  dossierId: string | null;
  detail: string | null;
}

async function lines(db: Kdb, filter: { organizationId?: string; callId?: string }, limit: number): Promise<AccessLine[]> {
  let q = db
    .selectFrom("access_log")
    .leftJoin("user", "user.id", "access_log.actor_id")
    .leftJoin("organization", "organization.id", "access_log.organization_id")
    .select([
      "access_log.at",
      "user.name as actor",
      "access_log.actor_role",
      "access_log.action",
      "organization.name as organisation",
      "access_log.dossier_id",
      "access_log.detail",
    ]);
  if (filter.organizationId) q = q.where("access_log.organization_id", "=", filter.organizationId);
  if (filter.callId) q = q.where("access_log.call_id", "=", filter.callId);
  const rows = await q.orderBy("access_log.at", "desc").limit(limit).execute();
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor ?? "?",
    role: r.actor_role,
    action: r.action,
    organisation: r.organisation,
    dossierId: r.dossier_id,
    detail: r.detail,
  }));
}

/** The organisation's own lines: who of the team looked at its dossiers, and when. */
export const accessLogOfOrganisation = (db: Kdb, organizationId: string, limit = 500) => lines(db, { organizationId }, limit);
/** Everything, or one call's, for administrators. */
export const accessLog = (db: Kdb, filter: { callId?: string } = {}, limit = 500) => lines(db, filter, limit);
