import { signedCharterPdf } from "../domain/charter/charter.server";
import { NotFound } from "../lib/errors";
import { contentDisposition } from "../lib/http.server";
import { notFound, requireUser } from "../lib/route-helpers.server";
import type { Route } from "./+types/charter-pdf";

/** The signed charter as PDF: the organisation's members, the charter partner, administrators. */
export async function loader({ params, context, request }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  try {
    const { pdf, filename } = await signedCharterPdf(context.services.db, { signatureId: params.signatureId, userId: user.id });
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
