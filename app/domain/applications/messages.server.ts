// Messages about a dossier between its organisation's members and the call's instruction team, with
// attachments (sniffed like the dossier's files), e-mail notification of the other side, and unread counts.
import { writeOnce, type Kdb } from "../../db/database.server";
import type { FileStorage } from "../../files/storage.server";
import { localized } from "../../forms/definition";
import { isLocale, t, type Locale } from "../../i18n/i18n";
import { enqueue } from "../../jobs/queue.server";
import { DomainError, NotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { formatParisDateTime } from "../../lib/paris-time";
import { recordAccess } from "../../security/access-log.server";
import { assertOrganiserOfDossier, memberOrOrganiser } from "../access/policy.server";
import { findCallById } from "../calls/calls.server";
import { memberEmails } from "../organisations/member-emails.server";
import { sanitiseFileName, sniffType, type UploadLimits } from "./attachments.server";

export type MessageSide = "applicant" | "team";
export interface MessageFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  storageKey: string;
}
export const MAX_MESSAGE = 10000;
export const MAX_MESSAGE_FILES = 5;

export async function postMessage(
  db: Kdb,
  storage: FileStorage,
  input: {
    dossierId: string;
    authorId: string;
    side: MessageSide;
    body: string;
    files: { name: string; data: Buffer; truncated?: boolean }[];
    limits: UploadLimits;
    appUrl: string;
    now?: Date;
  },
): Promise<string> {
  const body = input.body.trim();
  const files = input.files.filter((f) => f.data.length > 0 || f.name);
  if (!body) throw new DomainError("messages.empty", 400);
  if (body.length > MAX_MESSAGE) throw new DomainError("team.textTooLong", 400, { max: MAX_MESSAGE });
  if (files.length > MAX_MESSAGE_FILES) throw new DomainError("messages.tooManyFiles", 400, { max: MAX_MESSAGE_FILES });
  const dossier = await db
    .selectFrom("dossier")
    .select(["id", "call_id", "organization_id", "submission_count"])
    .where("id", "=", input.dossierId)
    .executeTakeFirst();
  // Messages start with the first submission: before, the team does not see the dossier.
  if (!dossier || dossier.submission_count === 0) throw new NotFound();
  // Every file is checked before anything is stored: a bad file refuses the message, and the text stays in the form.
  const checked: { name: string; data: Buffer; mime: string }[] = [];
  for (const f of files) {
    if (f.truncated || f.data.length > input.limits.maxFileBytes)
      throw new DomainError("upload.tooLarge", 413, { max: Math.round(input.limits.maxFileBytes / 1048576) });
    if (f.data.length === 0) throw new DomainError("upload.empty", 400);
    const mime = await sniffType(f.data);
    if (!mime) throw new DomainError("upload.badType", 415);
    checked.push({ name: f.name, data: f.data, mime });
  }
  const id = newId();
  const stored: MessageFile[] = [];
  for (const [i, f] of checked.entries()) {
    const storageKey = `messages/${dossier.id}/${id}/${i}`;
    await storage.put(storageKey, f.data);
    stored.push({ id: String(i), name: sanitiseFileName(f.name, f.mime), mime: f.mime, size: f.data.length, storageKey });
  }
  const at = (input.now ?? new Date()).toISOString();
  // The same message sent twice within a minute (a double click) is kept once.
  const twin = await writeOnce(
    db,
    `message:${dossier.id}:${input.authorId}`,
    (trx, since) =>
      trx
        .selectFrom("message")
        .select("id")
        .where("dossier_id", "=", dossier.id)
        .where("author_id", "=", input.authorId)
        .where("body", "=", body)
        .where("created_at", ">", since)
        .executeTakeFirst(),
    (trx) =>
      trx
        .insertInto("message")
        .values({
          id,
          dossier_id: dossier.id,
          author_id: input.authorId,
          side: input.side,
          body,
          attachments_json: JSON.stringify(stored),
          created_at: at,
        })
        .execute(),
    input.now,
  );
  if (twin) {
    for (const f of stored) await storage.remove(f.storageKey);
    return twin;
  }
  await markRead(db, dossier.id, input.authorId, input.now);
  await notifyOtherSide(db, { dossier, side: input.side, authorId: input.authorId, body, appUrl: input.appUrl });
  return id;
}

async function notifyOtherSide(
  db: Kdb,
  input: {
    dossier: { id: string; call_id: string; organization_id: string };
    side: MessageSide;
    authorId: string;
    body: string;
    appUrl: string;
  },
) {
  const call = await findCallById(db, input.dossier.call_id);
  const author = await db.selectFrom("user").select("name").where("id", "=", input.authorId).executeTakeFirst();
  const fact = await db.selectFrom("dossier_fact").select("name").where("dossier_id", "=", input.dossier.id).executeTakeFirst();
  const excerpt = input.body.length > 600 ? `${input.body.slice(0, 600)}…` : input.body;
  let recipients: { email: string; name: string; locale: "fr" | "en" }[];
  let link: string;
  if (input.side === "team") {
    recipients = await memberEmails(db, input.dossier.organization_id);
    link = `${input.appUrl}/dossiers/${input.dossier.id}/messages`;
  } else {
    const rows = await db
      .selectFrom("user")
      .leftJoin("call_member", (j) => j.onRef("call_member.user_id", "=", "user.id").on("call_member.call_id", "=", input.dossier.call_id))
      .select(["user.email", "user.name", "user.locale"])
      .where((eb) => eb.or([eb("user.role", "=", "organiser"), eb("call_member.role", "=", "organiser")]))
      .execute();
    recipients = rows.map((r) => ({ email: r.email, name: r.name, locale: isLocale(r.locale) ? r.locale : "fr" }));
    link = `${input.appUrl}/instruction/dossiers/${input.dossier.id}#messages`;
  }
  for (const r of recipients) {
    const L = r.locale;
    await enqueue(db, "send-mail", {
      to: r.email,
      subject: t(L, "mail.message.subject", { dossier: fact?.name ?? "", title: call ? localized(call.content.title, L) : "" }),
      text: t(L, "mail.message.body", { name: r.name, author: author?.name ?? "", excerpt, link }),
    });
  }
}

