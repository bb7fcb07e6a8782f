import { namesHidden, phaseOfCall } from "../domain/review/phase-now.server";
import type { Route } from "./+types/instruction-file";
import { assertCanSeeDossier } from "../domain/access/policy.server";
import { attachmentOfDossier } from "../domain/applications/attachments.server";
import { NotFound } from "../lib/errors";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireTeamSecurity, requireUser } from "../lib/route-helpers.server";
import { PREVIEWABLE } from "../forms/previewable";
import { recordAccess } from "../security/access-log.server";

/**
 * A submitted dossier's file, for the instruction team (same rules as the dossier itself): a download,
 * or with ?apercu=1 an inline preview of a PDF or an image, framed only by our own pages.
 */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  try {
    const { role, callId } = await assertCanSeeDossier(context.services.db, user.id, params.id);
    await requireTeamSecurity(context, user, callId);
    const file = await attachmentOfDossier(context.services.db, params.id, params.fileId);
    const data = await context.services.storage.get(file.storage_key);
    const preview = new URL(request.url).searchParams.get("apercu") === "1" && PREVIEWABLE.includes(file.mime);
    await recordAccess(context.services.db, {
      actorId: user.id,
      role,
      action: preview ? "preview" : "download",
      callId,
      dossierId: params.id,
      detail: file.safe_name,
    });
    // While a phase hides applicants' names from reviewers, the file's own name (often the organisation's) is not sent either.
    const hidden = namesHidden(role, await phaseOfCall(context.services.db, callId));
    const extension = /\.[a-z0-9]{1,5}$/i.exec(file.safe_name)?.[0] ?? "";
    const name = hidden ? `piece-${params.fileId.slice(0, 8)}${extension}` : file.safe_name;
    return new Response(new Uint8Array(data), {
      headers: {
        "Content-Type": file.mime,
        "Content-Disposition": contentDisposition(name, preview ? "inline" : "attachment"),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": preview
          ? "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
          : "default-src 'none'; sandbox",
        "X-Frame-Options": preview ? "SAMEORIGIN" : "DENY",
      },
    });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}
