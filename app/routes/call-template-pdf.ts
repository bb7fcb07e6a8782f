import { callTemplatePdf } from "../domain/calls/public-views.server";
import { contentDisposition } from "../lib/http.server";
import { orNotFound } from "../lib/route-helpers.server";
import type { Route } from "./+types/call-template-pdf";

export async function loader({ params, context }: Route.LoaderArgs) {
  const { pdf, filename } = await orNotFound(context, callTemplatePdf(context.services.db, params.slug, context.locale));
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(filename),
      "Cache-Control": "public, max-age=300",
    },
  });
}