export async function messagesOf(db: Kdb, dossierId: string) {
  const rows = await db
    .selectFrom("message")
    .innerJoin("user", "user.id", "message.author_id")
    .select(["message.id", "message.side", "message.body", "message.attachments_json", "message.created_at", "user.name"])
    .where("message.dossier_id", "=", dossierId)
    .orderBy("message.created_at")
    .execute();
  return rows.map((r) => ({
    ...r,
    files: (JSON.parse(r.attachments_json) as MessageFile[]).map((f) => ({ id: f.id, name: f.name, size: f.size, mime: f.mime })),
  }));
}

export async function messageFile(db: Kdb, messageId: string, fileId: string) {
  const m = await db.selectFrom("message").select(["dossier_id", "attachments_json"]).where("id", "=", messageId).executeTakeFirst();
  if (!m) throw new NotFound();
  const file = (JSON.parse(m.attachments_json) as MessageFile[]).find((f) => f.id === fileId);
  if (!file) throw new NotFound();
  return { dossierId: m.dossier_id, file };
}

export async function markRead(db: Kdb, dossierId: string, userId: string, now?: Date): Promise<void> {
  const at = (now ?? new Date()).toISOString();
  await db
    .insertInto("message_read")
    .values({ dossier_id: dossierId, user_id: userId, read_at: at })
    .onConflict((oc) => oc.columns(["dossier_id", "user_id"]).doUpdateSet({ read_at: at }))
    .execute();
}

/** Messages from the other side that this person has not read yet, per dossier. */
export async function unreadCounts(
  db: Kdb,
  input: { userId: string; dossierIds: string[]; otherSide: MessageSide },
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (input.dossierIds.length === 0) return out;
  const rows = await db
    .selectFrom("message")
    .leftJoin("message_read", (j) =>
      j.onRef("message_read.dossier_id", "=", "message.dossier_id").on("message_read.user_id", "=", input.userId),
    )
    .select(["message.dossier_id", db.fn.countAll<number>().as("n")])
    .where("message.dossier_id", "in", input.dossierIds)
    .where("message.side", "=", input.otherSide)
    .where((eb) => eb.or([eb("message_read.read_at", "is", null), eb("message.created_at", ">", eb.ref("message_read.read_at"))]))
    .groupBy("message.dossier_id")
    .execute();
  for (const r of rows) out.set(r.dossier_id, Number(r.n));
  return out;
}

/** A dossier's thread as one side reads it: messages with unread marks (reading marks them read), and the upload limits. */
export async function threadView(
  db: Kdb,
  input: { dossierId: string; userId: string; side: MessageSide; maxFileBytes: number },
  L: Locale,
) {
  const read = await db
    .selectFrom("message_read")
    .select("read_at")
    .where("dossier_id", "=", input.dossierId)
    .where("user_id", "=", input.userId)
    .executeTakeFirst();
  const messages = await messagesOf(db, input.dossierId);
  await markRead(db, input.dossierId, input.userId);
  return {
    maxFiles: MAX_MESSAGE_FILES,
    maxMb: Math.round(input.maxFileBytes / 1048576),
    messages: messages.map((m) => ({
      id: m.id,
      side: m.side,
      body: m.body,
      name: m.name,
      at: formatParisDateTime(m.created_at, L),
      unread: m.side !== input.side && (!read || m.created_at > read.read_at),
      files: m.files,
    })),
  };
}

/** The team's side of a dossier's thread (organisers only; reading is logged), with the dossier's name. */
export async function teamThreadView(db: Kdb, input: { dossierId: string; userId: string; maxFileBytes: number }, L: Locale) {
  await assertOrganiserOfDossier(db, input.userId, input.dossierId);
  await recordAccess(db, { actorId: input.userId, role: "organiser", action: "messages", dossierId: input.dossierId });
  const fact = await db.selectFrom("dossier_fact").select("name").where("dossier_id", "=", input.dossierId).executeTakeFirst();
  return { id: input.dossierId, name: fact?.name ?? "", ...(await threadView(db, { ...input, side: "team" }, L)) };
}

/** A file attached to a message, for a member of the dossier's organisation or the call's organisers (their download is logged). */
export async function messageFileFor(
  services: { db: Kdb; storage: FileStorage },
  input: { userId: string; messageId: string; fileId: string },
) {
  const { db } = services;
  const { dossierId, file } = await messageFile(db, input.messageId, input.fileId);
  const reader = await memberOrOrganiser(db, input.userId, dossierId);
  if (reader.role === "organiser")
    await recordAccess(db, {
      actorId: input.userId,
      role: "organiser",
      action: "download",
      callId: reader.callId,
      dossierId,
      detail: file.name,
    });
  return { file, data: await services.storage.get(file.storageKey) };
}
