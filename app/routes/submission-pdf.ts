import { submissionPdf } from "../domain/applications/receipt.server";
import { NotFound } from "../lib/errors";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireMemberDossier } from "../lib/route-helpers.server";
import type { Route } from "./+types/submission-pdf";

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const { dossier } = await requireMemberDossier(context, request, params.id);
  try {
    const { pdf, sub, filename } = await submissionPdf(context.services.db, params.subId, context.locale);
    if (sub.dossier_id !== dossier.id) throw new NotFound();
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": contentDisposition(filename),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}
