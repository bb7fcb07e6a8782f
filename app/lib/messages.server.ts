// The message thread of a dossier for either side: read with unread marks, and a posted message.
import type { AppLoadContext } from "react-router";
import { markRead, messagesOf, postMessage, MAX_MESSAGE_FILES, type MessageSide } from "../domain/applications/messages.server";
import { formatParisDateTime } from "./paris-time";
import { attempt } from "./route-helpers.server";
import { t } from "../i18n/i18n";
import { filesFrom, readForm } from "./form-files.server";

export async function threadFor(context: AppLoadContext, dossierId: string, userId: string, mySide: MessageSide) {
  const db = context.services.db;
  const read = await db
    .selectFrom("message_read")
    .select("read_at")
    .where("dossier_id", "=", dossierId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const messages = await messagesOf(db, dossierId);
  await markRead(db, dossierId, userId);
  return {
    maxFiles: MAX_MESSAGE_FILES,
    maxMb: Math.round(context.services.config.uploadLimits.maxFileBytes / 1048576),
    messages: messages.map((m) => ({
      id: m.id,
      side: m.side,
      body: m.body,
      name: m.name,
      at: formatParisDateTime(m.created_at, context.locale),
      unread: m.side !== mySide && (!read || m.created_at > read.read_at),
      files: m.files,
    })),
  };
}

export async function postFromForm(
  context: AppLoadContext,
  request: Request,
  input: { dossierId: string; userId: string; side: MessageSide },
) {
  const read = await readForm(context, request);
  if (!read.form) return { error: read.error, body: "" };
  const form = read.form;
  const body = String(form.get("body") ?? "");
  const files = await filesFrom(form);
  const r = await attempt(context, () =>
    postMessage(context.services.db, context.services.storage, {
      dossierId: input.dossierId,
      authorId: input.userId,
      side: input.side,
      body,
      files,
      limits: context.services.config.uploadLimits,
      appUrl: context.services.config.appUrl,
    }),
  );
  return r.ok ? { notice: t(context.locale, "messages.sent") } : { error: r.error, body };
}
