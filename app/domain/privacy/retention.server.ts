// How long a call keeps the dossiers it did not take (issue 8, ADR 020). Per call, in months: declined
// dossiers (from the decision), withdrawn ones (from the withdrawal) and drafts never submitted (from
// the deadline). A daily job purges what is due, whole (answers, history, files, reviews, messages…),
// and records the purge; the organiser sees beforehand what will go and when; the privacy page is
// written from these same settings, so it never promises what the code does not do.
import { addToStateCount } from "../applications/state-counts.server";
import { requestTurns, type Kdb } from "../../db/database.server";
import type { FileStorage } from "../../files/storage.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { t, type Locale } from "../../i18n/i18n";
import { roleInCall } from "../access/policy.server";
import { effectiveClosesAt, onOwnExtension } from "../calls/calls.server";
import { removeFromIndex } from "../applications/search.server";

import { RETENTION_KINDS, type RetentionKind, type RetentionSettings } from "./retention-kinds";
export { RETENTION_KINDS, type RetentionKind, type RetentionSettings };

/** Defaults, in months: the CNIL's usual advice for unsuccessful applications is two years at most. */
export const DEFAULT_RETENTION: RetentionSettings = { declined: 24, withdrawn: 12, drafts: 6 };
const KEY = (kind: RetentionKind) => `retention.${kind}`;

export async function retentionSettings(db: Kdb, callId: string): Promise<RetentionSettings> {
  const rows = await db
    .selectFrom("call_setting")
    .select(["key", "value"])
    .where("call_id", "=", callId)
    .where("key", "like", "retention.%")
    .execute();
  const out = { ...DEFAULT_RETENTION };
  for (const r of rows) {
    const kind = r.key.slice("retention.".length) as RetentionKind;
    if (RETENTION_KINDS.includes(kind) && Number.isInteger(Number(r.value))) out[kind] = Number(r.value);
  }
  return out;
}

/** The organiser changes a call's periods: whole months, from 1 to 120. */
export async function setRetention(
  db: Kdb,
  input: { callId: string; actorId: string; settings: Record<string, unknown> },
): Promise<RetentionSettings> {
  if ((await roleInCall(db, input.actorId, input.callId)) !== "organiser") throw new NotFound();
  const next = { ...(await retentionSettings(db, input.callId)) };
  for (const kind of RETENTION_KINDS) {
    const raw = input.settings[kind];
    if (raw === undefined || raw === "") continue;
    const months = Number(String(raw).trim());
    if (!Number.isInteger(months) || months < 1 || months > 120) throw new DomainError("retention.invalid", 400);
    next[kind] = months;
  }
  for (const kind of RETENTION_KINDS) {
    await db
      .insertInto("call_setting")
      .values({ call_id: input.callId, key: KEY(kind), value: String(next[kind]) })
      .onConflict((oc) => oc.columns(["call_id", "key"]).doUpdateSet({ value: String(next[kind]) }))
      .execute();
  }
  return next;
}

