import type { Route } from "./+types/message-attachment";
import { messageFile } from "../domain/applications/messages.server";
import { dossierForMember } from "../domain/applications/dossiers.server";
import { assertCanSeeDossier } from "../domain/access/policy.server";
import { NotFound } from "../lib/errors";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireUser } from "../lib/route-helpers.server";
import { recordAccess } from "../security/access-log.server";

/** A message's attachment: for the dossier's members and the call's organisers, always as a download. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = context.services.db;
  try {
    const { dossierId, file } = await messageFile(db, params.messageId, params.fileId);
    const member = await dossierForMember(db, user.id, dossierId).then(
      () => true,
      () => false,
    );
    if (!member) {
      const access = await assertCanSeeDossier(db, user.id, dossierId);
      if (access.role !== "organiser") throw new NotFound();
      await recordAccess(db, {
        actorId: user.id,
        role: access.role,
        action: "download",
        callId: access.callId,
        dossierId,
        detail: file.name,
      });
    }
    const data = await context.services.storage.get(file.storageKey);
    return new Response(new Uint8Array(data), {
      headers: {
        "Content-Type": file.mime,
        "Content-Disposition": contentDisposition(file.name),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
      },
    });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}
