// The message thread of a dossier for either side: read with unread marks, and a posted message.
import type { AppLoadContext } from "react-router";
import { MessageForm } from "../domain/applications/inputs.server";
import { postMessage, type MessageSide } from "../domain/applications/messages.server";
import { parseForm } from "../http/parse-form.server";
import { t } from "../i18n/i18n";
import { filesFrom, readForm } from "./form-files.server";
import { attempt } from "./route-helpers.server";

export async function postFromForm(
  context: AppLoadContext,
  request: Request,
  input: { dossierId: string; userId: string; side: MessageSide },
) {
  const read = await readForm(context, request);
  if (!read.form) return { error: read.error, body: "" };
  const form = read.form;
  const parsed = parseForm(form, MessageForm, context.locale);
  if (!parsed.ok) return { error: Object.values(parsed.errors)[0], body: "" };
  const { body } = parsed.value;
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