export function addMonths(iso: string, months: number): Date {
  const d = new Date(iso);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export interface PlannedPurge {
  dossierId: string;
  callId: string;
  organisation: string;
  kind: RetentionKind;
  since: string;
  purgeAt: Date;
}

/** Every dossier of these calls that retention will remove, with when (past dates: due now). */
export async function purgePlan(db: Kdb, callIds: string[]): Promise<PlannedPurge[]> {
  if (callIds.length === 0) return [];
  const out: PlannedPurge[] = [];
  const settings = new Map<string, RetentionSettings>();
  for (const id of callIds) settings.set(id, await retentionSettings(db, id));
  const ended = await db
    .selectFrom("dossier")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .innerJoin("dossier_transition", "dossier_transition.dossier_id", "dossier.id")
    .select(["dossier.id", "dossier.call_id", "dossier.state", "organization.name", "dossier_transition.at", "dossier_transition.event"])
    .where("dossier.call_id", "in", callIds)
    .where((eb) =>
      eb.or([
        eb.and([eb("dossier.state", "=", "declined"), eb("dossier_transition.event", "=", "decline")]),
        eb.and([eb("dossier.state", "=", "withdrawn"), eb("dossier_transition.event", "=", "withdraw")]),
      ]),
    )
    .execute();
  const latest = new Map<string, (typeof ended)[number]>();
  for (const r of ended) if (!latest.has(r.id) || latest.get(r.id)!.at < r.at) latest.set(r.id, r);
  for (const r of latest.values()) {
    const kind: RetentionKind = r.state === "declined" ? "declined" : "withdrawn";
    out.push({
      dossierId: r.id,
      callId: r.call_id,
      organisation: r.name,
      kind,
      since: r.at,
      purgeAt: addMonths(r.at, settings.get(r.call_id)![kind]),
    });
  }
  const drafts = await db
    .selectFrom("dossier")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .innerJoin("call", "call.id", "dossier.call_id")
    .leftJoin("deadline_extension", onOwnExtension)
    .select(["dossier.id", "dossier.call_id", "organization.name", "call.closes_at", "deadline_extension.closes_at as extended"])
    .where("dossier.call_id", "in", callIds)
    .where("dossier.state", "=", "draft")
    .where("dossier.submission_count", "=", 0)
    .execute();
  for (const r of drafts) {
    const since = effectiveClosesAt(r.closes_at, r.extended).toISOString();
    out.push({
      dossierId: r.id,
      callId: r.call_id,
      organisation: r.name,
      kind: "drafts",
      since,
      purgeAt: addMonths(since, settings.get(r.call_id)!.drafts),
    });
  }
  return out.sort((a, b) => a.purgeAt.getTime() - b.purgeAt.getTime() || a.organisation.localeCompare(b.organisation, "fr"));
}

/** Tables that hold a dossier's rows, children first. */
const DOSSIER_TABLES = [
  "message_read",
  "review_comment",
  "dossier_score",
  "decision_answer",
  "dossier_note",
  "dossier_label",
  "review",
  "review_assignment",
  "conflict_declaration",
  "call_invitation",
  "dossier_fact",
  "dossier_answer_fact",
  "dossier_form_change",
  "reminder_sent",
  "pending_save",
  "answer_revision",
  "answer",
  "submission",
  "attachment",
  "message",
  "dossier_transition",
] as const;

/** Removes one dossier whole, then its files; records the purge (organisation name, reason, when). */
export async function purgeDossier(db: Kdb, storage: FileStorage, input: { dossierId: string; reason: string; now?: Date }): Promise<void> {
  const dossier = await db
    .selectFrom("dossier")
    .innerJoin("organization", "organization.id", "dossier.organization_id")
    .select(["dossier.id", "dossier.call_id", "dossier.state", "organization.name"])
    .where("dossier.id", "=", input.dossierId)
    .executeTakeFirst();
  if (!dossier) return;
  const keys: string[] = [];
  for (const a of await db.selectFrom("attachment").select("storage_key").where("dossier_id", "=", dossier.id).execute())
    keys.push(a.storage_key);
  for (const m of await db.selectFrom("message").select("attachments_json").where("dossier_id", "=", dossier.id).execute()) {
    for (const f of JSON.parse(m.attachments_json) as { storageKey?: string }[]) if (f.storageKey) keys.push(f.storageKey);
  }
  await db.transaction().execute(async (trx) => {
    await removeFromIndex(trx, dossier.id);
    for (const table of DOSSIER_TABLES) await trx.deleteFrom(table).where("dossier_id", "=", dossier.id).execute();
    await trx.deleteFrom("dossier").where("id", "=", dossier.id).execute();
    await addToStateCount(trx, { callId: dossier.call_id, state: dossier.state, delta: -1 });
    await trx
      .insertInto("purge_record")
      .values({
        id: newId(),
        call_id: dossier.call_id,
        dossier_id: dossier.id,
        organisation_name: dossier.name,
        reason: input.reason,
        purged_at: (input.now ?? new Date()).toISOString(),
      })
      .execute();
  });
  for (const key of keys) await storage.remove(key).catch(() => undefined);
}

/** The daily job: purges every dossier whose retention has ended. Returns how many went. */
export async function runRetention(db: Kdb, storage: FileStorage, now = new Date()): Promise<number> {
  const calls = await db.selectFrom("call").select("id").execute();
  const due = (
    await purgePlan(
      db,
      calls.map((c) => c.id),
    )
  ).filter((p) => p.purgeAt <= now);
  const letRequestsIn = requestTurns(db);
  for (const p of due) {
    await purgeDossier(db, storage, { dossierId: p.dossierId, reason: p.kind, now });
    await letRequestsIn();
  }
  return due.length;
}

/**
 * Once a day whatever the number of processes: the first to move the day's marker runs the purge.
 * Returns null when another process already did today.
 */
export async function runRetentionOncePerDay(db: Kdb, storage: FileStorage, now = new Date()): Promise<number | null> {
  const today = now.toISOString().slice(0, 10);
  const key = "retention.last_run";
  await db
    .insertInto("app_setting")
    .values({ key, value: "" })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const claimed = await db
    .updateTable("app_setting")
    .set({ value: today })
    .where("key", "=", key)
    .where("value", "<", today)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  return runRetention(db, storage, now);
}

/** What a page tells a person about one kind of dossier in this call. */
export async function retentionSentence(db: Kdb, callId: string, kind: RetentionKind, locale: Locale): Promise<string> {
  const s = await retentionSettings(db, callId);
  return t(locale, `retention.sentence.${kind}`, { months: s[kind] });
}

export async function purgeRecords(db: Kdb, callId: string) {
  return db.selectFrom("purge_record").selectAll().where("call_id", "=", callId).orderBy("purged_at", "desc").limit(200).execute();
}
