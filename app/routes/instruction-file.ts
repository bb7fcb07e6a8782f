import type { Route } from "./+types/instruction-file";
import { assertCanSeeDossier } from "../domain/review/reviews.server";
import { attachmentOfDossier } from "../domain/applications/attachments.server";
import { NotFound } from "../lib/errors";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireUser } from "../lib/route-helpers.server";

/** A submitted dossier's file, for the instruction team (same rules as the dossier itself), as a download. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  try {
    await assertCanSeeDossier(context.services.db, user.id, params.id);
    const file = await attachmentOfDossier(context.services.db, params.id, params.fileId);
    const data = await context.services.storage.get(file.storage_key);
    return new Response(new Uint8Array(data), {
      headers: {
        "Content-Type": file.mime,
        "Content-Disposition": contentDisposition(file.safe_name),
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
