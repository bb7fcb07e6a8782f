import { teamFileView } from "../domain/review/dossier-view.server";
import { contentDisposition } from "../lib/http.server";
import { orNotFound, requireDossierTeam } from "../lib/route-helpers.server";
import type { Route } from "./+types/instruction-file";

/**
 * A submitted dossier's file, for the instruction team (same rules as the dossier itself): a download,
 * or with ?apercu=1 an inline preview of a PDF or an image, framed only by our own pages.
 */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { user, role, callId } = await requireDossierTeam(context, request, params.id);
  const preview = new URL(request.url).searchParams.get("apercu") === "1";
  const file = await orNotFound(
    context,
    teamFileView(context.services, { userId: user.id, role, callId, dossierId: params.id, fileId: params.fileId, preview }),
  );
  return new Response(new Uint8Array(file.data), {
    headers: {
      "Content-Type": file.mime,
      "Content-Disposition": contentDisposition(file.name, file.preview ? "inline" : "attachment"),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": file.preview
        ? "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
        : "default-src 'none'; sandbox",
      "X-Frame-Options": file.preview ? "SAMEORIGIN" : "DENY",
    },
  });
}
