import type { Route } from "./+types/call-template-pdf";
import { findCallBySlug, formDefinition } from "../domain/calls/calls.server";
import { renderDossierPdf } from "../domain/applications/dossier-pdf.server";
import { contentDisposition } from "../lib/http.server";
import { notFound } from "../lib/route-helpers.server";

export async function loader({ params, context }: Route.LoaderArgs) {
  const call = await findCallBySlug(context.services.db, params.slug);
  if (!call || call.status !== "published") notFound(context);
  const form = await formDefinition(context.services.db, call.formVersionId);
  const pdf = await renderDossierPdf({
    content: call.content,
    timeline: call.timeline,
    form,
    answers: null,
    attachments: [],
    locale: context.locale,
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(`trame-${call.slug}.pdf`),
      "Cache-Control": "public, max-age=300",
    },
  });
}
