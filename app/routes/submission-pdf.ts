import type { Route } from "./+types/submission-pdf";
import { dossierForMember } from "../domain/applications/dossiers.server";
import { submissionPdf } from "../domain/applications/receipt.server";
import { NotFound } from "../lib/errors";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireUser } from "../lib/route-helpers.server";

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const db = context.services.db;
  try {
    const dossier = await dossierForMember(db, user.id, params.id);
    const { pdf, sub, filename } = await submissionPdf(db, params.subId, context.locale);
    if (sub.dossier_id !== dossier.id) throw new NotFound();
    return new Response(new Uint8Array(pdf), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": contentDisposition(filename), "Cache-Control": "private, no-store" },
    });
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}
